// HTTP/1.1 exchanges on undici, over the network layer's own connections: redirects, caps, timeouts, keep-alive.
// undici parses HTTP (llhttp), keeps connections alive and streams bodies; every connection it opens comes from
// Network.connect (scope, address policy, connect-to, resolver, extra CA, timeouts, TLS facts, transcript), every
// request spends one slot of the budget, and the redirect loop, caps and redaction stay ours.
import { createHash } from 'node:crypto'
import { Client } from 'undici'
import type { Problem } from '../core/result'
import { NET, codeOfSocketError, type NetworkCode } from './codes'
import type { Connection, Network, Recorder, TlsFacts } from './network'
import { thrownMessage } from './settle'

/** One request to make, with the redirects it may follow. */
export interface HttpRequestSpec {
  url: string
  method?: string
  headers?: Record<string, string>
  /** Text, or bytes for a binary body (a multipart upload). */
  body?: string | Uint8Array
  /** Follow redirects (default true), up to the engagement's maxRedirects. */
  follow?: boolean
  /** Bytes of the body to keep as text in the observation (default 0: only size and hash). */
  keepBody?: number
  active?: boolean
  /** A 429 is the answer this request looks for (edge.rate-limit-*): it does not halt the run's active tests. */
  throttleExpected?: boolean
  /**
   * Keep the last response's raw body and Set-Cookie values in `captured`, unredacted and non-enumerable,
   * so a sign-in can read its token; JSON.stringify never sees them, so they cannot reach a run file.
   */
  capture?: boolean
  /** Bytes of the raw body kept with `capture` (default 64 KB; a scan of a whole script needs more). */
  captureBytes?: number
  /** Absolute end of the whole exchange including redirects; defaults to now + totalMs. */
  deadline?: number
  /**
   * Connections to reuse across the requests of one probe (keep-alive); without it, each fetchUrl opens its
   * own and closes them when it returns. Never share a pool between probes: its transcript is one probe's.
   */
  pool?: HttpPool
}

/** Where the time of one exchange went, in milliseconds. */
export interface HttpTiming {
  /** True when the request went out on a kept-alive connection (no DNS, connect or TLS time). */
  reused: boolean
  /** Time the request waited for its slot of the rate limit and a free connection before it was sent. */
  waitMs?: number
  dnsMs?: number
  connectMs?: number
  tlsMs?: number
  /** From sending the request to the first byte of the response head. */
  ttfbMs: number
  totalMs: number
}

/** One request and its response, already redacted. */
export interface HttpExchange {
  method: string
  url: string
  status: number
  httpVersion: string
  headers: Record<string, string>
  requestHeaders: Record<string, string>
  bodyBytes: number
  bodySha256: string
  body?: string
  bodyTruncated: boolean
  durationMs: number
  remote: string
  tls?: Pick<TlsFacts, 'protocol' | 'authorized' | 'authorizationError' | 'hostnameError'>
  /** Connect, TLS, first byte and total time (for latency sampling). */
  timing?: HttpTiming
}

/** The redirect chain of one fetch; `error` when it ended without a final response. */
export interface HttpOutcome {
  exchanges: HttpExchange[]
  error?: HttpError
  /** A redirect that was not followed because its host is out of scope. */
  refusedRedirect?: { url: string; code: NetworkCode }
  /** Raw body (as text and as bytes) and cookies of the last response, only with `capture` (non-enumerable). */
  readonly captured?: Captured
}

/** What `capture` keeps of the last response: `bytes` for a binary body (a keystore), `body` for text. */
interface Captured {
  body: string
  bytes: Buffer
  setCookies: string[]
  location?: string
}

/** Why an HTTP request got no answer: a network layer code and one sentence. */
type HttpError = Problem<NetworkCode>

/** A coded failure of the network layer, carried through undici's connect callback. */
class NetworkLayerError extends Error {
  constructor(
    readonly code: NetworkCode,
    message: string,
  ) {
    super(message)
  }
}

/** The request a connection slot is serving, so the connection it opens is charged to the right deadline. */
interface Job {
  deadline: number
  active?: boolean
  /** Set when the idle watch of the connection fires, or the job is stopped otherwise. */
  stop(code: string, message: string): void
}

