// URL path patterns of edge rules, pure: which paths a rule expression or a page-rule target covers, and whether a
// pattern covers a given path. Shared by the edge adapters (to describe rules) and edge.config-drift (to judge them).

const FIELD = 'http\\.request\\.uri\\.path'
const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"'

/**
 * The path patterns a Cloudflare Rules-language expression tests: `eq` and `in {…}` give exact paths,
 * `starts_with` and `wildcard` give `prefix*`, `contains` gives `*part*`, a simple `matches "^/x"` gives `/x*`.
 * An expression with no path test (`true`, only cookies or hosts) covers every path: `['*']`.
 */
export function expressionPaths(expression: string): string[] {
  const paths: string[] = []
  const add = (re: RegExp, map: (m: RegExpExecArray) => string[]): void => {
    for (const m of expression.matchAll(new RegExp(re.source, 'g'))) paths.push(...map(m))
  }
  add(new RegExp(`${FIELD}\\s+(?:eq|==)\\s+${QUOTED}`), (m) => [m[1]!])
  add(new RegExp(`${FIELD}\\s+in\\s+\\{([^}]*)\\}`), (m) =>
    [...m[1]!.matchAll(/"([^"]*)"/g)].map((q) => q[1]!),
  )
  add(new RegExp(`starts_with\\(\\s*${FIELD}\\s*,\\s*${QUOTED}\\s*\\)`), (m) => [`${m[1]!}*`])
  add(new RegExp(`${FIELD}\\s+(?:wildcard|strict wildcard)\\s+${QUOTED}`), (m) => [m[1]!])
  add(new RegExp(`${FIELD}\\s+contains\\s+${QUOTED}`), (m) => [`*${m[1]!}*`])
  add(new RegExp(`${FIELD}\\s+(?:matches|~)\\s+${QUOTED}`), (m) => {
    const simple = /^\^(\/[A-Za-z0-9/_.-]*)$/.exec(m[1]!.replace(/\\\//g, '/').replace(/\.\*$/, ''))
    return [simple ? `${simple[1]!}*` : `~${m[1]!}`]
  })
  return paths.length > 0 ? [...new Set(paths)] : ['*']
}

/** The path part of a page-rule URL target such as `*acme.test/api/*` (`*` when it names no path). */
export function targetPath(target: string): string {
  const withoutScheme = target.replace(/^[a-z*]+:\/\//i, '')
  const slash = withoutScheme.indexOf('/')
  if (slash < 0) return '*'
  const path = withoutScheme.slice(slash)
  return path === '/*' ? '*' : path
}

/** True when `pattern` (exact, with `*` wildcards, or `~regex`) covers `path`. */
export function patternCovers(pattern: string, path: string): boolean {
  if (pattern === '*') return true
  if (pattern.startsWith('~')) {
    try {
      return new RegExp(pattern.slice(1)).test(path)
    } catch {
      return false
    }
  }
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`).test(path)
}

/** The cookie a cache-bypass expression keys on (`http.cookie contains "session"`, `http.request.cookies["sid"]`). */
export function cookieOf(expression: string): string | undefined {
  return (
    /http\.cookie\s+(?:contains|eq|matches)\s+"([^"]+)"/.exec(expression)?.[1] ??
    /http\.request\.cookies\["([^"]+)"\]/.exec(expression)?.[1]
  )
}
