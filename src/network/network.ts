// The one place that touches the network: scope, overrides, limits and transcripts (DESIGN.md §2).
import { setMaxListeners } from 'node:events'
import { Duplex } from 'node:stream'
import net from 'node:net'
import tls from 'node:tls'
import { X509Certificate } from 'node:crypto'
import type { TranscriptEntry } from '../core/types'
import { failure, ok, type Result } from '../core/result'
import type { NetworkSettings } from '../engagement/load'
import { applyConnectTo, parseConnectTo, type ConnectToRule } from './connect-to'
import { codeOfSocketError, NET } from './codes'
import { Limiter } from './limiter'
import { Redactor } from './redact'
import { Resolver } from './resolver'
import type { DnsServer } from './dns/client'
import { normalizeHost, Scope } from './scope'

/** Collects the transcript of one observation; every line passes the redactor. */
export class Recorder {
  readonly entries: TranscriptEntry[] = []
  constructor(private readonly redactor: Redactor) {}

  add(kind: TranscriptEntry['kind'], target: string, detail: string, code?: string): void {
    const entry: TranscriptEntry = {
      at: new Date().toISOString(),
      kind,
      target,
      detail: this.redactor.text(detail),
    }
    if (code) entry.code = code
    if (this.entries.length < 200) this.entries.push(entry)
  }
}

/** Where a logical host:port is actually reached. */
export interface Route {
  host: string
  port: number
  address: string
  connectPort: number
  via: 'connect-to' | 'resolver' | 'os' | 'literal'
  chain: string[]
}

/** A certificate as seen in a handshake. */
export interface CertificateFacts {
  subject: string
  commonName?: string
  subjectAltNames: string[]
  issuer: string
  issuerOrganization?: string
  issuerCommonName?: string
  notBefore: string
  notAfter: string
  serialNumber: string
  fingerprint256: string
  selfSigned: boolean
  isCA: boolean
  keyType?: string
  keyBits?: number
  lifetimeDays: number
}

/** What a completed TLS handshake showed. */
export interface TlsFacts {
  protocol: string | null
  cipher: string
  alpn: string | false | null
  authorized: boolean
  /** OpenSSL's verification error code, when the chain is not trusted. */
  authorizationError?: string
  /** Set when the leaf does not cover the host name. */
  hostnameError?: string
  chain: CertificateFacts[]
}

export interface NetworkOptions {
  settings: NetworkSettings
  scope: Scope
  maxRequests: number
  maxRps: number
  signal?: AbortSignal
  redactor?: Redactor
}

/** A connected socket plus the handshake facts when it is TLS. */
export interface Connection {
  socket: net.Socket
  /** The TCP socket under `socket`: read timeouts watch its bytes, so a dripped TLS record still counts. */
  raw: net.Socket
  route: Route
  tls?: TlsFacts
}

export interface ConnectOptions {
  tls?: boolean
  /** Extra node:tls options, e.g. pinned protocol versions. */
  tlsOptions?: tls.ConnectionOptions
  deadline: number
  /** Active (attack-like) traffic stops when the limiter halts. */
  active?: boolean
  /** Connect to this address of the host (one of its DNS answers) instead of resolving it; connect-to still wins. */
  address?: string
}

export class Network {
  readonly scope: Scope
  readonly limiter: Limiter
  readonly redactor: Redactor
  readonly resolver: Resolver
  readonly settings: NetworkSettings
  readonly signal?: AbortSignal
  private readonly rules: ConnectToRule[]
  private readonly ca?: string[]

  constructor(options: NetworkOptions) {
    this.settings = options.settings
    this.scope = options.scope
    this.signal = options.signal
    // Every in-flight connection listens for cancellation; concurrency bounds them, not Node's default of 10.
    if (options.signal) setMaxListeners(500, options.signal)
    this.limiter = new Limiter(options.maxRequests, options.maxRps, options.signal)
    this.redactor = options.redactor ?? new Redactor()
    this.resolver = new Resolver(options.settings.resolver, {
      timeoutMs: Math.min(2000, options.settings.connectMs),
      signal: options.signal,
    })
    this.rules = options.settings.connectTo
      .map(parseConnectTo)
      .filter((r): r is ConnectToRule => typeof r !== 'string')
    this.ca = options.settings.caPem ? [...tls.rootCertificates, options.settings.caPem] : undefined
  }

