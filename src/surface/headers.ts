// Security headers of an HTTPS page, read the way browsers read them (CSP Level 3, Fetch, HTML). Pure.
import { Parser } from 'htmlparser2'

/** A parsed Content-Security-Policy: directive name → source list (lower-case names, sources as written). */
export type Csp = Map<string, string[]>

/** Parses one policy; the first occurrence of a directive wins, as CSP §2.2.1 says. */
export function parseCsp(value: string): Csp {
  const policy: Csp = new Map()
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (!name) continue
    const key = name.toLowerCase()
    if (!policy.has(key)) policy.set(key, sources)
  }
  return policy
}

/** The sources that govern scripts: script-src-elem/script-src, falling back to default-src. */
function scriptSources(csp: Csp): string[] | undefined {
  return csp.get('script-src') ?? csp.get('default-src')
}

/** What weakens a policy's script protection; empty when it holds. */
export function cspWeaknesses(csp: Csp): string[] {
  const sources = scriptSources(csp)
  if (!sources) return ['no script-src or default-src: scripts from anywhere may run']
  const lower = sources.map((s) => s.toLowerCase())
  const weak: string[] = []
  // With a nonce or hash (CSP2+), or 'strict-dynamic' (CSP3), browsers ignore 'unsafe-inline'.
  const nonceOrHash = lower.some((s) => /^'(nonce|sha256|sha384|sha512)-/.test(s))
  if (lower.includes("'unsafe-inline'") && !nonceOrHash && !lower.includes("'strict-dynamic'"))
    weak.push("'unsafe-inline' in script sources")
  if (lower.includes("'unsafe-eval'")) weak.push("'unsafe-eval' in script sources")
  const wild = lower.filter(
    (s) => s === '*' || s === 'http:' || s === 'https:' || s === 'data:' || s === 'blob:' || /^\*\./.test(s),
  )
  if (wild.length > 0 && !lower.includes("'strict-dynamic'"))
    weak.push(`wildcard script sources: ${wild.join(' ')}`)
  if (lower.some((s) => s.startsWith('http://'))) weak.push('script sources over plain http://')
  return weak
}

/** The page's policy: the enforced header, else a `<meta http-equiv>` one; report-only is noted, not counted. */
export function pagePolicy(
  headers: Record<string, string>,
  body: string,
): { source: 'header' | 'meta' | 'report-only' | 'none'; value?: string; csp?: Csp } {
  const header = headers['content-security-policy']
  // Several headers arrive joined by ", " (no source expression holds a comma); we judge the first policy.
  if (header) return { source: 'header', value: header, csp: parseCsp(header.split(',')[0]!) }
  const meta = metaValues(body)['content-security-policy']
  if (meta) return { source: 'meta', value: meta, csp: parseCsp(meta) }
  const reportOnly = headers['content-security-policy-report-only']
  if (reportOnly) return { source: 'report-only', value: reportOnly }
  return { source: 'none' }
}

/** Frame protection: CSP frame-ancestors (not `*`), else X-Frame-Options DENY or SAMEORIGIN. */
export function frameProtection(headers: Record<string, string>): string | undefined {
  const header = headers['content-security-policy']
  const ancestors = header ? parseCsp(header).get('frame-ancestors') : undefined
  if (ancestors && ancestors.length > 0 && !ancestors.includes('*'))
    return `Content-Security-Policy: frame-ancestors ${ancestors.join(' ')}`
  const xfo = headers['x-frame-options']?.trim().toUpperCase()
  if (xfo === 'DENY' || xfo === 'SAMEORIGIN') return `X-Frame-Options: ${xfo}`
  return undefined
}

/** Referrer policies that send the full URL to other origins (or over http). */
const LEAKY_REFERRER = new Set(['unsafe-url', 'no-referrer-when-downgrade'])

/** The effective referrer policy (the last valid token of the header, else a meta tag) and whether it leaks. */
export function referrerPolicy(
  headers: Record<string, string>,
  body: string,
): { value?: string; leaky: boolean } {
  const raw = headers['referrer-policy'] ?? metaNames(body).referrer
  const value = raw
    ?.split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .at(-1)
  return { ...(value ? { value } : {}), leaky: !value || LEAKY_REFERRER.has(value) }
}

/** COOP values that isolate the page's browsing context group. */
export function coopIsolates(value: string | undefined): boolean {
  const v = value?.split(';')[0]?.trim().toLowerCase()
  return v === 'same-origin' || v === 'same-origin-allow-popups' || v === 'noopener-allow-popups'
}

/** An `http://` script, stylesheet, frame or other subresource on an HTTPS page. */
export interface MixedResource {
  tag: string
  url: string
  /** Scripts, styles, frames and objects can change the page; images and media only show. */
  active: boolean
}

const SUBRESOURCE: Record<string, { attr: string; active: boolean }> = {
  script: { attr: 'src', active: true },
  iframe: { attr: 'src', active: true },
  frame: { attr: 'src', active: true },
  object: { attr: 'data', active: true },
  embed: { attr: 'src', active: true },
  img: { attr: 'src', active: false },
  audio: { attr: 'src', active: false },
  video: { attr: 'src', active: false },
  source: { attr: 'src', active: false },
}

/** Subresources loaded over plain HTTP (links are navigation, not loads, and do not count). */
export function mixedContent(body: string): MixedResource[] {
  const found: MixedResource[] = []
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'link') {
        const rel = (attrs.rel ?? '').toLowerCase()
        if (/\b(stylesheet|preload|modulepreload|icon)\b/.test(rel) && /^http:\/\//i.test(attrs.href ?? ''))
          found.push({ tag: 'link', url: attrs.href!, active: /stylesheet|preload/.test(rel) })
        return
      }
      const spec = SUBRESOURCE[name]
      const url = spec ? attrs[spec.attr] : undefined
      if (spec && url && /^http:\/\//i.test(url)) found.push({ tag: name, url, active: spec.active })
    },
  })
  parser.write(body)
  parser.end()
  return found
}

/** `<meta http-equiv="X" content="Y">`, by lower-case X. */
function metaValues(body: string): Record<string, string> {
  return metaAttributes(body, 'http-equiv')
}

/** `<meta name="X" content="Y">`, by lower-case X. */
function metaNames(body: string): Record<string, string> {
  return metaAttributes(body, 'name')
}

function metaAttributes(body: string, key: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (!/<meta\b/i.test(body)) return out
  const parser = new Parser({
    onopentag(name, attrs) {
      const k = attrs[key]?.toLowerCase()
      if (name === 'meta' && k && attrs.content !== undefined) out[k] ??= attrs.content
    },
  })
  parser.write(body)
  parser.end()
  return out
}

/** True for a response browsers render as a document (HTML, XHTML). */
export function isHtml(headers: Record<string, string>): boolean {
  return /^(text\/html|application\/xhtml\+xml)\b/i.test(headers['content-type'] ?? '')
}
