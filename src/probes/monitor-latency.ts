// monitor.latency's probe: a warm-up, then N timed samples of one core read on kept-alive connections, at most
// network.concurrency in flight, at the engagement's rate. Timing comes from the network layer's exchange record.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { mapLimit } from '../core/concurrency'
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import type { LatencyObservation, SampleFailure } from '../monitoring/latency'
import { isNotTried, NET } from '../network/codes'
import { fetchUrl, HttpPool, type HttpTiming } from '../network/http'
import type { Network, Recorder } from '../network/network'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'

/** Headers that carry a request or trace id (matched case-insensitively). */
export const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-trace-id',
  'traceparent',
  'cf-ray',
  'x-cloud-trace-context',
  'x-vercel-id',
  'fly-request-id',
] as const

/** Answers in a window of the last samples that, when mostly server errors, stop the sampler (harm). */
const STORM_WINDOW = 20
const STORM_SHARE = 0.5

/** How the latency sampler reads one URL: headers, samples, warm-up and deadline. */
export interface SamplerOptions {
  url: string
  /** Session headers, when the read needs a signed-in account. */
  headers?: Record<string, string>
  samples: number
  /** Requests sent first and not counted; default: enough to open every connection. */
  warmup?: number
  /** Absolute end of the whole sampling. */
  deadline: number
  /** Called for every counted sample with the wall time around the request (the bench's overhead figure). */
  onSample?: (wallMs: number, timing: HttpTiming | undefined) => void
}

/** What the sampler saw, plus the request id it supplied on the first warm-up request and whether it came back. */
export interface SamplerResult extends LatencyObservation {
  echo: { sent: string; header?: string; echoed: boolean }
}

/** Time spent opening the connection an exchange used (zero on a kept-alive one). */
function setupMs(t: HttpTiming): number {
  return t.reused ? 0 : (t.dnsMs ?? 0) + (t.connectMs ?? 0) + (t.tlsMs ?? 0)
}

const round = (ms: number): number => Math.round(Math.max(0, ms) * 10) / 10

/** Samples one URL: every request through fetchUrl on one HttpPool, so at most network.concurrency connections. */
export async function sampleLatency(
  network: Network,
  rec: Recorder,
  options: SamplerOptions,
): Promise<SamplerResult> {
  const concurrency = Math.max(1, Math.min(network.settings.concurrency, options.samples))
  const warmup = options.warmup ?? Math.min(20, Math.max(concurrency, Math.ceil(options.samples / 20)))
  const supplied = `handover-${randomBytes(8).toString('hex')}`
  const obs: SamplerResult = {
    url: network.redactor.url(options.url),
    warmup,
    requested: options.samples,
    sent: 0,
    concurrency,
    samplesMs: [],
    ttfbMs: [],
    failures: [],
    handshakes: { opened: 0, connectMs: [], tlsMs: [] },
    requestIdHeaders: {},
    answered: 0,
    echo: { sent: supplied, echoed: false },
  }
  const pool = new HttpPool(network, rec)
  const recent: boolean[] = []
  const once = async (counted: boolean, extra: Record<string, string> = {}): Promise<void> => {
    const t0 = performance.now()
    const outcome = await fetchUrl(
      network,
      {
        url: options.url,
        headers: { ...options.headers, ...extra },
        follow: false,
        pool,
        deadline: Math.min(options.deadline, Date.now() + network.settings.totalMs),
      },
      rec,
    )
    const wallMs = performance.now() - t0
    const exchange = outcome.exchanges[0]
    if (exchange?.timing && !exchange.timing.reused) {
      obs.handshakes.opened++
      obs.handshakes.connectMs.push(round(exchange.timing.connectMs ?? 0))
      if (exchange.timing.tlsMs !== undefined) obs.handshakes.tlsMs.push(round(exchange.timing.tlsMs))
    }
    if (extra['x-request-id'] && exchange) {
      const header = Object.entries(exchange.headers).find(([, v]) => v.includes(supplied))?.[0]
      obs.echo = { sent: supplied, ...(header ? { header } : {}), echoed: header !== undefined }
    }
    if (!counted) return
    if (!exchange) {
      const code = outcome.error?.code ?? NET.INTERNAL
      // Our own limits (budget, deadline, cancellation) say nothing about the portal: stop, count nothing.
      if (isNotTried(code) || code === NET.HALTED || code === NET.PROBE_ABORTED) {
        obs.stopped ??= `${code}: ${outcome.error?.message ?? 'not sent'}`
        return
      }
      obs.sent++
      obs.failures.push({ code } satisfies SampleFailure)
      recent.push(true)
    } else {
      obs.sent++
      obs.answered++
      for (const name of REQUEST_ID_HEADERS)
        if (exchange.headers[name]) obs.requestIdHeaders[name] = (obs.requestIdHeaders[name] ?? 0) + 1
      const timing = exchange.timing
      if (exchange.status >= 400) obs.failures.push({ status: exchange.status })
      else if (timing) {
        obs.samplesMs.push(round(timing.totalMs - setupMs(timing)))
        obs.ttfbMs.push(round(timing.ttfbMs - setupMs(timing)))
      }
      recent.push(exchange.status >= 500)
      if (exchange.status === 429) obs.stopped ??= `${exchange.url} answered 429 Too Many Requests`
    }
    options.onSample?.(wallMs, exchange?.timing)
    if (recent.length > STORM_WINDOW) recent.shift()
    if (recent.length === STORM_WINDOW && recent.filter(Boolean).length / STORM_WINDOW > STORM_SHARE)
      obs.stopped ??= `more than half of the last ${STORM_WINDOW} samples failed with server errors or no answer`
  }
  try {
    // Warm-up first, then the counted samples, `concurrency` in flight; nothing new starts once the run stopped.
    await mapLimit(Array.from({ length: warmup }), concurrency, async (_, i) => {
      if (!obs.stopped) await once(false, i === 0 ? { 'x-request-id': supplied } : {})
    })
    await mapLimit(Array.from({ length: options.samples }), concurrency, async () => {
      if (!obs.stopped) await once(true)
    })
  } finally {
    await pool.close()
  }
  return obs
}