  /**
   * One of the zone's own nameservers, to ask directly: connect-to for NAME:53 first (a lab or a staging
   * server), else its addresses through the resolver. DNS questions to a zone's nameservers are not
   * contacts with a host of the portal, so they are not limited by scope.allow (DESIGN.md §8 covers hosts).
   */
  async nameserver(name: string, rec: Recorder): Promise<Result<DnsServer>> {
    const mapped = applyConnectTo(this.rules, name, 53)
    const resolved = await this.resolver.addresses(mapped.host)
    if (!resolved.ok) {
      rec.add(
        'dns',
        name,
        `nameserver ${name} has no address: ${resolved.error.message}`,
        resolved.error.code,
      )
      return resolved
    }
    const address = resolved.value.addresses[0]!
    return ok({ host: address, port: mapped.port })
  }

  /** A deadline `totalMs` from now, for one probe. */
  deadline(): number {
    return Date.now() + this.settings.totalMs
  }

  /** Scope check, then connect-to, then name resolution. Out-of-scope hosts are refused before any packet. */
  async route(host: string, port: number, rec: Recorder, pinned?: string): Promise<Result<Route>> {
    const h = normalizeHost(host)
    if (!this.scope.allows(h)) {
      rec.add('refused', `${h}:${port}`, `not contacted: ${h} is outside scope.allow`, NET.OUT_OF_SCOPE)
      return failure(NET.OUT_OF_SCOPE, `${h} is outside the engagement's scope (scope.allow)`)
    }
    const mapped = applyConnectTo(this.rules, h, port)
    const resolved = await this.resolver.addresses(mapped.rule || !pinned ? mapped.host : pinned)
    if (!resolved.ok) {
      rec.add('dns', mapped.host, resolved.error.message, resolved.error.code)
      return resolved
    }
    const address = resolved.value.addresses[0]
    if (!address) {
      rec.add('dns', mapped.host, 'no address', 'DNS_NODATA')
      return failure('DNS_NODATA', `${mapped.host} has no address`)
    }
    const via = mapped.rule ? 'connect-to' : resolved.value.via
    const chain = resolved.value.chain
    rec.add(
      'dns',
      h,
      `${h}:${port} → ${address}:${mapped.port}${mapped.rule ? ' (connect-to)' : ''}${chain.length ? ` via CNAME ${chain.join(' → ')}` : ''}`,
    )
    return ok({ host: h, port, address, connectPort: mapped.port, via, chain })
  }

  /** Opens a TCP (and optionally TLS) connection within the budget, the rate and the deadline. */
  async connect(
    host: string,
    port: number,
    rec: Recorder,
    options: ConnectOptions,
  ): Promise<Result<Connection>> {
    const route = await this.route(host, port, rec, options.address)
    if (!route.ok) return route
    const slot = await this.limiter.take(options.active)
    if (!slot.ok) {
      rec.add('refused', `${host}:${port}`, slot.error.message, slot.error.code)
      return slot
    }
    const r = route.value
    const remaining = options.deadline - Date.now()
    if (remaining <= 0) return failure(NET.TIMEOUT_TOTAL, `no time left to reach ${host}:${port}`)
    const socket = await this.tcpConnect(r, Math.min(this.settings.connectMs, remaining), rec)
    if (!socket.ok) return socket
    if (!options.tls) return ok({ socket: socket.value, raw: socket.value, route: r })
    return this.startTls(socket.value, r, options, rec)
  }

