// monitor.latency: p95 of each core read, exact over every sample, against the 300 ms target of the sprint brief.
import { LATENCY_TARGET_MS, percentiles } from '../monitoring/latency'
import { latencyProbesOf } from '../probes/monitor-latency'
import { judgeCoreReads } from './support/monitoring'
import { defineCheck, type FindingOf } from './define'
import { CHECK } from './codes'

const ms = (v: number): string => `${Math.round(v)} ms`

/** Median of a list, for the handshake line. */
function median(values: readonly number[]): number {
  return percentiles(values).p50
}

/** monitor.latency: Core reads answer fast. */
export const monitorLatency = defineCheck({
  id: 'monitor.latency',
  version: 1,
  stage: 6,
  mode: 'passive',
  outcomes: ['under-target', 'over-target', 'no-answers'],
  needs: (e) => latencyProbesOf(e),
  evaluate(observations, { engagement }): FindingOf<'monitor.latency'>[] {
    return judgeCoreReads(observations, engagement, (req, d, obs): FindingOf<'monitor.latency'> => {
      const p = percentiles(d.samplesMs)
      const ttfb = percentiles(d.ttfbMs)
      const evidence = [
        {
          label: 'samples',
          value: `${d.samplesMs.length} answered with 2xx/3xx of ${d.sent} sent (${d.requested} asked, ${d.warmup} warm-up not counted), ${d.concurrency} in flight${d.stopped ? `; stopped: ${d.stopped}` : ''}`,
          observation: obs.key,
        },
        {
          label: 'request start → last body byte',
          value: `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}, max ${ms(p.max)}`,
          observation: obs.key,
        },
        {
          label: 'time to first byte',
          value: `p50 ${ms(ttfb.p50)}, p95 ${ms(ttfb.p95)}`,
          observation: obs.key,
        },
        {
          label: 'connections (set-up not counted in the samples)',
          value: `${d.handshakes.opened} opened; median connect ${ms(median(d.handshakes.connectMs))}${d.handshakes.tlsMs.length ? `, TLS ${ms(median(d.handshakes.tlsMs))}` : ''}`,
          observation: obs.key,
        },
      ]
      if (d.samplesMs.length === 0)
        return {
          subject: req.subject,
          outcome: 'no-answers',
          code: CHECK.NO_SUCCESSFUL_SAMPLE,
          facts: { sent: d.sent, failed: d.failures.length },
          evidence,
        }
      const facts = {
        p50: Math.round(p.p50),
        p95: Math.round(p.p95),
        p99: Math.round(p.p99),
        count: p.count,
        target: LATENCY_TARGET_MS,
        slower: d.samplesMs.filter((s) => s >= LATENCY_TARGET_MS).length,
      }
      return {
        subject: req.subject,
        outcome: p.p95 >= LATENCY_TARGET_MS ? 'over-target' : 'under-target',
        facts,
        evidence,
      }
    })
  },
})
