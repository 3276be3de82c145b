// The curated list of files and consoles a portal must not serve, and the proof by content for each: a status code
// proves nothing (a catch-all page answers 200 to everything), so a path counts as exposed only when its body reads
// like what the list expects. Proofs return words about the body (variable names, a ref, a format), never values.

/** What an exposed path gives away; the check's outcome of the same name. */
export type ExposureKind =
  'secrets-file' | 'repository' | 'backup' | 'source-map' | 'console' | 'directory-listing' | 'api-docs'

/** The proof that a body is what a path promised, in words; undefined when the body is anything else. */
type Proof = (body: string, contentType: string) => string | undefined

/** One entry of the curated list. */
export interface ExposedPathSpec {
  path: string
  kind: ExposureKind
  /** What the body must be, e.g. `dotenv`: names the proof used. */
  proof: ProofName
}

const looksLikeHtml = (body: string): boolean => /^\s*(<!doctype|<html|<head|<body)/i.test(body)

const DOTENV_LINE = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=/gm

const PROOFS = {
  dotenv(body) {
    if (looksLikeHtml(body)) return undefined
    const names = [...body.matchAll(DOTENV_LINE)].map((m) => m[1]!)
    return names.length >= 2 ? `variables ${[...new Set(names)].slice(0, 8).join(', ')}` : undefined
  },
  gitHead(body) {
    const ref = /^ref: (refs\/[\w./-]+)\s*$/.exec(body)
    if (ref) return `HEAD points at ${ref[1]}`
    return /^[0-9a-f]{40}\s*$/.test(body) ? 'HEAD holds a detached commit id' : undefined
  },
  gitConfig(body) {
    if (!/^\s*\[core\]/m.test(body) || !/repositoryformatversion/.test(body)) return undefined
    const sections = [...body.matchAll(/^\s*\[([a-z]+)(?: "[^"]*")?\]/gm)].map((m) => m[1]!)
    const url = /^\s*url\s*=\s*(\S+)/m.exec(body)?.[1]
    const host = url ? (/^[\w.-]+@([\w.-]+):/.exec(url)?.[1] ?? safeHost(url)) : undefined
    return `git config with sections ${[...new Set(sections)].join(', ')}${host ? `, remote on ${host}` : ''}`
  },
  sqlDump(body) {
    if (looksLikeHtml(body)) return undefined
    const header = /^-- (MySQL|MariaDB|PostgreSQL) database dump/im.exec(body)?.[1]
    const tables = [...body.matchAll(/^CREATE TABLE (?:IF NOT EXISTS )?[`"]?([\w.]+)/gim)].map((m) => m[1]!)
    if (!header && tables.length === 0) return undefined
    return `${header ? `${header} dump` : 'SQL dump'}${tables.length ? ` with tables ${tables.slice(0, 6).join(', ')}` : ''}`
  },
  archive(body) {
    if (body.startsWith('PK\u0003\u0004')) return 'a zip archive'
    if (body.startsWith('\u001f\ufffd\u0008')) return 'a gzip archive'
    return undefined
  },
  phpSource(body) {
    return /^\s*<\?php\b/.test(body) ? 'PHP source code, served as text' : undefined
  },
  vimSwap(body) {
    return body.startsWith('b0VIM ') ? 'a Vim swap file' : undefined
  },
  dsStore(body) {
    return body.slice(4, 8) === 'Bud1' ? 'a macOS .DS_Store listing file names' : undefined
  },
  sourceMap(body) {
    if (!/^\s*\{/.test(body) || !/"version"\s*:\s*3\b/.test(body) || !/"mappings"\s*:/.test(body))
      return undefined
    const content = /"sourcesContent"\s*:\s*\[/.test(body)
    return `source map v3${content ? ' with the original sources (sourcesContent)' : ' (file names and mappings)'}`
  },
  listing(body) {
    if (/<title>\s*Index of \//i.test(body)) return 'an autoindex directory listing'
    if (/<title>\s*Directory listing for \//i.test(body)) return 'a directory listing'
    return undefined
  },
  prometheus(body) {
    const series = [...body.matchAll(/^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/gm)]
    return series.length > 0 ? `Prometheus metrics (${series.length} families)` : undefined
  },
  actuator(body) {
    if (/"_links"\s*:/.test(body) && /actuator/.test(body)) return 'the Spring Boot actuator index'
    if (/"activeProfiles"\s*:/.test(body) && /"propertySources"\s*:/.test(body))
      return 'the Spring Boot actuator environment'
    return undefined
  },
  expvar(body) {
    return /"cmdline"\s*:/.test(body) && /"memstats"\s*:/.test(body)
      ? 'Go expvar (command line, memory)'
      : undefined
  },
  pprof(body) {
    return /Types of profiles available/.test(body) ? 'the Go pprof profiler' : undefined
  },
  serverStatus(body) {
    return /Apache Server Status for/i.test(body) ? 'Apache server-status (clients and URLs)' : undefined
  },
  phpinfo(body) {
    return /phpinfo\(\)/.test(body) && /PHP Version/.test(body) ? 'phpinfo() output' : undefined
  },
  debugConsole(body) {
    if (/Werkzeug/.test(body) && /Interactive Console/i.test(body)) return 'the Werkzeug debug console'
    if (/Symfony Profiler/.test(body)) return 'the Symfony profiler'
    if (/Error Log for/.test(body) && /ELMAH/.test(body)) return 'the ELMAH error log'
    return undefined
  },
  apiDocs(body) {
    if (/^\s*\{/.test(body) && /"(openapi|swagger)"\s*:\s*"\d/.test(body) && /"paths"\s*:/.test(body))
      return 'an OpenAPI document'
    if (/swagger-ui(-bundle)?\.js|id=["']swagger-ui["']/.test(body)) return 'a Swagger UI'
    return undefined
  },
} as const satisfies Record<string, Proof>

/** The proofs, by name. */
export type ProofName = keyof typeof PROOFS

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined
  } catch {
    return undefined
  }
}

const list = (kind: ExposureKind, proof: ProofName, paths: string[]): ExposedPathSpec[] =>
  paths.map((path) => ({ path, kind, proof }))

/**
 * The curated list (README, "HTTP surface"): secrets files, repository metadata, backups and dumps, debug,
 * metrics and admin consoles, directory listings, and API documentation. Source maps are added per page script.
 */
export const EXPOSED_PATHS: readonly ExposedPathSpec[] = [
  ...list('secrets-file', 'dotenv', [
    '/.env',
    '/.env.local',
    '/.env.production',
    '/.env.prod',
    '/.env.staging',
    '/.env.development',
    '/.env.bak',
  ]),
  ...list('repository', 'gitHead', ['/.git/HEAD']),
  ...list('repository', 'gitConfig', ['/.git/config']),
  ...list('backup', 'sqlDump', ['/backup.sql', '/dump.sql', '/db.sql', '/database.sql']),
  ...list('backup', 'archive', ['/backup.zip', '/backup.tar.gz', '/site.zip', '/www.zip']),
  ...list('backup', 'phpSource', ['/index.php.bak', '/config.php.bak', '/wp-config.php.bak', '/index.php~']),
  ...list('backup', 'vimSwap', ['/.index.php.swp']),
  ...list('backup', 'dsStore', ['/.DS_Store']),
  ...list('console', 'prometheus', ['/metrics']),
  ...list('console', 'actuator', ['/actuator', '/actuator/env']),
  ...list('console', 'expvar', ['/debug/vars']),
  ...list('console', 'pprof', ['/debug/pprof/']),
  ...list('console', 'serverStatus', ['/server-status']),
  ...list('console', 'phpinfo', ['/phpinfo.php', '/info.php']),
  ...list('console', 'debugConsole', ['/console', '/_profiler/', '/elmah.axd']),
  ...list('directory-listing', 'listing', ['/uploads/', '/files/', '/backup/', '/assets/']),
  ...list('api-docs', 'apiDocs', [
    '/swagger-ui.html',
    '/swagger-ui/',
    '/swagger.json',
    '/openapi.json',
    '/api-docs',
    '/v2/api-docs',
    '/v3/api-docs',
  ]),
]

/** The source map asked for a same-host script: `<script src>` plus `.map`. */
export function sourceMapPath(scriptPath: string): ExposedPathSpec {
  return { path: `${scriptPath}.map`, kind: 'source-map', proof: 'sourceMap' }
}

/** Whether `body` is what `spec` promised; the words of the proof, or undefined. */
export function prove(
  spec: Pick<ExposedPathSpec, 'proof'>,
  body: string,
  contentType = '',
): string | undefined {
  return (PROOFS[spec.proof] as Proof)(body, contentType)
}