  private tcpConnect(r: Route, timeoutMs: number, rec: Recorder): Promise<Result<net.Socket>> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: r.address, port: r.connectPort })
      const done = (result: Result<net.Socket>): void => {
        clearTimeout(timer)
        this.signal?.removeEventListener('abort', onAbort)
        socket.removeAllListeners('connect')
        socket.removeListener('error', onError)
        if (!result.ok) socket.destroy()
        resolve(result)
      }
      const timer = setTimeout(() => {
        rec.add(
          'tcp',
          `${r.host}:${r.port}`,
          `connect to ${r.address}:${r.connectPort} timed out after ${timeoutMs} ms`,
          NET.TIMEOUT_CONNECT,
        )
        done(
          failure(NET.TIMEOUT_CONNECT, `connecting to ${r.host}:${r.port} timed out after ${timeoutMs} ms`),
        )
      }, timeoutMs)
      const onAbort = (): void => done(failure(NET.CANCELLED, 'the run was cancelled'))
      this.signal?.addEventListener('abort', onAbort, { once: true })
      const onError = (err: NodeJS.ErrnoException): void => {
        const code = codeOfSocketError(err)
        rec.add(
          'tcp',
          `${r.host}:${r.port}`,
          `connect to ${r.address}:${r.connectPort} failed: ${err.code ?? err.message}`,
          code,
        )
        done(failure(code, `connecting to ${r.host}:${r.port} failed (${err.code ?? err.message})`))
      }
      socket.once('error', onError)
      socket.once('connect', () => {
        rec.add('tcp', `${r.host}:${r.port}`, `connected to ${r.address}:${r.connectPort}`)
        done(ok(socket))
      })
    })
  }

  private startTls(
    raw: net.Socket,
    r: Route,
    options: ConnectOptions,
    rec: Recorder,
  ): Promise<Result<Connection>> {
    return new Promise((resolve) => {
      const servername = net.isIP(r.host) ? undefined : r.host
      const socket = tls.connect({
        socket: observed(raw),
        servername,
        rejectUnauthorized: false,
        ca: this.ca,
        ALPNProtocols: ['http/1.1'],
        ...options.tlsOptions,
      })
      const remaining = Math.max(1, options.deadline - Date.now())
      const done = (result: Result<Connection>): void => {
        clearTimeout(total)
        this.signal?.removeEventListener('abort', onAbort)
        socket.removeListener('error', onError)
        raw.removeListener('timeout', onIdle)
        raw.setTimeout(0)
        if (!result.ok) socket.destroy()
        resolve(result)
      }
      const total = setTimeout(() => {
        rec.add('tls', `${r.host}:${r.port}`, `handshake unfinished after ${remaining} ms`, NET.TIMEOUT_TOTAL)
        done(
          failure(
            NET.TIMEOUT_TOTAL,
            `the TLS handshake with ${r.host}:${r.port} did not finish within ${remaining} ms`,
          ),
        )
      }, remaining)
      const onIdle = (): void => {
        rec.add(
          'tls',
          `${r.host}:${r.port}`,
          `no handshake data for ${this.settings.readMs} ms`,
          NET.TIMEOUT_READ,
        )
        done(
          failure(
            NET.TIMEOUT_READ,
            `${r.host}:${r.port} sent nothing for ${this.settings.readMs} ms during the TLS handshake`,
          ),
        )
      }
      const onAbort = (): void => done(failure(NET.CANCELLED, 'the run was cancelled'))
      this.signal?.addEventListener('abort', onAbort, { once: true })
      const onError = (err: NodeJS.ErrnoException): void => {
        rec.add(
          'tls',
          `${r.host}:${r.port}`,
          `handshake failed: ${err.code ?? ''} ${err.message}`,
          NET.TLS_HANDSHAKE,
        )
        const closed = err.code === 'ECONNRESET' || /socket disconnected/i.test(err.message)
        done(
          failure(
            closed ? NET.CONNECTION_RESET : NET.TLS_HANDSHAKE,
            `TLS handshake with ${r.host}:${r.port} failed (${err.code ?? err.message})`,
          ),
        )
      }
      raw.setTimeout(this.settings.readMs, onIdle)
      socket.once('error', onError)
      socket.once('secureConnect', () => {
        const facts = tlsFacts(socket, r.host)
        rec.add(
          'tls',
          `${r.host}:${r.port}`,
          `${facts.protocol ?? '?'} ${facts.cipher}; ${facts.authorized ? 'trusted chain' : `untrusted: ${facts.authorizationError ?? ''}`}${facts.hostnameError ? `; ${facts.hostnameError}` : ''}`,
        )
        done(ok({ socket, raw, route: r, tls: facts }))
      })
    })
  }
}

