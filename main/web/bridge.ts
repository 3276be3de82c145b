// Web mode: the renderer and the contract served on 127.0.0.1. A one-time token from the printed URL is
// exchanged for an HttpOnly SameSite=Strict cookie; every request must come from a loopback address, name our
// own Host (against DNS rebinding) and, when it carries an Origin, our own origin (against CSRF). No CORS.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import type { BridgeResult, EventChannel, Events } from '../contract'

/** The CSP of the web mode: like the desktop window's, plus same-origin fetch and event stream. */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

const COOKIE = 'handover-session'
const MAX_BODY = 30 * 1024 * 1024
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
}

/** One recorded piece of bridge traffic (tests grep all of it for secrets). */
export interface TrafficEntry {
  direction: 'request' | 'response' | 'event'
  channel: string
  body: string
}

/** What the bridge serves and how it reaches the engine. */
export interface BridgeOptions {
  dispatch(channel: string, args: unknown): Promise<BridgeResult<unknown>>
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** Records every request and response body and every event, for tests. */
  tap?: (entry: TrafficEntry) => void
}

/** True for 127.0.0.0/8 and ::1, plain or IPv4-mapped. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return v4 === '::1' || /^127(\.\d{1,3}){3}$/.test(v4)
}

function tokenEquals(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === COOKIE) return v.join('=')
  }
  return undefined
}

/** The request handler of the web bridge, with the state of its one-time token and sessions. */
export class WebBridge {
  /** The one-time token printed in the URL. */
  readonly token = randomBytes(32).toString('base64url')
  private tokenUsed = false
  private readonly sessions = new Set<string>()
  private readonly streams = new Set<ServerResponse>()
  private port = 0
  private index: string | undefined

  constructor(private readonly options: BridgeOptions) {}

  /** Sets the port the server listens on: Host and Origin are checked against it. */
  listening(port: number): void {
    this.port = port
  }

  /** The URL to print: the token in it works once. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/?token=${this.token}`
  }

  /** Sends an event to every open page. */
  broadcast<E extends EventChannel>(channel: E, payload: Events[E]): void {
    const data = JSON.stringify(payload)
    this.options.tap?.({ direction: 'event', channel, body: data })
    for (const res of this.streams) res.write(`event: ${channel}\ndata: ${data}\n\n`)
  }

  /** Ends every event stream (when the server stops). */
  closeStreams(): void {
    for (const res of this.streams) res.end()
    this.streams.clear()
  }

  /** Handles one HTTP request. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.route(req, res).catch(() => {
      if (!res.headersSent) this.plain(res, 500, 'The Handover server failed on this request.')
      else res.end()
    })
  }

  private headers(res: ServerResponse, type: string): void {
    res.setHeader('content-type', type)
    res.setHeader('content-security-policy', WEB_CSP)
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('referrer-policy', 'no-referrer')
    res.setHeader('x-frame-options', 'DENY')
    res.setHeader('cross-origin-opener-policy', 'same-origin')
    res.setHeader('cross-origin-resource-policy', 'same-origin')
    res.setHeader('cache-control', 'no-store')
  }

  private plain(res: ServerResponse, status: number, text: string): void {
    this.headers(res, 'text/plain; charset=utf-8')
    res.statusCode = status
    res.end(`${text}\n`)
  }

  private json(res: ServerResponse, status: number, body: BridgeResult<unknown>, channel: string): void {
    const text = JSON.stringify(body)
    this.options.tap?.({ direction: 'response', channel, body: text })
    this.headers(res, 'application/json')
    res.statusCode = status
    res.end(text)
  }

  private refuse(res: ServerResponse, status: number, code: string, message: string, api: boolean): void {
    if (api) this.json(res, status, { ok: false, error: { code, message } }, '')
    else this.plain(res, status, message)
  }

  /** Host must be our own 127.0.0.1 or localhost with our port; Origin, when sent, must match it. */
  private sameSite(req: IncomingMessage): string | undefined {
    const allowed = [`127.0.0.1:${this.port}`, `localhost:${this.port}`]
    const host = req.headers.host ?? ''
    if (!allowed.includes(host)) return `Host "${host}" is not this server (DNS rebinding refused).`
    const origin = req.headers.origin
    if (origin !== undefined && origin !== `http://${host}`)
      return `Origin "${origin}" is not this server (cross-site request refused).`
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return `A ${site} request is refused.`
    return undefined
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const api = url.pathname.startsWith('/bridge/')
    if (!isLoopback(req.socket.remoteAddress)) {
      this.refuse(res, 403, 'BRIDGE_ADDRESS', 'Only this computer may use the Handover server.', api)
      return
    }
    const foreign = this.sameSite(req)
    if (foreign) {
      this.refuse(res, 403, 'BRIDGE_ORIGIN', foreign, api)
      return
    }
    if (req.method === 'OPTIONS') {
      // No CORS: a preflight gets no Access-Control-* header, so a foreign page can never read an answer.
      this.refuse(res, 405, 'BRIDGE_METHOD', 'Cross-origin requests are not served.', api)
      return
    }
    const token = url.searchParams.get('token')
    if (token !== null && req.method === 'GET' && url.pathname === '/') {
      this.exchange(token, res)
      return
    }
    const session = cookieOf(req)
    if (!session || !this.sessions.has(session)) {
      this.refuse(
        res,
        401,
        'BRIDGE_AUTH',
        'Open the link that `handover ui --web` printed: this page needs its one-time token.',
        api,
      )
      return
    }
    if (url.pathname === '/bridge/events' && req.method === 'GET') return this.events(req, res)
    if (url.pathname.startsWith('/bridge/invoke/') && req.method === 'POST')
      return this.invoke(req, res, url.pathname.slice('/bridge/invoke/'.length))
    if (api) {
      this.refuse(res, 404, 'BRIDGE_ROUTE', 'There is no such bridge route.', true)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      this.refuse(res, 405, 'BRIDGE_METHOD', 'Only GET serves the app.', false)
      return
    }
    return this.file(url.pathname, res)
  }

