// Redirect leaks, judged from a Location: where a sign-in, sign-out or redirect endpoint sends the browser, and what
// rides along. An open redirect is proven by the endpoint pointing at a host we named and it cannot know (a canary
// under .invalid, which never resolves, RFC 6761); a token is proven by a secret-bearing parameter in a Location
// that leaves the engagement's hosts. Only the recorded, already redacted Location is read: no value is ever kept.

/** The parameters sign-in pages and redirectors commonly read their destination from. */
export const REDIRECT_PARAMS = [
  'next',
  'redirect',
  'redirect_uri',
  'redirect_url',
  'redirectTo',
  'redirectUrl',
  'return',
  'returnTo',
  'return_to',
  'returnUrl',
  'continue',
  'url',
  'dest',
  'destination',
  'goto',
  'target',
  'callback',
] as const

/** Endpoints that usually redirect (asked on the portal's origin besides the engagement's own sign-in page). */
export const REDIRECT_ENDPOINTS = ['/login', '/logout', '/signin', '/auth/login', '/redirect'] as const

/** The canary host an open redirect is proven with: reserved, so nothing can ever answer for it. */
export function canaryHost(nonce: string): string {
  return `handover-${nonce}.invalid`
}

/** The two shapes a destination is given in: absolute, and protocol-relative (which naive filters let through). */
export function canaryTargets(nonce: string): { shape: 'absolute' | 'protocol-relative'; value: string }[] {
  const host = canaryHost(nonce)
  return [
    { shape: 'absolute', value: `https://${host}/landing` },
    { shape: 'protocol-relative', value: `//${host}/landing` },
  ]
}

/** The URL of `path` on `origin` with every redirect parameter (or only `param`) set to `value`. */
export function withRedirectParams(origin: string, path: string, value: string, param?: string): string {
  const url = new URL(path, origin)
  for (const p of param ? [param] : REDIRECT_PARAMS) url.searchParams.set(p, value)
  return url.href
}

/** Where a redirect goes, read from a recorded (redacted) Location or Refresh header and the request's URL. */
export interface RedirectTarget {
  /** The destination, as recorded (secret values already replaced by the network layer). */
  location: string
  host: string
  /** Query parameters whose value was a secret (the redactor replaced it), or `path` for a token in the path. */
  carries: string[]
}

/** The destination of a response: its Location, else the URL of a `Refresh: 0; url=…` header. */
export function redirectTarget(
  requestUrl: string,
  headers: Readonly<Record<string, string>>,
): RedirectTarget | undefined {
  const raw = headers['location'] ?? /url\s*=\s*['"]?([^'"\s]+)/i.exec(headers['refresh'] ?? '')?.[1]
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw, requestUrl)
  } catch {
    return undefined
  }
  const carries = [...url.searchParams.entries()]
    .filter(([, v]) => v === 'redacted' || v.startsWith('[redacted'))
    .map(([k]) => k)
  if (/\[redacted/.test(decodeURIComponent(url.pathname))) carries.push('path')
  return { location: raw, host: url.hostname.toLowerCase(), carries }
}

const INTERNAL_SUFFIXES = [
  '.internal',
  '.local',
  '.localdomain',
  '.corp',
  '.lan',
  '.intranet',
  '.home.arpa',
  '.cluster.local',
  '.svc',
]

/** True for names and addresses only a private network resolves: loopback, RFC 1918, link-local, `.internal`… */
export function isInternalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h)
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])]
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    )
  }
  if (h.includes(':')) return h === '::1' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h)
  if (!h.includes('.')) return true
  return INTERNAL_SUFFIXES.some((s) => h.endsWith(s))
}
