// edge.rate-limit-login (active, consent rate-limit): failed sign-ins for a username that is no real account, one after
// another up to rateLimits.login.attempts, through the API login (with a CSRF token read afresh from the login page
// when login.csrf says so) or the sign-in page's own form (auth.kind form); the first 429, 423, Retry-After, CAPTCHA
// or lock-out wording passes, and the same refusal to the last attempt as to the first proves no throttle.
import { rateLimitLoginOf, type BurstFacts } from '../probes/behaviour-ratelimit'
import { defineCheck, type FindingOf } from './define'
import { burstFinding } from './support/burst'
import { notConfigured } from './support/declared'

/** edge.rate-limit-login: repeated failed sign-ins are throttled, locked or challenged. */
export const edgeRateLimitLogin = defineCheck({
  id: 'edge.rate-limit-login',
  version: 2,
  stage: 4,
  mode: 'active',
  family: 'rate-limit',
  outcomes: ['throttled', 'never-throttled'],
  needs: (e) => (e.auth?.login ? [rateLimitLoginOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'edge.rate-limit-login'>[] {
    const login = engagement.auth?.login
    if (!login)
      return [
        notConfigured(
          'sign-in',
          'auth.login (an API sign-in or a sign-in page) must be set in handover.json to test failed sign-ins.',
        ),
      ]
    const subject = `${login.method} ${login.url}`
    // A failed sign-in is refused the same way each time (4xx, or a 200 sign-in page) while nothing throttles it.
    return [
      burstFinding(
        subject,
        observations.get<BurstFacts>(rateLimitLoginOf(engagement)),
        (first, last) => last.status !== undefined && last.status === first.status && last.status < 500,
      ),
    ]
  },
})
