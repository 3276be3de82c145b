// The verdict of a rate-limit series (edge.rate-limit-login, edge.rate-limit-api), shared by both checks.
import type { Evidence, Observation } from '../../core/types'
import type { BurstAnswer, BurstFacts } from '../../probes/behaviour-ratelimit'
import { observationError, type ErrorFinding } from '../check'
import { errorCode } from './credentials'
import { CHECK } from '../codes'

/** What a series proved: a throttle, none (with the proof), or why it proved nothing. */
export type BurstVerdict =
  | { outcome: 'throttled'; facts: { as: string; why: string } }
  | { outcome: 'never-throttled'; facts: { as: string; sent: number; status: number } }
  | { outcome: 'not-configured'; facts: { reason: string } }
  | { outcome: 'error'; code: string; facts: { reason: string } }

const line = (label: string, a: BurstAnswer, key: string): Evidence => ({
  label: `${label} (request ${a.n})`,
  value:
    a.error ??
    `${a.status}${a.retryAfter ? ` · Retry-After ${a.retryAfter}` : ''}\n${(a.body ?? '').slice(0, 300)}`,
  observation: key,
})

/** The first and the last answers of the series, as evidence. */
function burstEvidence(obs: Observation<BurstFacts>): Evidence[] {
  const { first, last } = obs.data ?? {}
  return [
    ...(first ? [line('first answer', first, obs.key)] : []),
    ...(last && last.n !== first?.n ? [line('last answer', last, obs.key)] : []),
  ]
}

/**
 * Judges a series: throttled when an answer throttled, locked or challenged; never throttled only when every planned
 * request was answered and the last answer is still the ordinary one (`ordinary` says what that is).
 */
function judgeBurst(
  facts: BurstFacts,
  ordinary: (first: BurstAnswer, last: BurstAnswer) => boolean,
): BurstVerdict {
  if (facts.ended === 'not-configured')
    return { outcome: 'not-configured', facts: { reason: `${facts.why ?? 'not configured'}.` } }
  if (facts.ended === 'throttled')
    return { outcome: 'throttled', facts: { as: facts.as, why: facts.why ?? 'throttled' } }
  if (facts.ended === 'harm')
    return {
      outcome: 'error',
      code: CHECK.RATE_LIMIT_HARM,
      facts: { reason: facts.why ?? 'stopped at a sign of harm' },
    }
  if (facts.ended === 'error')
    return {
      outcome: 'error',
      code: errorCode(facts.code, CHECK.RATE_LIMIT_NOT_TESTED),
      facts: { reason: facts.why ?? 'the series did not finish' },
    }
  const { first, last } = facts
  if (!first || !last || facts.sent < facts.planned || !ordinary(first, last))
    return {
      outcome: 'error',
      code: CHECK.RATE_LIMIT_UNCLEAR,
      facts: {
        reason: `the ${facts.sent} answers neither throttled nor stayed the ordinary answer (first ${first?.status ?? 'none'}, last ${last?.status ?? 'none'})`,
      },
    }
  return { outcome: 'never-throttled', facts: { as: facts.as, sent: facts.sent, status: last.status ?? 0 } }
}

/** The finding of a rate-limit check for `subject`: its series judged (`ordinary` as for judgeBurst), with evidence. */
export function burstFinding(
  subject: string,
  obs: Observation<BurstFacts> | undefined,
  ordinary: (first: BurstAnswer, last: BurstAnswer) => boolean,
): (BurstVerdict & { subject: string; evidence: Evidence[] }) | ErrorFinding {
  if (!obs?.data) return observationError(subject, obs)
  return { subject, ...judgeBurst(obs.data, ordinary), evidence: burstEvidence(obs) }
}
