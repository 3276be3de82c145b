// monitor.error-rate: the share of sampled core-read requests that failed, with the statuses and codes seen.
import { ERROR_RATE_TARGET, errorRate } from '../monitoring/latency'
import { latencyProbesOf } from '../probes/monitor-latency'
import { judgeCoreReads } from './support/monitoring'
import { defineCheck, type FindingOf } from './define'

const percent = (rate: number): string => `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)} %`

/** monitor.error-rate: Core reads rarely fail. */
export const monitorErrorRate = defineCheck({
  id: 'monitor.error-rate',
  version: 1,
  stage: 6,
  mode: 'passive',
  outcomes: ['no-errors', 'under-target', 'over-target', 'too-few-samples'],
  needs: (e) => latencyProbesOf(e),
  evaluate(observations, { engagement }): FindingOf<'monitor.error-rate'>[] {
    return judgeCoreReads(observations, engagement, (req, d, obs): FindingOf<'monitor.error-rate'> => {
      const e = errorRate(d)
      const causes = e.byCause.map(([cause, n]) => `${cause} ×${n}`).join(', ') || 'none'
      const facts = {
        rate: percent(e.rate),
        failed: e.failed,
        sent: d.sent,
        causes,
        target: percent(ERROR_RATE_TARGET),
      }
      const evidence = [
        {
          label: 'failed samples',
          value: `${e.failed} of ${d.sent} (${percent(e.rate)}): ${causes}${d.stopped ? `; stopped: ${d.stopped}` : ''}`,
          observation: obs.key,
        },
      ]
      if (e.rate >= ERROR_RATE_TARGET)
        return { subject: req.subject, outcome: 'over-target', facts, evidence }
      // Below 100 samples one failure is already a whole percent: the sample cannot show the target is met.
      if (d.sent < 100) return { subject: req.subject, outcome: 'too-few-samples', facts, evidence }
      return { subject: req.subject, outcome: e.failed === 0 ? 'no-errors' : 'under-target', facts, evidence }
    })
  },
})