/** Reads protocol, cipher, trust and the whole presented chain from a finished handshake. */
export function tlsFacts(socket: tls.TLSSocket, host: string): TlsFacts {
  const peer = socket.getPeerCertificate(true)
  const chain: CertificateFacts[] = []
  const seen = new Set<string>()
  let current: tls.DetailedPeerCertificate | undefined =
    peer && Object.keys(peer).length > 0 ? peer : undefined
  while (current && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256)
    chain.push(certificateFacts(current.raw))
    current = current.issuerCertificate
  }
  const leaf = peer?.raw ? new X509Certificate(peer.raw) : undefined
  let hostnameError: string | undefined
  if (leaf && peer) {
    const err = tls.checkServerIdentity(host, peer)
    if (err) hostnameError = err.message
  }
  const authError = socket.authorizationError as unknown
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? '',
    alpn: socket.alpnProtocol,
    authorized: socket.authorized,
    ...(authError
      ? {
          authorizationError:
            typeof authError === 'string' ? authError : String((authError as Error).message ?? authError),
        }
      : {}),
    ...(hostnameError ? { hostnameError } : {}),
    chain,
  }
}

function field(dn: string, key: string): string | undefined {
  return dn
    .split('\n')
    .map((line) => line.split('='))
    .find(([k]) => k === key)?.[1]
}

/** Plain facts of one DER certificate. */
export function certificateFacts(der: Buffer): CertificateFacts {
  const cert = new X509Certificate(der)
  const notBefore = new Date(cert.validFrom)
  const notAfter = new Date(cert.validTo)
  const details = cert.publicKey.asymmetricKeyDetails
  const selfSigned = cert.subject === cert.issuer && cert.verify(cert.publicKey)
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    commonName: field(cert.subject, 'CN'),
    subjectAltNames: (cert.subjectAltName ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    issuer: cert.issuer.replace(/\n/g, ', '),
    issuerOrganization: field(cert.issuer, 'O'),
    issuerCommonName: field(cert.issuer, 'CN'),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned,
    isCA: cert.ca,
    keyType: cert.publicKey.asymmetricKeyType,
    keyBits: details?.modulusLength ?? (details?.namedCurve ? curveBits(details.namedCurve) : undefined),
    lifetimeDays: Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
  }
}

function curveBits(curve: string): number | undefined {
  const m = /(\d{3})/.exec(curve)
  return m ? Number(m[1]) : undefined
}

/** The network layer configured from an engagement's scope and network settings. */
export function networkFor(
  engagement: { net: NetworkSettings; scope: { allow: string[]; maxRequests: number; maxRps: number } },
  signal?: AbortSignal,
): Network {
  return new Network({
    settings: engagement.net,
    scope: new Scope(engagement.scope.allow),
    maxRequests: engagement.scope.maxRequests,
    maxRps: engagement.scope.maxRps,
    signal,
  })
}

/**
 * A JS stream over the TCP socket. Handed the socket itself, TLS takes over its handle and the socket
 * stops seeing bytes; through this wrapper every byte still passes the socket, so its idle timer tells
 * a silent peer (read timeout) from a slow one (total timeout).
 */
function observed(raw: net.Socket): Duplex {
  const duplex = new Duplex({
    read() {
      raw.resume()
    },
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback)
    },
    final(callback) {
      raw.end()
      callback()
    },
    destroy(err, callback) {
      raw.destroy()
      callback(err)
    },
  })
  raw.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) raw.pause()
  })
  raw.on('end', () => duplex.push(null))
  raw.on('error', (err) => duplex.destroy(err))
  raw.on('close', () => duplex.destroy())
  return duplex
}
