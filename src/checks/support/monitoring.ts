// What the stage 6 checks share: which URLs are watched and how each is fetched (as the monitoring account).
import type { Observation } from '../../core/types'
import type { Engagement } from '../../engagement/load'
import type { HttpExchange, HttpOutcome } from '../../network/http'
import { authenticatedOf } from '../../probes/authenticated'
import { pageOf } from '../../probes/http'
import { latencyProbesOf, type SamplerResult } from '../../probes/monitor-latency'
import type { ProbeRequest } from '../../probes/probe'
import { observationError, type Finding, type ObservationSet } from '../check'
import type { GenericFinding } from '../define'
import { notConfigured } from './declared'

/** The homepage an uptime monitor should watch: the portal, else the www host, else the apex. */
export function homepageOf(e: Engagement): string | undefined {
  if (e.portal?.url) return e.portal.url
  const apex = e.domains?.apex
  if (!apex) return undefined
  return e.domains?.www ? `https://www.${apex}/` : `https://${apex}/`
}

/** The request that fetches the health endpoint: signed in as `monitoring.account` when one is named. */
export function healthRequestOf(e: Engagement): ProbeRequest | undefined {
  const health = e.monitoring?.health
  if (!health) return undefined
  return e.monitoring?.account ? authenticatedOf(health, e.monitoring.account) : pageOf(health)
}

/** The last response of a fetch (after redirects), if any. */
export function finalExchange(outcome: HttpOutcome | undefined): HttpExchange | undefined {
  return outcome?.exchanges.at(-1)
}

/**
 * One finding per sampled core read, judged by `judge` from its samples: `not-configured` when the engagement
 * lists no core read, the probe's error when a read was not sampled.
 */
export function judgeCoreReads<F extends Finding>(
  observations: ObservationSet,
  engagement: Engagement,
  judge: (req: ProbeRequest, samples: SamplerResult, obs: Observation<SamplerResult>) => F,
): (F | GenericFinding)[] {
  const probes = latencyProbesOf(engagement)
  if (probes.length === 0)
    return [
      notConfigured(
        'monitoring.coreReads',
        'No core read is listed (monitoring.coreReads in handover.json).',
      ),
    ]
  return probes.map((req): F | GenericFinding => {
    const obs = observations.get<SamplerResult>(req)
    return obs?.data
      ? judge(req, obs.data, obs as Observation<SamplerResult>)
      : observationError(req.subject, obs)
  })
}
