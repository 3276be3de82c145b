// Strict-Transport-Security parsing as RFC 6797 §6.1 describes it.

/** A parsed Strict-Transport-Security header. */
export interface HstsPolicy {
  maxAge: number
  includeSubDomains: boolean
  preload: boolean
}

/** Parses one header value; returns a reason string when browsers would ignore it. */
export function parseHsts(header: string): HstsPolicy | string {
  const seen = new Set<string>()
  let maxAge: number | undefined
  let includeSubDomains = false
  let preload = false
  for (const raw of directives(header)) {
    const part = raw.trim()
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase()
    let value = eq === -1 ? undefined : part.slice(eq + 1).trim()
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return `"${name}" is not a directive name`
    if (seen.has(name)) return `the ${name} directive appears twice`
    seen.add(name)
    if (value?.startsWith('"')) {
      if (!value.endsWith('"') || value.length < 2) return `unterminated quoted value for ${name}`
      value = value.slice(1, -1)
    }
    if (name === 'max-age') {
      if (value === undefined || !/^\d+$/.test(value)) return 'max-age is not a number of seconds'
      maxAge = Number(value)
    } else if (name === 'includesubdomains') {
      if (value !== undefined) return 'includeSubDomains takes no value'
      includeSubDomains = true
    } else if (name === 'preload') {
      preload = true
    }
  }
  if (maxAge === undefined) return 'max-age is missing'
  return { maxAge, includeSubDomains, preload }
}

/** One year in seconds: the minimum max-age worth having (and what preload lists ask for). */
export const ONE_YEAR = 31_536_000

/** Splits on `;` outside quoted strings (a quoted value may hold `;` and `\"` escapes). */
function directives(header: string): string[] {
  const out: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < header.length; i++) {
    const ch = header[i]!
    if (quoted && ch === '\\') {
      current += ch + (header[i + 1] ?? '')
      i++
      continue
    }
    if (ch === '"') quoted = !quoted
    if (ch === ';' && !quoted) {
      out.push(current)
      current = ''
    } else current += ch
  }
  out.push(current)
  return out
}
