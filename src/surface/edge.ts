// CDN and edge providers recognised from response headers, each with the header that proves it. Pure.

/** One recognisable trace of a provider: a header name, optionally with a value pattern. */
interface Trace {
  header: string
  value?: RegExp
}

/** Providers and their traces (documented in README, "HTTP surface"). */
export const EDGE_PROVIDERS: readonly { name: string; traces: readonly Trace[] }[] = [
  {
    name: 'Cloudflare',
    traces: [
      { header: 'cf-ray' },
      { header: 'cf-cache-status' },
      { header: 'server', value: /^cloudflare/i },
    ],
  },
  {
    name: 'Fastly',
    traces: [
      { header: 'x-fastly-request-id' },
      { header: 'fastly-debug-digest' },
      { header: 'x-served-by', value: /\bcache-[a-z0-9-]+/i },
    ],
  },
  {
    name: 'Akamai',
    traces: [
      { header: 'akamai-grn' },
      { header: 'x-akamai-transformed' },
      { header: 'x-akamai-request-id' },
      { header: 'server', value: /^AkamaiGHost|^AkamaiNetStorage/i },
    ],
  },
  {
    name: 'Amazon CloudFront',
    traces: [
      { header: 'x-amz-cf-id' },
      { header: 'x-amz-cf-pop' },
      { header: 'via', value: /\(CloudFront\)/i },
      { header: 'x-cache', value: /cloudfront/i },
    ],
  },
  {
    name: 'Azure Front Door',
    traces: [{ header: 'x-azure-ref' }, { header: 'x-fd-healthprobe' }, { header: 'x-msedge-ref' }],
  },
  { name: 'Google Cloud CDN', traces: [{ header: 'via', value: /\b1\.1 google\b/i }] },
  {
    name: 'Vercel',
    traces: [
      { header: 'x-vercel-id' },
      { header: 'x-vercel-cache' },
      { header: 'server', value: /^Vercel/i },
    ],
  },
  { name: 'Netlify', traces: [{ header: 'x-nf-request-id' }, { header: 'server', value: /^Netlify/i }] },
  {
    name: 'Imperva',
    traces: [{ header: 'x-iinfo' }, { header: 'x-cdn', value: /Imperva|Incapsula/i }],
  },
  { name: 'Sucuri', traces: [{ header: 'x-sucuri-id' }, { header: 'server', value: /^Sucuri/i }] },
  { name: 'Bunny CDN', traces: [{ header: 'cdn-pullzone' }, { header: 'server', value: /^BunnyCDN/i }] },
  { name: 'KeyCDN', traces: [{ header: 'server', value: /^keycdn/i }] },
]

/** The providers a response shows, each with the header line that shows it. */
export function edgeProviders(headers: Record<string, string>): { provider: string; evidence: string }[] {
  const found: { provider: string; evidence: string }[] = []
  for (const p of EDGE_PROVIDERS) {
    const hit = p.traces.find((t) => {
      const v = headers[t.header]
      return v !== undefined && (!t.value || t.value.test(v))
    })
    if (hit) found.push({ provider: p.name, evidence: `${hit.header}: ${headers[hit.header]}` })
  }
  return found
}

/** CDN cache-status headers that say a shared cache answered (a hit), with the line that says so. */
function sharedCacheHit(headers: Record<string, string>): string | undefined {
  const checks: [string, RegExp][] = [
    ['cf-cache-status', /^(HIT|STALE|REVALIDATED|UPDATING)$/i],
    ['x-cache', /\bhit\b/i],
    ['x-vercel-cache', /^(HIT|STALE|PRERENDER)$/i],
    ['x-cache-status', /^(HIT|STALE)$/i],
    ['cdn-cache', /^HIT$/i],
    ['x-proxy-cache', /^HIT$/i],
  ]
  for (const [name, pattern] of checks) {
    const v = headers[name]?.trim()
    if (v && pattern.test(v)) return `${name}: ${v}`
  }
  // RFC 9211: `Cache-Status: <cache>; hit`.
  const status = headers['cache-status']
  if (status && /;\s*hit\b/i.test(status)) return `cache-status: ${status}`
  const age = Number(headers.age)
  if (Number.isFinite(age) && age > 0) return `age: ${headers.age}`
  return undefined
}

/** Cache-Control directives by lower-case name (`true` for a bare directive). */
export function cacheDirectives(value: string | undefined): Map<string, string | true> {
  const out = new Map<string, string | true>()
  for (const part of (value ?? '').split(',')) {
    const [name, ...rest] = part.trim().split('=')
    if (!name) continue
    const v = rest.join('=').trim().replace(/^"|"$/g, '')
    out.set(name.toLowerCase(), v === '' ? true : v)
  }
  return out
}

/** How a shared cache (CDN, proxy) may treat an authenticated response, by RFC 9111 and the CDN headers. */
export type AuthCacheVerdict =
  | { kind: 'private'; by: string }
  | { kind: 'served-from-cache'; by: string }
  | { kind: 'shared-cacheable'; by: string }
  | { kind: 'unmarked' }

/**
 * RFC 9111 §3.5: a shared cache stores a response to a request with Authorization only with `public`, `s-maxage`
 * or `must-revalidate`; a cookie does not stop it, so with cookies any freshness (max-age, Expires) lets it store.
 * CDN-Cache-Control and Surrogate-Control speak to the edge alone and override Cache-Control there.
 */
export function authCacheVerdict(
  headers: Record<string, string>,
  carry: 'bearer' | 'cookie',
): AuthCacheVerdict {
  const cc = cacheDirectives(headers['cache-control'])
  const hit = sharedCacheHit(headers)
  if (hit) return { kind: 'served-from-cache', by: hit }
  for (const name of ['cdn-cache-control', 'surrogate-control']) {
    const edge = cacheDirectives(headers[name])
    if (edge.size === 0) continue
    if (edge.has('no-store') || edge.has('private'))
      return { kind: 'private', by: `${name}: ${headers[name]}` }
    if (Number(edge.get('max-age') ?? edge.get('s-maxage') ?? 0) > 0)
      return { kind: 'shared-cacheable', by: `${name}: ${headers[name]}` }
  }
  const line = `cache-control: ${headers['cache-control'] ?? '(none)'}`
  if (cc.has('no-store') || cc.has('private')) return { kind: 'private', by: line }
  if (cc.has('public') || cc.has('s-maxage')) return { kind: 'shared-cacheable', by: line }
  if (carry === 'bearer' && cc.has('must-revalidate')) return { kind: 'shared-cacheable', by: line }
  const fresh = Number(cc.get('max-age') ?? 0) > 0 || (headers.expires !== undefined && !cc.has('no-cache'))
  if (carry === 'cookie' && fresh)
    return {
      kind: 'shared-cacheable',
      by: `${line}${headers.expires ? `; expires: ${headers.expires}` : ''}`,
    }
  return { kind: 'unmarked' }
}