const ms = z.number().nonnegative()

/** Data of a `monitor.latency` observation, as validated when a stored run or a fixture is read. */
export const latencyObservationSchema = z.strictObject({
  url: z.string(),
  account: z.string().optional(),
  warmup: z.number().int().nonnegative(),
  requested: z.number().int().positive(),
  sent: z.number().int().nonnegative(),
  concurrency: z.number().int().positive(),
  samplesMs: z.array(ms),
  ttfbMs: z.array(ms),
  failures: z.array(
    z.strictObject({ status: z.number().int().min(100).max(599).optional(), code: z.string().optional() }),
  ),
  handshakes: z.strictObject({
    opened: z.number().int().nonnegative(),
    connectMs: z.array(ms),
    tlsMs: z.array(ms),
  }),
  requestIdHeaders: z.record(z.string(), z.number().int().nonnegative()),
  answered: z.number().int().nonnegative(),
  stopped: z.string().optional(),
  echo: z.strictObject({ sent: z.string(), header: z.string().optional(), echoed: z.boolean() }),
})

// The schema and the types say the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _latencyShape: Same<z.output<typeof latencyObservationSchema>, SamplerResult> = true
void _latencyShape

/** What the latency probe samples: a URL, optionally as an account, this many times. */
export interface LatencyParams {
  url: string
  account?: string
  samples: number
}

/** How long a sampling may take: the network's total time, the rate's spacing, and a second per round. */
export function samplingTimeMs(samples: number, engagement: Engagement): number {
  const n = samples + 20
  const rounds = Math.ceil(n / Math.max(1, engagement.net.concurrency))
  return engagement.net.totalMs + (n * 1000) / engagement.scope.maxRps + rounds * 1000
}

/** Probe `monitor.latency`: samples the latency of one core read. */
export const monitorLatency: ProbeKind<LatencyParams, SamplerResult> = {
  kind: 'monitor.latency',
  subject: ({ url }) => url,
  timeLimitMs: ({ samples }, engagement) => samplingTimeMs(samples, engagement),
  // Percentiles of the portal, not of our own event loop: sampled while no other probe works.
  exclusive: true,
  async run({ url, account, samples }, ctx): Promise<ProbeResult<SamplerResult>> {
    let headers: Record<string, string> | undefined
    if (account) {
      const session = await ctx.sessions.get(account, ctx.rec)
      if (!session.ok) return failure(session.error.code, session.error.message)
      headers = session.value.headers
    }
    const obs = await sampleLatency(ctx.network, ctx.rec, { url, headers, samples, deadline: ctx.deadline })
    return ok(account ? { ...obs, account } : obs)
  },
}

/** The sampling of every core read of the engagement, as the account `monitoring.account` when one is named. */
export function latencyProbesOf(engagement: Engagement): ProbeRequest[] {
  const m = engagement.monitoring
  if (!m) return []
  return m.coreReads.map((url) =>
    request(monitorLatency.kind, url, {
      url,
      samples: m.samples,
      ...(m.account ? { account: m.account } : {}),
    }),
  )
}
