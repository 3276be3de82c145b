// The demo lab's HTTP surface (issue 9): security headers and an edge in front of every host, and the planted
// flaws — a reflected CORS origin with credentials, a `null` origin allowed, an open redirect carrying a token,
// a cached authenticated response, a stack trace on malformed input, an exposed .env and .git/config, a metrics
// console, a session cookie without flags, no CSP on the portal and no edge in front of the API. `fixed` repairs
// each one and keeps the decoys that must not be reported: the portal's catch-all 200 page (any unknown path,
// /.env included, answers the app shell), a public-by-design endpoint open to every origin without credentials, and
// a plain generic 500 for an invoice id that cannot exist (no internals in it).
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { send, type LabAccounts } from './api'
import type { LabMode } from './types'

/** The hosts that get the surface treatment; promo (a GitHub Pages stand-in) and mta-sts stay as they are. */
const PORTAL_HOSTS = new Set([
  'acme.test',
  'www.acme.test',
  'app.acme.test',
  'api.acme.test',
  'help.acme.test',
  'status.acme.test',
  'docs.acme.test',
  'files.acme.test',
])

/** The portal's only trusted origin for credentialed CORS (the fixed API's allow-list). */
const PORTAL_ORIGIN = 'https://app.acme.test'

const CSP =
  "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** The public-by-design endpoint: plans and prices, open to every origin without credentials. */
export const PUBLIC_ENDPOINT = '/api/public/plans'

/** The portal's visitor-session cookie (set on the home page): bare when flawed, `__Host-` and flagged when fixed. */
const VISITOR_COOKIE = { flawed: 'acme_sid', fixed: '__Host-acme_sid' } as const

const hex = (n: number): string => randomBytes(n).toString('hex')

/** A stack trace as an Express app in development mode prints it (paths and line numbers included). */
export function stackTracePage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return [
    `SyntaxError: ${message}`,
    '    at JSON.parse (<anonymous>)',
    '    at parse (/srv/acme-portal/node_modules/body-parser/lib/types/json.js:89:19)',
    '    at /srv/acme-portal/api/src/routes/login.js:42:18',
    '    at Layer.handle [as handle_request] (/srv/acme-portal/node_modules/express/lib/router/layer.js:95:5)',
    '    at next (/srv/acme-portal/node_modules/express/lib/router/route.js:144:13)',
    '',
  ].join('\n')
}

/** A request whose body was read already, replayed with the same method, URL and headers for the next handler. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), {
    method: req.method,
    url: req.url,
    headers: req.headers,
  }) as unknown as IncomingMessage
}

/** Reads a request body (up to 64 KB). */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= 64 * 1024) chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** The lab's HTTP surface: default headers and edge on every portal host, and the planted surface flaws. */
export class SurfaceLab {
  /** Values only the flawed lab serves; tests prove none reaches a run file. */
  readonly planted = {
    envPassword: `pw-${hex(12)}`,
    envSecret: hex(24),
    redirectToken: hex(20),
  }

  /** Every visitor-session cookie value handed out; tests prove none reaches a run file. */
  readonly visitorCookies: string[] = []

  /**
   * Sets the host's default headers, then answers the request itself when it is one of the surface routes, or
   * hands it to `next` (the host's own handler, which answers with these headers already set).
   */
  https(
    mode: LabMode,
    host: string,
    req: IncomingMessage,
    res: ServerResponse,
    accounts: LabAccounts,
    next: (req: IncomingMessage) => void,
  ): void {
    if (!this.route(mode, host, req, res, accounts, next)) next(req)
  }

  private route(
    mode: LabMode,
    host: string,
    req: IncomingMessage,
    res: ServerResponse,
    accounts: LabAccounts,
    next: (req: IncomingMessage) => void,
  ): boolean {
    if (!PORTAL_HOSTS.has(host)) return false
    const flawed = mode === 'flawed'
    this.defaultHeaders(mode, host, res)
    const url = new URL(req.url ?? '/', `https://${host}`)
    const origin = req.headers.origin
    if (host === 'api.acme.test') return this.api(mode, req, res, url, origin, accounts, next)
    if (host !== 'app.acme.test') return false
    // The portal: a misconfigured allow-list that lets `null` in (meant for local file:// testing).
    if (flawed && origin === 'null') {
      res.setHeader('access-control-allow-origin', 'null')
      res.setHeader('access-control-allow-credentials', 'true')
    }
    if (url.pathname === '/') {
      const value = hex(16)
      this.visitorCookies.push(value)
      const cookie = flawed
        ? `${VISITOR_COOKIE.flawed}=${value}; Path=/`
        : `${VISITOR_COOKIE.fixed}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax`
      res.setHeader('set-cookie', cookie)
    }
    const onward =
      url.pathname === '/login' ? (url.searchParams.get('next') ?? url.searchParams.get('redirect')) : null
    if (!flawed) {
      // Decoy: the repaired sign-in page follows `next` only to one of its own paths (one leading "/", so neither
      // "//host" nor "/\\host"), and carries nothing; anything else shows the form.
      if (!onward || req.method !== 'GET' || !/^\/(?![/\\])/.test(onward)) return false
      res.writeHead(302, { location: onward, 'content-length': '0' })
      res.end()
      return true
    }
    if (onward) {
      // An open redirect that also hands the session token to wherever `next` points (the fixed sign-in page
      // follows it only to its own paths).
      const target = new URL(onward, url)
      target.searchParams.set('token', this.planted.redirectToken)
      res.writeHead(302, { location: target.href, 'content-length': '0' })
      res.end()
      return true
    }
    if (url.pathname === '/.env')
      return send(
        res,
        200,
        'text/plain',
        [
          'NODE_ENV=production',
          `DATABASE_URL=postgres://portal:${this.planted.envPassword}@db.acme.internal:5432/portal`,
          `SESSION_SECRET=${this.planted.envSecret}`,
          'LOG_LEVEL=info',
          '',
        ].join('\n'),
      )
    if (url.pathname === '/.git/config')
      return send(
        res,
        200,
        'text/plain',
        '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/portal.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n',
      )
    if (url.pathname === '/.git/HEAD') return send(res, 200, 'text/plain', 'ref: refs/heads/main\n')
    return false
  }

