// monitor.request-id: every sampled core-read response carries a request or trace id, and a supplied id comes back,
// so support can follow one user's request through the logs.
import { latencyProbesOf } from '../probes/monitor-latency'
import { judgeCoreReads } from './support/monitoring'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { PROBE } from '../probes/codes'

/** monitor.request-id: request ids on every sampled response, and a supplied one echoed. */
export const monitorRequestId = defineCheck({
  id: 'monitor.request-id',
  version: 1,
  stage: 6,
  mode: 'passive',
  outcomes: ['echoed', 'not-echoed', 'partial', 'missing'],
  needs: (e) => latencyProbesOf(e),
  evaluate(observations, { engagement }): FindingOf<'monitor.request-id'>[] {
    return judgeCoreReads(observations, engagement, (req, d, obs): FindingOf<'monitor.request-id'> => {
      if (d.answered === 0)
        return observationError(req.subject, {
          ...obs,
          error: { code: PROBE.NO_ANSWER, message: 'no sample was answered' },
        })
      const seen = Object.entries(d.requestIdHeaders).sort((a, b) => b[1] - a[1])
      const best = seen[0]
      const headers = seen.map(([name, n]) => `${name} on ${n}`).join(', ') || 'none'
      const facts = { answered: d.answered, headers, header: best?.[0] ?? '', sent: d.echo.sent }
      const evidence = [
        {
          label: 'request-id headers on sampled responses',
          value: `${headers} of ${d.answered} answered samples`,
          observation: obs.key,
        },
        {
          label: 'supplied X-Request-Id',
          value: d.echo.echoed
            ? `${d.echo.sent} came back in ${d.echo.header}`
            : `${d.echo.sent} did not come back`,
          observation: obs.key,
        },
      ]
      if (!best) return { subject: req.subject, outcome: 'missing', facts, evidence }
      if (best[1] < d.answered) return { subject: req.subject, outcome: 'partial', facts, evidence }
      return { subject: req.subject, outcome: d.echo.echoed ? 'echoed' : 'not-echoed', facts, evidence }
    })
  },
})
