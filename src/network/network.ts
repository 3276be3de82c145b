// The one place that touches the network: scope, overrides, limits and transcripts (DESIGN.md §2).
// Every DNS question, TCP/TLS connection and HTTP request of a probe passes here.
import { setMaxListeners } from 'node:events'
import net from 'node:net'
import tls from 'node:tls'
import type { RecordType } from 'dns-packet'
import { failure, ok, type Result } from '../core/result'
import type { NetworkSettings } from '../engagement/load'
import { AddressPolicy } from './address-policy'
import { applyConnectTo, parseConnectTo, type ConnectToRule } from './connect-to'
import { certificateFacts } from './certificate'
import type { ConnectOptions, Connection, Route, Stop } from './connection'
import { DNS, NET, type NetCode, type NetworkCode } from './codes'
import { dnsQuery, type DnsQueryResult, type DnsServer } from './dns/client'
import { systemServer } from './dns/system'
import { Limiter } from './limiter'
import type { Recorder } from './recorder'
import { Redactor } from './redact'
import { Resolver } from './resolver'
import { normalizeHost, Scope } from './scope'
import { tcpConnect } from './tcp-connect'
import { startTls } from './tls-connect'

export { Recorder, TRANSCRIPT_CAP } from './recorder'
export { certificateFacts }
export type { CertificateFacts, TlsFacts } from './certificate'
export type { ConnectOptions, Connection, Route } from './connection'
export type { DnsQueryResult, DnsServer } from './dns/client'

/** How the network layer is built for one run. */
export interface NetworkOptions {
  settings: NetworkSettings
  scope: Scope
  maxRequests: number
  maxRps: number
  signal?: AbortSignal
  redactor?: Redactor
}

/** How one DNS question is asked. */
export interface DnsAskOptions {
  /** Ask this server (one of the zone's own nameservers) instead of the engagement's resolver. */
  server?: DnsServer
  recursionDesired?: boolean
  timeoutMs?: number
  retries?: number
}

/** The network layer of one run: scope guard, overrides, limits and the transcript of every packet. */
export class Network {
  readonly scope: Scope
  readonly limiter: Limiter
  readonly redactor: Redactor
  readonly resolver: Resolver
  readonly settings: NetworkSettings
  readonly signal?: AbortSignal
  private readonly rules: ConnectToRule[]
  private readonly ca?: string[]
  private readonly policy: AddressPolicy
  /** One secure context per protocol pin: building one parses every trusted root, far too slow per connection. */
  private readonly contexts = new Map<string, tls.SecureContext>()

  constructor(options: NetworkOptions) {
    this.settings = options.settings
    this.scope = options.scope
    this.signal = options.signal
    // Every in-flight connection listens for cancellation; concurrency bounds them, not Node's default of 10.
    if (options.signal) setMaxListeners(500, options.signal)
    this.limiter = new Limiter(options.maxRequests, options.maxRps, options.signal)
    this.redactor = options.redactor ?? new Redactor()
    this.resolver = new Resolver(
      (name, type, rec) => this.dns(name, type, rec),
      Boolean(options.settings.resolver),
      async (name, rec) => {
        const slot = await this.limiter.take(false, rec.signal)
        if (!slot.ok) rec.add('dns', name, slot.error.message, slot.error.code)
        return slot
      },
    )
    this.rules = options.settings.connectTo
      .map(parseConnectTo)
      .filter((r): r is ConnectToRule => typeof r !== 'string')
    this.ca = options.settings.caPem ? [...tls.rootCertificates, options.settings.caPem] : undefined
    this.policy = new AddressPolicy(options.settings.allowAddresses ?? [])
  }