/** One undici Client holding at most one connection, serving one request at a time. */
interface Slot {
  client: Client
  busy: boolean
  job?: Job
  conn?: Connection
  /** Timing of the connection opened for the current job, if it opened one. */
  fresh?: Connection['timing']
}

/** The connection slots of one origin: at most `network.concurrency` connections, reused while alive. */
class OriginSlots {
  readonly slots: Slot[] = []
  private readonly waiting: ((slot: Slot) => void)[] = []

  constructor(
    private readonly make: () => Slot,
    private readonly max: number,
  ) {}

  acquire(signal?: AbortSignal): Promise<Slot | undefined> {
    const idle = this.slots.find((s) => !s.busy)
    const slot = idle ?? (this.slots.length < this.max ? this.add() : undefined)
    if (slot) {
      slot.busy = true
      return Promise.resolve(slot)
    }
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(take)
        if (i >= 0) this.waiting.splice(i, 1)
        resolve(undefined)
      }
      const take = (s: Slot): void => {
        signal?.removeEventListener('abort', onAbort)
        s.busy = true
        resolve(s)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(take)
    })
  }

  release(slot: Slot): void {
    slot.busy = false
    slot.job = undefined
    slot.fresh = undefined
    this.waiting.shift()?.(slot)
  }

  private add(): Slot {
    const slot = this.make()
    this.slots.push(slot)
    return slot
  }
}

/**
 * Kept-alive connections for the requests of one probe: per origin, up to `network.concurrency` undici
 * Clients of one connection each. Every connection is opened by Network.connect for the probe's recorder.
 */
export class HttpPool {
  private readonly origins = new Map<string, OriginSlots>()
  /** Connections opened so far (each went through Network.connect). */
  opened = 0
  private closed = false

  constructor(
    readonly network: Network,
    readonly rec: Recorder,
  ) {}

  /** The slots of `url`'s origin. */
  slotsFor(url: URL): OriginSlots {
    let slots = this.origins.get(url.origin)
    if (!slots) {
      slots = new OriginSlots(() => this.slot(url), Math.max(1, this.network.settings.concurrency))
      this.origins.set(url.origin, slots)
    }
    return slots
  }

