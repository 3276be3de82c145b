// The preamble every zone-wide check shares: the engagement's apex and the one observation it judges.
import type { Evidence, Observation } from '../../core/types'
import type { Engagement } from '../../engagement/load'
import { DNS } from '../../network/codes'
import type { ProbeRequest } from '../../probes/probe'
import { observationError, type ObservationSet } from '../check'
import type { GenericFinding } from '../define'
import { notConfigured } from './declared'

/** The apex and its observation with data, or the findings to return instead (not configured, or an error). */
export function zoneObservation<T>(
  observations: ObservationSet,
  engagement: Engagement,
  requestFor: (apex: string, engagement: Engagement) => ProbeRequest,
): { apex: string; obs: Observation<T> & { data: T } } | GenericFinding[] {
  const apex = engagement.domains?.apex
  if (!apex) return noApexDomain()
  const obs = observations.get<T>(requestFor(apex, engagement))
  if (!obs?.data) return [observationError(apex, obs)]
  return { apex, obs: obs as Observation<T> & { data: T } }
}

/** Probe requests of a zone-wide check: none when the engagement has no apex. */
export function zoneNeeds(requestFor: (apex: string, engagement: Engagement) => ProbeRequest) {
  return (e: Engagement): ProbeRequest[] => (e.domains?.apex ? [requestFor(e.domains.apex, e)] : [])
}

/** The finding of a check on an engagement that names no apex domain. */
export function noApexDomain(): GenericFinding[] {
  return [notConfigured('apex', 'The engagement names no apex domain (domains.apex).')]
}

/** The finding of a mail check on an engagement without a mail section. */
export function noMailDomain(): GenericFinding[] {
  return [notConfigured('mail', 'The engagement names no mail domain (mail.domain).')]
}

/** The finding when a stored run lacks lookups a newer check version replays (it cannot judge offline). */
export function notRecorded(
  subject: string,
  unrecorded: readonly string[],
  evidence: Evidence[],
): GenericFinding {
  return {
    subject,
    outcome: 'error',
    code: DNS.NOT_RECORDED,
    facts: { reason: `the stored run lacks the lookups ${unrecorded.join(', ')}` },
    evidence,
  }
}