  /** The shared secure context for a protocol pin (the only per-connection TLS options probes use). */
  private secureContext(pin: ConnectOptions['tlsOptions']): tls.SecureContext {
    const key = `${pin?.minVersion ?? ''}|${pin?.maxVersion ?? ''}`
    let context = this.contexts.get(key)
    if (!context) {
      context = tls.createSecureContext({
        ...(this.ca ? { ca: this.ca } : {}),
        ...(pin?.minVersion ? { minVersion: pin.minVersion } : {}),
        ...(pin?.maxVersion ? { maxVersion: pin.maxVersion } : {}),
      })
      this.contexts.set(key, context)
    }
    return context
  }

  /**
   * The trust store for a TLS upgrade a library performs itself on a socket from `connect` (SMTP STARTTLS in
   * nodemailer): the same roots, and the lab CA when one is set, as the network layer's own handshakes.
   */
  upgradeContext(): tls.SecureContext {
    return this.secureContext(undefined)
  }

  /** A deadline `totalMs` from now, for one probe. */
  deadline(): number {
    return Date.now() + this.settings.totalMs
  }

  /** The signal that stops this recorder's traffic: the probe's own (the runner links it to the run's), else the run's. */
  signalFor(rec: Recorder): AbortSignal | undefined {
    return rec.signal ?? this.signal
  }

  /** Why nothing may be sent now, if anything stops it: the run was cancelled or the probe was stopped. */
  private stopped(rec: Recorder): Result<never, NetworkCode> | undefined {
    if (this.signal?.aborted) return failure(NET.CANCELLED, 'the run was cancelled')
    if (rec.signal?.aborted)
      return failure(NET.PROBE_ABORTED, 'the probe ran past its deadline and was stopped')
    return undefined
  }

  /** What ends a connection attempt of this recorder, and the refusal it then returns. */
  private stop(rec: Recorder): Stop {
    return {
      signal: this.signalFor(rec),
      why: () => this.stopped(rec) ?? failure(NET.CANCELLED, 'the run was cancelled'),
    }
  }

  /**
   * One DNS question, the only way probes ask one: it spends a request of the budget, waits for its rate slot,
   * stops with the probe, and leaves one transcript line with the answer or the code.
   */
  async dns(
    name: string,
    type: RecordType,
    rec: Recorder,
    options: DnsAskOptions = {},
  ): Promise<DnsQueryResult> {
    const server = options.server ?? this.settings.resolver ?? systemServer()
    const where = `${server.host}:${server.port}`
    const slot = await this.limiter.take(false, rec.signal)
    if (!slot.ok) {
      rec.add('dns', name, `${type} not asked at ${where}: ${slot.error.message}`, slot.error.code)
      return { ok: false, error: { code: slot.error.code as NetCode, message: slot.error.message } }
    }
    const result = await dnsQuery(server, name, type, {
      timeoutMs: options.timeoutMs ?? Math.min(2000, this.settings.connectMs),
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      ...(options.recursionDesired !== undefined ? { recursionDesired: options.recursionDesired } : {}),
      signal: this.signalFor(rec),
    })
    if (!result.ok) {
      rec.add('dns', name, `${type} at ${where}: ${result.error.message}`, result.error.code)
      return result
    }
    const r = result.value
    const shown = r.answers
      .slice(0, 4)
      .map((a) => (a.type === type ? a.data : `${a.type} ${a.data}`))
      .join(', ')
    const more = r.answers.length > 4 ? ` (+${r.answers.length - 4})` : ''
    rec.add(
      'dns',
      name,
      `${type} at ${where} (${r.transport}, ${r.elapsedMs} ms): ${r.rcode}${shown ? ` ${shown}${more}` : ''}`,
    )
    return result
  }