  /** Closes every connection; the pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true
    const clients = [...this.origins.values()].flatMap((o) => o.slots.map((s) => s.client))
    this.origins.clear()
    await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)))
  }

  get isClosed(): boolean {
    return this.closed
  }

  private slot(url: URL): Slot {
    const secure = url.protocol === 'https:'
    const port = Number(url.port || (secure ? 443 : 80))
    const slot = {} as Slot
    slot.busy = false
    slot.client = new Client(url.origin, {
      connect: (_options, callback) => {
        const job = slot.job
        if (!job)
          return callback(
            new NetworkLayerError(NET.INTERNAL, 'a connection was asked for without a request'),
            null,
          )
        this.network
          .connect(url.hostname, port, this.rec, {
            tls: secure,
            deadline: job.deadline,
            active: job.active,
            // The request already spent its slot of the budget; a connection is not a request.
            spend: false,
          })
          .then(
            (conn) => {
              if (!conn.ok) return callback(new NetworkLayerError(conn.error.code, conn.error.message), null)
              this.opened++
              slot.conn = conn.value
              slot.fresh = conn.value.timing
              const readMs = this.network.settings.readMs
              // One listener per connection: the idle timer is armed only while a request runs on it.
              conn.value.raw.on('timeout', () =>
                slot.job?.stop(NET.TIMEOUT_READ, `${url.host} sent nothing for ${readMs} ms`),
              )
              watchIdle(slot, readMs)
              conn.value.socket.once('close', () => {
                if (slot.conn === conn.value) slot.conn = undefined
              })
              callback(null, conn.value.socket)
            },
            (err: unknown) => callback(new NetworkLayerError(NET.INTERNAL, thrownMessage(err)), null),
          )
      },
      pipelining: 1,
      // Our own timers watch the bytes on the wire (read) and the whole exchange (total).
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 4000,
      keepAliveMaxTimeout: 10_000,
      maxHeaderSize: 64 * 1024,
    })
    // A connection error with no request running is undici's to drop; nothing must escape as an event.
    slot.client.on('connectionError', () => undefined)
    return slot
  }
}

/** While a job runs, a connection that sends nothing for `readMs` ends it as TIMEOUT_READ (see the listener). */
function watchIdle(slot: Slot, readMs: number): void {
  if (slot.job) slot.conn?.raw.setTimeout(readMs)
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Fetches a URL through the network layer, following in-scope redirects. */
export async function fetchUrl(network: Network, spec: HttpRequestSpec, rec: Recorder): Promise<HttpOutcome> {
  const pool = spec.pool ?? new HttpPool(network, rec)
  try {
    return await follow(network, spec, rec, pool)
  } finally {
    if (!spec.pool) await pool.close()
  }
}

async function follow(
  network: Network,
  spec: HttpRequestSpec,
  rec: Recorder,
  pool: HttpPool,
): Promise<HttpOutcome> {
  const deadline = spec.deadline ?? network.deadline()
  const exchanges: HttpExchange[] = []
  const visited = new Set<string>()
  let url = spec.url
  let method = spec.method ?? 'GET'
  let body = spec.body
  let headers = { ...spec.headers }
  const max = spec.follow === false ? 0 : network.settings.maxRedirects
  for (let hop = 0; ; hop++) {
    let parsed: URL
    try {
      parsed = new URL(url)
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme')
    } catch {
      return { exchanges, error: { code: NET.BAD_URL, message: `cannot fetch ${network.redactor.url(url)}` } }
    }
    if (visited.has(parsed.href)) {
      rec.add(
        'http',
        parsed.host,
        `redirect loop back to ${network.redactor.url(parsed.href)}`,
        NET.REDIRECT_LOOP,
      )
      return {
        exchanges,
        error: { code: NET.REDIRECT_LOOP, message: `redirect loop at ${network.redactor.url(parsed.href)}` },
      }
    }
    visited.add(parsed.href)
    const result = await exchange(network, pool, parsed, method, headers, body, spec, deadline, rec)
    if ('code' in result) return { exchanges, error: result }
    exchanges.push(result.exchange)
    const location = result.location
    if (spec.follow === false || !REDIRECTS.has(result.exchange.status) || !location)
      return withCaptured({ exchanges }, result.raw)
    let next: URL
    try {
      next = new URL(location, parsed)
    } catch {
      return { exchanges }
    }
    if (!network.scope.allows(next.hostname)) {
      rec.add(
        'refused',
        next.host,
        `redirect to ${network.redactor.url(next.href)} not followed: outside scope.allow`,
        NET.OUT_OF_SCOPE,
      )
      return { exchanges, refusedRedirect: { url: network.redactor.url(next.href), code: NET.OUT_OF_SCOPE } }
    }
    if (hop + 1 > max) {
      if (visited.has(next.href)) {
        return {
          exchanges,
          error: { code: NET.REDIRECT_LOOP, message: `redirect loop at ${network.redactor.url(next.href)}` },
        }
      }
      return {
        exchanges,
        error: {
          code: NET.TOO_MANY_REDIRECTS,
          message: `more than ${max} redirects from ${network.redactor.url(spec.url)}`,
        },
      }
    }
    if (
      result.exchange.status === 303 ||
      ((result.exchange.status === 301 || result.exchange.status === 302) && method === 'POST')
    ) {
      method = 'GET'
      body = undefined
    }
    if (next.origin !== parsed.origin) {
      // Credentials never follow a redirect to another origin: another host, port or scheme (https → http
      // on the same host would send the token in clear).
      headers = Object.fromEntries(
        Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)),
      )
    }
    url = next.href
  }
}

interface OneExchange {
  exchange: HttpExchange
  location?: string
  raw?: Captured
}

function withCaptured(outcome: HttpOutcome, raw: OneExchange['raw']): HttpOutcome {
  if (raw) Object.defineProperty(outcome, 'captured', { value: raw, enumerable: false })
  return outcome
}