  private defaultHeaders(mode: LabMode, host: string, res: ServerResponse): void {
    const flawed = mode === 'flawed'
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('x-frame-options', 'DENY')
    res.setHeader('referrer-policy', 'strict-origin-when-cross-origin')
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    res.setHeader('cross-origin-opener-policy', 'same-origin')
    if (!(flawed && host === 'app.acme.test')) res.setHeader('content-security-policy', CSP)
    if (!(flawed && host === 'api.acme.test')) {
      res.setHeader('server', 'cloudflare')
      res.setHeader('cf-ray', `${hex(8)}-AMS`)
      res.setHeader('cf-cache-status', 'DYNAMIC')
    }
  }

  private api(
    mode: LabMode,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    origin: string | undefined,
    accounts: LabAccounts,
    next: (req: IncomingMessage) => void,
  ): boolean {
    const flawed = mode === 'flawed'
    // Flawed: every Origin is echoed with credentials. Fixed: only the portal's own origin is trusted.
    const trusted = origin !== undefined && (flawed || origin === PORTAL_ORIGIN)
    if (trusted) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('access-control-allow-credentials', 'true')
    }
    res.setHeader('vary', 'Origin')
    if (url.pathname === PUBLIC_ENDPOINT) {
      // Public by design, preflights included: any origin may read it, never with credentials.
      res.removeHeader('access-control-allow-credentials')
      res.setHeader('access-control-allow-origin', '*')
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-methods': 'GET' })
        res.end()
        return true
      }
      return send(
        res,
        200,
        'application/json',
        JSON.stringify({
          plans: [
            { id: 'starter', eur: 29 },
            { id: 'team', eur: 99 },
          ],
        }),
        { 'cache-control': 'public, max-age=600' },
      )
    }
    if (req.method === 'OPTIONS') {
      const allow = trusted
        ? {
            'access-control-allow-methods': 'GET, POST, PUT, DELETE',
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-max-age': '600',
          }
        : {}
      res.writeHead(204, allow)
      res.end()
      return true
    }
    const invoice = /^\/api\/invoices\/([^/]+)$/.exec(url.pathname)?.[1]
    if (invoice !== undefined && req.method === 'GET' && !/^\d{1,12}$/.test(invoice))
      // Decoy, both modes: an id no invoice can have fails with a plain, generic 500 that reveals nothing.
      return send(
        res,
        500,
        'text/plain; charset=utf-8',
        `Internal Server Error. Something went wrong on our side; quote reference ${hex(6)} to support.\n`,
      )
    if (flawed && url.pathname === '/metrics' && req.method === 'GET')
      return send(
        res,
        200,
        'text/plain; version=0.0.4',
        [
          '# HELP http_requests_total Requests handled, by route and status.',
          '# TYPE http_requests_total counter',
          'http_requests_total{route="/api/login",status="200"} 1289',
          'http_requests_total{route="/api/invoices/:id",status="200"} 40213',
          '# HELP process_resident_memory_bytes Resident memory size in bytes.',
          '# TYPE process_resident_memory_bytes gauge',
          'process_resident_memory_bytes 8.2771968e+07',
          '',
        ].join('\n'),
      )
    if (flawed && url.pathname === '/api/login' && req.method === 'POST') {
      // Malformed JSON reaches a development-mode error handler that prints the stack trace.
      void readBody(req).then((body) => {
        try {
          JSON.parse(body.toString('utf8'))
        } catch (err) {
          send(res, 500, 'text/plain; charset=utf-8', stackTracePage(err))
          return
        }
        next(replay(req, body))
      })
      return true
    }
    if (flawed && url.pathname === '/api/me' && req.method === 'GET') {
      const who = accounts.whoIs(req.headers.authorization)
      // The profile is marked public and cacheable: a shared cache (the edge) may hand it to the next caller.
      if (who)
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({ id: who.id, email: who.username, role: who.role }),
          {
            'cache-control': 'public, max-age=300',
          },
        )
    }
    return false
  }
}