  /**
   * One of the zone's own nameservers, to ask directly: connect-to for NAME:53 first (a lab or a staging
   * server), else its addresses through the resolver. DNS questions to a zone's nameservers are not
   * contacts with a host of the portal, so they are not limited by scope.allow (DESIGN.md §8 covers hosts).
   */
  async nameserver(name: string, rec: Recorder): Promise<Result<DnsServer, NetworkCode>> {
    const mapped = applyConnectTo(this.rules, name, 53)
    const resolved = await this.resolver.addresses(mapped.host, rec)
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

  /** Scope check, then connect-to, then name resolution. Out-of-scope hosts are refused before any packet. */
  async route(
    host: string,
    port: number,
    rec: Recorder,
    pinned?: string,
  ): Promise<Result<Route, NetworkCode>> {
    const h = normalizeHost(host)
    if (!this.scope.allows(h)) {
      rec.add('refused', `${h}:${port}`, `not contacted: ${h} is outside scope.allow`, NET.OUT_OF_SCOPE)
      return failure(NET.OUT_OF_SCOPE, `${h} is outside the engagement's scope (scope.allow)`)
    }
    const mapped = applyConnectTo(this.rules, h, port)
    const resolved = await this.resolver.addresses(mapped.rule || !pinned ? mapped.host : pinned, rec)
    if (!resolved.ok) {
      rec.add('dns', mapped.host, resolved.error.message, resolved.error.code)
      return resolved
    }
    // The address policy judges where DNS led; an address the engagement wrote itself (a connect-to target,
    // a literal IP in scope.allow) was chosen on purpose.
    const chosen = mapped.named || net.isIP(h) ? [] : resolved.value.addresses
    const verdicts = chosen.map((a) => this.policy.judge(a))
    const address =
      mapped.named || net.isIP(h)
        ? resolved.value.addresses[0]
        : resolved.value.addresses.find((_a, i) => verdicts[i]!.ok)
    if (!address && verdicts.length > 0) {
      const why = verdicts.find((v) => !v.ok)
      const message = why && !why.ok ? why.message : 'no address may be contacted'
      const via = resolved.value.chain.length ? ` via CNAME ${resolved.value.chain.join(' → ')}` : ''
      rec.add('refused', `${h}:${port}`, `not contacted: ${h}${via} → ${message}`, NET.ADDRESS_REFUSED)
      return failure(
        NET.ADDRESS_REFUSED,
        `${h} resolves only to addresses the audit does not contact: ${message}`,
      )
    }
    if (!address) {
      rec.add('dns', mapped.host, 'no address', DNS.NODATA)
      return failure(DNS.NODATA, `${mapped.host} has no address`)
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
  ): Promise<Result<Connection, NetworkCode>> {
    const halted = this.stopped(rec)
    if (halted) return halted
    const t0 = performance.now()
    const route = await this.route(host, port, rec, options.address)
    if (!route.ok) return route
    if (options.spend !== false) {
      const slot = await this.limiter.take(options.active, rec.signal)
      if (!slot.ok) {
        rec.add('refused', `${host}:${port}`, slot.error.message, slot.error.code)
        return slot
      }
    }
    const r = route.value
    const remaining = options.deadline - Date.now()
    if (remaining <= 0) return failure(NET.TIMEOUT_TOTAL, `no time left to reach ${host}:${port}`)
    const t1 = performance.now()
    const socket = await tcpConnect(r, Math.min(this.settings.connectMs, remaining), rec, this.stop(rec))
    if (!socket.ok) return socket
    const t2 = performance.now()
    const ms = (a: number, b: number): number => Math.round((b - a) * 10) / 10
    if (!options.tls)
      return ok({
        socket: socket.value,
        raw: socket.value,
        route: r,
        timing: { dnsMs: ms(t0, t1), connectMs: ms(t1, t2) },
      })
    const secured = await startTls(
      socket.value,
      r,
      {
        context: this.secureContext(options.tlsOptions),
        readMs: this.settings.readMs,
        deadline: options.deadline,
        extraCa: this.settings.caPem ? [this.settings.caPem] : [],
      },
      rec,
      this.stop(rec),
    )
    if (!secured.ok) return secured
    return ok({
      ...secured.value,
      timing: { dnsMs: ms(t0, t1), connectMs: ms(t1, t2), tlsMs: ms(t2, performance.now()) },
    })
  }
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
