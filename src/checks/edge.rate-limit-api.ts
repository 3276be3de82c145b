// edge.rate-limit-api (active, consent rate-limit): one declared read (rateLimits.api.url) called in a burst as a
// signed-in account; the first 429 or Retry-After passes, and data to the last request of the burst proves no throttle.
import { rateLimitApiOf, type BurstFacts } from '../probes/behaviour-ratelimit'
import { defineCheck, type FindingOf } from './define'
import { burstFinding } from './support/burst'
import { notConfigured } from './support/declared'

const answered = (status: number | undefined, body: string | undefined): boolean =>
  status !== undefined && status >= 200 && status < 300 && (body ?? '').trim().length > 2

/** edge.rate-limit-api: a burst against the API is throttled. */
export const edgeRateLimitApi = defineCheck({
  id: 'edge.rate-limit-api',
  version: 1,
  stage: 4,
  mode: 'active',
  family: 'rate-limit',
  outcomes: ['throttled', 'never-throttled'],
  needs: (e) => (e.rateLimits?.api ? [rateLimitApiOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'edge.rate-limit-api'>[] {
    const api = engagement.rateLimits?.api
    if (!api)
      return [
        notConfigured('API', 'rateLimits.api.url (a read to call in a burst) must be set in handover.json.'),
      ]
    const subject = `GET ${api.url}`
    // Proof by content: the last request of the burst still got data, as the first did.
    return [
      burstFinding(
        subject,
        observations.get<BurstFacts>(rateLimitApiOf(engagement)),
        (first, last) => answered(first.status, first.body) && answered(last.status, last.body),
      ),
    ]
  },
})