/** A stable code for what undici threw, unless our own stop came first. */
function codeOfUndiciError(err: unknown): NetworkCode {
  const e = err as NodeJS.ErrnoException & { code?: string }
  if (err instanceof NetworkLayerError) return err.code
  switch (e.code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return NET.TIMEOUT_READ
    case 'UND_ERR_CONNECT_TIMEOUT':
      return NET.TIMEOUT_CONNECT
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return NET.CONNECTION_RESET
    case 'UND_ERR_HEADERS_OVERFLOW':
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'UND_ERR_INFO':
      return NET.HTTP_PROTOCOL
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return NET.RESPONSE_TOO_LARGE
    default:
      return e.code?.startsWith('HPE_') ? NET.HTTP_PROTOCOL : codeOfSocketError(e)
  }
}

async function exchange(
  network: Network,
  pool: HttpPool,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  spec: HttpRequestSpec,
  deadline: number,
  rec: Recorder,
): Promise<OneExchange | HttpError> {
  const redactedUrl = network.redactor.url(url.href)
  const fail = (code: NetworkCode, message: string): HttpError => {
    rec.add('http', url.host, `${method} ${redactedUrl}: ${message}`, code)
    return { code, message }
  }
  if (pool.isClosed) return fail(NET.INTERNAL, 'the connection pool was already closed')
  // Scope before budget: a host outside scope.allow costs nothing and sees nothing.
  if (!network.scope.allows(url.hostname)) {
    rec.add(
      'refused',
      `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`,
      `not contacted: ${url.hostname} is outside scope.allow`,
      NET.OUT_OF_SCOPE,
    )
    return {
      code: NET.OUT_OF_SCOPE,
      message: `${url.hostname} is outside the engagement's scope (scope.allow)`,
    }
  }
  const entered = performance.now()
  const slotOfBudget = await network.limiter.take(spec.active, rec.signal)
  if (!slotOfBudget.ok) {
    rec.add('refused', url.host, slotOfBudget.error.message, slotOfBudget.error.code)
    return slotOfBudget.error
  }
  const stopSignal = network.signalFor(rec)
  const origin = pool.slotsFor(url)
  const slot = await origin.acquire(stopSignal)
  if (!slot)
    return network.signal?.aborted
      ? fail(NET.CANCELLED, 'the run was cancelled')
      : fail(NET.PROBE_ABORTED, 'the probe ran past its deadline and was stopped')
  const started = performance.now()
  const controller = new AbortController()
  let stoppedBy: HttpError | undefined
  const stop = (code: NetworkCode, message: string): void => {
    stoppedBy ??= { code, message }
    controller.abort(new NetworkLayerError(code, message))
  }
  slot.job = { deadline, active: spec.active, stop }
  watchIdle(slot, network.settings.readMs)
  const remaining = Math.max(1, deadline - Date.now())
  const total = setTimeout(
    () =>
      stop(
        NET.TIMEOUT_TOTAL,
        `${method} ${redactedUrl} did not complete within ${network.settings.totalMs} ms`,
      ),
    remaining,
  )
  const onAbort = (): void =>
    network.signal?.aborted
      ? stop(NET.CANCELLED, 'the run was cancelled')
      : stop(NET.PROBE_ABORTED, 'the probe ran past its deadline and was stopped')
  stopSignal?.addEventListener('abort', onAbort, { once: true })
  const requestHeaders: Record<string, string> = {
    host: url.host,
    'user-agent': 'Handover/0.1 (launch-readiness audit)',
    accept: '*/*',
    ...lowerKeys(headers),
  }
  if (body !== undefined) requestHeaders['content-length'] = String(Buffer.byteLength(body))
  const cap = network.settings.maxResponseBytes
  const keep = spec.keepBody ?? 0
  try {
    const response = await slot.client.request({
      path: `${url.pathname}${url.search}`,
      method: method as 'GET',
      headers: requestHeaders,
      body: body ?? null,
      signal: controller.signal,
    })
    const ttfbMs = performance.now() - started
    let bodyBytes = 0
    const raw: Buffer[] = []
    let rawBytes = 0
    const kept: Buffer[] = []
    let keptBytes = 0
    const hash = createHash('sha256')
    for await (const data of response.body) {
      const chunk = data as Buffer
      bodyBytes += chunk.length
      if (bodyBytes > cap) {
        stop(NET.RESPONSE_TOO_LARGE, `${redactedUrl} sent more than ${cap} bytes (network.maxResponseBytes)`)
        response.body.destroy()
        break
      }
      hash.update(chunk)
      if (spec.capture && rawBytes < (spec.captureBytes ?? 64 * 1024)) {
        raw.push(chunk)
        rawBytes += chunk.length
      }
      if (keptBytes < keep) {
        const part = chunk.subarray(0, keep - keptBytes)
        kept.push(part)
        keptBytes += part.length
      }
    }
    if (stoppedBy) return fail(stoppedBy.code, stoppedBy.message)
    const conn = slot.conn
    const status = response.statusCode
    const responseHeaders = Object.fromEntries(
      Object.entries(response.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined),
    )
    const totalMs = performance.now() - started
    const fresh = slot.fresh
    const timing: HttpTiming = {
      reused: !fresh,
      waitMs: Math.round((started - entered) * 10) / 10,
      ...(fresh?.dnsMs !== undefined ? { dnsMs: fresh.dnsMs } : {}),
      ...(fresh?.connectMs !== undefined ? { connectMs: fresh.connectMs } : {}),
      ...(fresh?.tlsMs !== undefined ? { tlsMs: fresh.tlsMs } : {}),
      ttfbMs: Math.round(ttfbMs * 10) / 10,
      totalMs: Math.round(totalMs * 10) / 10,
    }
    const record: HttpExchange = {
      method,
      url: redactedUrl,
      status,
      httpVersion: '1.1',
      headers: network.redactor.headers(responseHeaders),
      requestHeaders: network.redactor.headers(requestHeaders),
      bodyBytes,
      bodySha256: hash.digest('hex'),
      bodyTruncated: bodyBytes > keptBytes && keep > 0,
      durationMs: Math.round(totalMs),
      remote: conn ? `${conn.route.address}:${conn.route.connectPort}` : '',
      timing,
    }
    if (keep > 0) record.body = network.redactor.text(Buffer.concat(kept).toString('utf8'))
    const facts = conn?.tls
    if (facts) {
      record.tls = { protocol: facts.protocol, authorized: facts.authorized }
      if (facts.authorizationError) record.tls.authorizationError = facts.authorizationError
      if (facts.hostnameError) record.tls.hostnameError = facts.hostnameError
    }
    rec.add(
      'http',
      url.host,
      `${method} ${redactedUrl} → ${status} (${bodyBytes} bytes, ${record.durationMs} ms${timing.reused ? ', kept-alive connection' : ''})`,
    )
    if (status === 429 && !spec.throttleExpected)
      network.limiter.halt(`${url.host} answered 429 Too Many Requests`)
    const location = response.headers.location
    const setCookie = response.headers['set-cookie']
    const bytes = spec.capture ? Buffer.concat(raw) : undefined
    const captured = bytes
      ? {
          body: bytes.toString('utf8'),
          bytes,
          setCookies: Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [],
          ...(typeof location === 'string' ? { location } : {}),
        }
      : undefined
    return {
      exchange: record,
      ...(typeof location === 'string' ? { location } : {}),
      ...(captured ? { raw: captured } : {}),
    }
  } catch (err) {
    if (stoppedBy) return fail(stoppedBy.code, stoppedBy.message)
    const code = codeOfUndiciError(err)
    const message =
      err instanceof NetworkLayerError
        ? err.message
        : `${method} ${redactedUrl} failed (${(err as NodeJS.ErrnoException).code ?? thrownMessage(err)})`
    // The network layer already wrote why a connection failed; an HTTP-level failure gets its own line.
    if (err instanceof NetworkLayerError) return { code, message }
    return fail(code, message)
  } finally {
    clearTimeout(total)
    stopSignal?.removeEventListener('abort', onAbort)
    slot.conn?.raw.setTimeout(0)
    origin.release(slot)
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
}
