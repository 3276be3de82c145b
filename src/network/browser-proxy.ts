// The browser's only way out: an HTTP proxy on 127.0.0.1 whose every tunnel and plain-HTTP request is opened
// through Network.connect, so Chromium obeys scope, connect-to, the resolver, the budget and the transcript.
// HTTPS stays end-to-end: a CONNECT tunnel is plain TCP to the in-scope host; the TLS inside is the browser's.
import http from 'node:http'
import net from 'node:net'
import { NET } from './codes'
import type { Network, Recorder } from './network'

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the proxy's own: never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/** Counts of what a proxy let through and refused. */
export interface ProxyStats {
  tunnels: number
  requests: number
  refused: number
}

/** The browser's scoped proxy: when it closes, and whether its traffic is a consented active test. */
export interface ScopedProxyOptions {
  /** Absolute end of the browser session: later tunnels are refused. */
  deadline: number
  /** Traffic of a consented active test stops when the limiter halts. */
  active?: boolean
}

/** `host:port` of a CONNECT request, IPv6 brackets allowed; undefined when malformed. */
export function connectTarget(authority: string | undefined): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+):(\d{1,5})$/.exec(authority ?? '')
  if (!m) return undefined
  const port = Number(m[2])
  if (port < 1 || port > 65535) return undefined
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port }
}

function refuse(socket: net.Socket, status: number, reason: string): void {
  if (socket.destroyed) return
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`)
}

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value
  }
  return out
}

/** A server on 127.0.0.1 and a random port that knows its sockets, so closing it cuts them all. */
abstract class LoopbackProxy {
  private readonly sockets = new Set<net.Socket>()
  private port = 0

  constructor(protected readonly server: net.Server) {}

  /** Listens on 127.0.0.1 and a random port. */
  protected listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port
        resolve()
      })
    })
  }

  /** The proxy's address for Chromium's --proxy-server. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Stops listening and cuts every connection still open. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  protected track(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
}

/** An HTTP proxy on loopback bound to one Network and one transcript (a browser context's). */
export class ScopedProxy extends LoopbackProxy {
  readonly stats: ProxyStats = { tunnels: 0, requests: 0, refused: 0 }

  private constructor(
    private readonly network: Network,
    private readonly rec: Recorder,
    private readonly options: ScopedProxyOptions,
  ) {
    const server = http.createServer((req, res) => void this.forward(req, res))
    super(server)
    server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      void this.tunnel(req, socket, head)
    })
    server.on('connection', (socket: net.Socket) => this.track(socket))
    server.on('clientError', (_err, socket) => socket.destroy())
  }

  /** Starts a proxy on 127.0.0.1 and a random port. */
  static async start(network: Network, rec: Recorder, options: ScopedProxyOptions): Promise<ScopedProxy> {
    const proxy = new ScopedProxy(network, rec, options)
    await proxy.listen()
    return proxy
  }

  /** CONNECT host:port → a TCP connection made by Network.connect, spliced to the browser's socket. */
  private async tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): Promise<void> {
    const target = connectTarget(req.url)
    if (!target) {
      this.stats.refused++
      return refuse(client, 400, 'Bad Request')
    }
    const conn = await this.network.connect(target.host, target.port, this.rec, {
      deadline: this.options.deadline,
      active: this.options.active,
    })
    if (!conn.ok) {
      this.stats.refused++
      return refuse(client, conn.error.code === NET.OUT_OF_SCOPE ? 403 : 502, 'Refused')
    }
    const upstream = conn.value.socket
    this.track(upstream)
    if (client.destroyed) return void upstream.destroy()
    this.stats.tunnels++
    this.rec.add('tcp', `${target.host}:${target.port}`, 'tunnel opened for the browser (CONNECT)')
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) upstream.write(head)
    upstream.pipe(client)
    client.pipe(upstream)
    const close = (): void => {
      upstream.destroy()
      client.destroy()
    }
    upstream.once('close', close)
    client.once('close', close)
  }

  /** A plain-HTTP request in absolute form, re-sent over a connection made by Network.connect. */
  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let target: URL
    try {
      target = new URL(req.url ?? '')
      if (target.protocol !== 'http:') throw new Error('scheme')
    } catch {
      this.stats.refused++
      res.writeHead(400, { 'content-length': '0', connection: 'close' }).end()
      return
    }
    const conn = await this.network.connect(target.hostname, Number(target.port || 80), this.rec, {
      deadline: this.options.deadline,
      active: this.options.active,
    })
    if (!conn.ok) {
      this.stats.refused++
      const status = conn.error.code === NET.OUT_OF_SCOPE ? 403 : 502
      res.writeHead(status, { 'content-length': '0', connection: 'close' }).end()
      return
    }
    this.stats.requests++
    const { socket, raw } = conn.value
    this.track(socket)
    const cap = this.network.settings.maxResponseBytes
    const upstream = http.request({
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers: { ...forwardable(req.headers), host: target.host, connection: 'close' },
      // Our socket: routed, scope-checked and counted by the network layer.
      createConnection: () => socket,
      setHost: false,
    })
    const fail = (status: number): void => {
      upstream.destroy()
      if (!res.headersSent) res.writeHead(status, { 'content-length': '0', connection: 'close' }).end()
      else res.destroy()
    }
    raw.setTimeout(this.network.settings.readMs, () => {
      this.rec.add(
        'http',
        target.host,
        `${target.host} sent nothing for ${this.network.settings.readMs} ms`,
        NET.TIMEOUT_READ,
      )
      fail(504)
    })
    upstream.on('error', () => fail(502))
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardable(answer.headers))
      let bytes = 0
      answer.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes > cap) {
          this.rec.add(
            'http',
            target.host,
            `${this.network.redactor.url(target.href)} sent more than ${cap} bytes (network.maxResponseBytes)`,
            NET.RESPONSE_TOO_LARGE,
          )
          answer.destroy()
          res.destroy()
          return
        }
        res.write(chunk)
      })
      answer.on('end', () => res.end())
      answer.on('error', () => res.destroy())
    })
    req.pipe(upstream)
    res.once('close', () => socket.destroy())
  }
}

/**
 * The browser-wide proxy: Chromium's own background traffic (updates, sign-in probes) belongs to no page and
 * no engagement, so it is refused without a packet and only counted. Pages use their context's ScopedProxy.
 */
export class RefusingProxy extends LoopbackProxy {
  refused = 0

  private constructor() {
    const server = net.createServer((socket) => {
      this.refused++
      this.track(socket)
      socket.once('data', () => refuse(socket, 403, 'Forbidden'))
    })
    super(server)
  }

  /** Starts the refusing proxy on 127.0.0.1 and a random port. */
  static async start(): Promise<RefusingProxy> {
    const proxy = new RefusingProxy()
    await proxy.listen()
    return proxy
  }
}
