// Latency statistics of sampled core reads: exact percentiles (nearest rank) over every kept sample, the error
// rate, and the histogram the wizard and the pack draw. Pure and dependency-free, so the renderer's types can use it.

/** The operational target for core reads (the sprint brief: p95 under 300 ms). */
export const LATENCY_TARGET_MS = 300
/** The operational target for failed requests on normal traffic (under 1 %). */
export const ERROR_RATE_TARGET = 0.01

/** One sample's failure: the HTTP status it answered with, or the network layer's code when it never answered. */
export interface SampleFailure {
  status?: number
  code?: string
}

/** Data of a `monitor.latency` observation: what the sampler saw for one core read. */
export interface LatencyObservation {
  url: string
  /** The account whose session carried the requests, when the read needs one. */
  account?: string
  /** Requests sent first and not counted (they open the kept-alive connections). */
  warmup: number
  /** Samples asked for (`monitoring.samples`). */
  requested: number
  /** Samples sent (fewer than requested when the sampler stopped). */
  sent: number
  /** Requests in flight at once (at most `network.concurrency`). */
  concurrency: number
  /**
   * Milliseconds from sending the request to the last byte of the body, for every sample answered with a 2xx or
   * 3xx status, in the order sent; connection set-up (DNS, connect, TLS) is not part of it, it is in `handshakes`.
   */
  samplesMs: number[]
  /** Time to the first byte of the response head, same samples, same order. */
  ttfbMs: number[]
  /** Every sample that failed: a status of 400 or more, or no answer. */
  failures: SampleFailure[]
  /** Connections the samples opened, and where their set-up time went. */
  handshakes: { opened: number; connectMs: number[]; tlsMs: number[] }
  /** Response headers that carry a request id, and on how many answered samples each was seen. */
  requestIdHeaders: Record<string, number>
  /** Answered samples (any status). */
  answered: number
  /** Why sampling stopped early (a rate limit or a storm of server errors). */
  stopped?: string
}

/** The q-quantile (0 < q ≤ 1) of ascending `sorted` by nearest rank: the smallest value with ≥ q of the samples at or below it. */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil(q * sorted.length - 1e-9)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

/** p50, p95 and p99 of a set of samples, exact (every sample kept, nearest rank). */
export interface Percentiles {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Count and nearest-rank percentiles of a set of latency samples. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 0.5),
    p95: nearestRank(sorted, 0.95),
    p99: nearestRank(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  }
}

/** Failed samples over sent samples, and the failures counted by status or code (`503 ×4, TIMEOUT_READ ×1`). */
export function errorRate(obs: Pick<LatencyObservation, 'failures' | 'sent'>): {
  rate: number
  failed: number
  byCause: [string, number][]
} {
  const counts = new Map<string, number>()
  for (const f of obs.failures) {
    const cause = f.status !== undefined ? String(f.status) : (f.code ?? 'UNKNOWN')
    counts.set(cause, (counts.get(cause) ?? 0) + 1)
  }
  return {
    rate: obs.sent === 0 ? 0 : obs.failures.length / obs.sent,
    failed: obs.failures.length,
    byCause: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  }
}

/** One bar of the latency histogram. */
export interface HistogramBin {
  from: number
  to: number
  count: number
}

/** Samples in bins of `width` ms from 0 past the target line and the slowest sample. */
export function latencyHistogram(samples: readonly number[], width = 50): HistogramBin[] {
  const slowest = samples.reduce((m, s) => Math.max(m, s), 0)
  const top = Math.max(LATENCY_TARGET_MS + width, Math.ceil((slowest + 1e-9) / width) * width)
  const bins: HistogramBin[] = Array.from({ length: Math.round(top / width) }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    count: 0,
  }))
  for (const s of samples) bins[Math.min(bins.length - 1, Math.floor(s / width))]!.count++
  return bins
}