  private exchange(token: string, res: ServerResponse): void {
    if (this.tokenUsed || !tokenEquals(token, this.token)) {
      this.plain(
        res,
        403,
        'This link has already been used or is not valid. Restart `handover ui --web` for a new one.',
      )
      return
    }
    this.tokenUsed = true
    const session = randomBytes(32).toString('base64url')
    this.sessions.add(session)
    this.headers(res, 'text/plain; charset=utf-8')
    res.setHeader('set-cookie', `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`)
    // The token leaves the address bar and history at once.
    res.setHeader('location', '/')
    res.statusCode = 303
    res.end()
  }

  private events(req: IncomingMessage, res: ServerResponse): void {
    this.headers(res, 'text/event-stream')
    res.statusCode = 200
    res.write(': connected\n\n')
    this.streams.add(res)
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(ping)
      this.streams.delete(res)
    })
  }

  private async invoke(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (!req.headers.origin) {
      this.refuse(res, 403, 'BRIDGE_ORIGIN', 'A request without an Origin header is refused.', true)
      return
    }
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      this.refuse(res, 415, 'BRIDGE_TYPE', 'Requests must be JSON.', true)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) {
        this.refuse(res, 413, 'BRIDGE_SIZE', 'The request is too large.', true)
        req.destroy()
        return
      }
      chunks.push(chunk as Buffer)
    }
    const text = Buffer.concat(chunks).toString('utf8')
    this.options.tap?.({ direction: 'request', channel, body: text })
    let args: unknown
    try {
      args = JSON.parse(text)
    } catch {
      this.refuse(res, 400, 'BRIDGE_JSON', 'The request body is not JSON.', true)
      return
    }
    this.json(res, 200, await this.options.dispatch(decodeURIComponent(channel), args), channel)
  }

  private async file(pathname: string, res: ServerResponse): Promise<void> {
    const root = path.resolve(this.options.rendererDir)
    const wanted = pathname === '/' ? '/index.html' : decodeURIComponent(pathname)
    const file = path.resolve(root, `.${wanted}`)
    if (file !== root && !file.startsWith(root + path.sep)) {
      this.plain(res, 404, 'Not found.')
      return
    }
    let body: Buffer | string
    try {
      body = file.endsWith('index.html') ? await this.indexHtml(file) : await readFile(file)
    } catch {
      this.plain(res, 404, 'Not found.')
      return
    }
    this.headers(res, TYPES[path.extname(file)] ?? 'application/octet-stream')
    // Hashed assets never change; the page itself is always fetched fresh.
    if (wanted.startsWith('/assets/') || wanted.startsWith('/fonts/'))
      res.setHeader('cache-control', 'private, max-age=31536000, immutable')
    res.statusCode = 200
    res.end(body)
  }

  /** index.html with the web bridge loaded before the app: the web mode's stand-in for the preload. */
  private async indexHtml(file: string): Promise<string> {
    this.index ??= (await readFile(file, 'utf8')).replace(
      '<head>',
      '<head>\n    <script type="module" src="/bridge.js"></script>',
    )
    return this.index
  }
}
