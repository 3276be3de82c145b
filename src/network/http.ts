// HTTP/1.1 exchanges over the network layer's own connections: redirects, caps and timeouts.
import http from 'node:http'
import { createHash } from 'node:crypto'
import type { ProbeError } from '../core/types'
import { NET, codeOfSocketError } from './codes'
import type { Network, Recorder, TlsFacts } from './network'
import { thrownMessage } from './settle'

export interface HttpRequestSpec {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Follow redirects (default true), up to the engagement's maxRedirects. */
  follow?: boolean
  /** Bytes of the body to keep as text in the observation (default 0: only size and hash). */
  keepBody?: number
  active?: boolean
  /**
   * Keep the last response's raw body and Set-Cookie values in `captured`, unredacted and non-enumerable,
   * so a sign-in can read its token; JSON.stringify never sees them, so they cannot reach a run file.
   */
  capture?: boolean
  /** Bytes of the raw body kept with `capture` (default 64 KB; a scan of a whole script needs more). */
  captureBytes?: number
  /** Absolute end of the whole exchange including redirects; defaults to now + totalMs. */
  deadline?: number
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
}

/** The redirect chain of one fetch; `error` when it ended without a final response. */
export interface HttpOutcome {
  exchanges: HttpExchange[]
  error?: ProbeError
  /** A redirect that was not followed because its host is out of scope. */
  refusedRedirect?: { url: string; code: string }
  /** Raw body and cookies of the last response, only with `capture` (non-enumerable). */
  readonly captured?: { body: string; setCookies: string[] }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Fetches a URL through the network layer, following in-scope redirects. */
export async function fetchUrl(network: Network, spec: HttpRequestSpec, rec: Recorder): Promise<HttpOutcome> {
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
    const result = await exchange(network, parsed, method, headers, body, spec, deadline, rec)
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
  raw?: { body: string; setCookies: string[] }
}

function withCaptured(outcome: HttpOutcome, raw: OneExchange['raw']): HttpOutcome {
  if (raw) Object.defineProperty(outcome, 'captured', { value: raw, enumerable: false })
  return outcome
}

async function exchange(
  network: Network,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  spec: HttpRequestSpec,
  deadline: number,
  rec: Recorder,
): Promise<OneExchange | ProbeError> {
  const secure = url.protocol === 'https:'
  const port = Number(url.port || (secure ? 443 : 80))
  const started = performance.now()
  const conn = await network.connect(url.hostname, port, rec, { tls: secure, deadline, active: spec.active })
  if (!conn.ok) return conn.error
  const { socket, raw: rawSocket, route } = conn.value
  const redactedUrl = network.redactor.url(url.href)
  const requestHeaders: Record<string, string> = {
    host: url.host,
    'user-agent': 'Handover/0.1 (launch-readiness audit)',
    accept: '*/*',
    connection: 'close',
    ...lowerKeys(headers),
  }
  if (body !== undefined) requestHeaders['content-length'] = String(Buffer.byteLength(body))
  return new Promise((resolve) => {
    let settled = false
    let bodyBytes = 0
    const raw: Buffer[] = []
    let rawBytes = 0
    const kept: Buffer[] = []
    let keptBytes = 0
    const hash = createHash('sha256')
    const keep = spec.keepBody ?? 0
    const cap = network.settings.maxResponseBytes
    const finish = (value: OneExchange | ProbeError): void => {
      if (settled) return
      settled = true
      clearTimeout(total)
      stop?.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(value)
    }
    const fail = (code: string, message: string): void => {
      rec.add('http', url.host, `${method} ${redactedUrl}: ${message}`, code)
      finish({ code, message })
    }
    const remaining = Math.max(1, deadline - Date.now())
    const total = setTimeout(() => {
      req.destroy()
      fail(
        NET.TIMEOUT_TOTAL,
        `${method} ${redactedUrl} did not complete within ${network.settings.totalMs} ms`,
      )
    }, remaining)
    const stop = network.signalFor(rec)
    const onAbort = (): void =>
      network.signal?.aborted
        ? fail(NET.CANCELLED, 'the run was cancelled')
        : fail(NET.PROBE_ABORTED, 'the probe ran past its deadline and was stopped')
    stop?.addEventListener('abort', onAbort, { once: true })
    // A listener that throws ends this exchange as a coded failure, never as an uncaught exception.
    const guard =
      <A extends unknown[]>(listener: (...args: A) => void) =>
      (...args: A): void => {
        try {
          listener(...args)
        } catch (err) {
          fail(NET.INTERNAL, `${method} ${redactedUrl} failed inside the tool: ${thrownMessage(err)}`)
        }
      }
    const req = http.request({
      method,
      path: `${url.pathname}${url.search}`,
      headers: requestHeaders,
      // With no agent, node:http uses this socket: ours, already routed, scope-checked and counted.
      createConnection: () => socket,
      setHost: false,
      // Node's parser caps header size; we cap the body ourselves.
      maxHeaderSize: 64 * 1024,
    })
    rawSocket.setTimeout(
      network.settings.readMs,
      guard(() => fail(NET.TIMEOUT_READ, `${url.host} sent nothing for ${network.settings.readMs} ms`)),
    )
    req.on(
      'error',
      guard((err: NodeJS.ErrnoException) =>
        fail(codeOfSocketError(err), `${method} ${redactedUrl} failed (${err.code ?? err.message})`),
      ),
    )
    req.on(
      'response',
      guard((res: http.IncomingMessage) => {
        res.on(
          'data',
          guard((chunk: Buffer) => {
            bodyBytes += chunk.length
            if (bodyBytes > cap) {
              res.destroy()
              fail(
                NET.RESPONSE_TOO_LARGE,
                `${redactedUrl} sent more than ${cap} bytes (network.maxResponseBytes)`,
              )
              return
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
          }),
        )
        res.on(
          'error',
          guard((err: NodeJS.ErrnoException) =>
            fail(codeOfSocketError(err), `reading ${redactedUrl} failed (${err.code ?? err.message})`),
          ),
        )
        res.on(
          'end',
          guard(() => {
            const status = res.statusCode ?? 0
            const exchangeRecord: HttpExchange = {
              method,
              url: redactedUrl,
              status,
              httpVersion: res.httpVersion,
              headers: network.redactor.headers(res.headers),
              requestHeaders: network.redactor.headers(requestHeaders),
              bodyBytes,
              bodySha256: hash.digest('hex'),
              bodyTruncated: bodyBytes > keptBytes && keep > 0,
              durationMs: Math.round(performance.now() - started),
              remote: `${route.address}:${route.connectPort}`,
            }
            if (keep > 0) exchangeRecord.body = network.redactor.text(Buffer.concat(kept).toString('utf8'))
            const facts = conn.value.tls
            if (facts) {
              exchangeRecord.tls = { protocol: facts.protocol, authorized: facts.authorized }
              if (facts.authorizationError) exchangeRecord.tls.authorizationError = facts.authorizationError
              if (facts.hostnameError) exchangeRecord.tls.hostnameError = facts.hostnameError
            }
            rec.add(
              'http',
              url.host,
              `${method} ${redactedUrl} → ${status} (${bodyBytes} bytes, ${exchangeRecord.durationMs} ms)`,
            )
            if (status === 429) network.limiter.halt(`${url.host} answered 429 Too Many Requests`)
            const location = res.headers.location
            const captured = spec.capture
              ? { body: Buffer.concat(raw).toString('utf8'), setCookies: res.headers['set-cookie'] ?? [] }
              : undefined
            finish({
              exchange: exchangeRecord,
              ...(location ? { location } : {}),
              ...(captured ? { raw: captured } : {}),
            })
          }),
        )
      }),
    )
    if (body !== undefined) req.write(body)
    req.end()
  })
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
}
