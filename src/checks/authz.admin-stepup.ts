// authz.admin-stepup (hybrid): the admin action the engagement declares safe (auth.adminAction) is sent once as the
// admin, with consent `authz`. A step-up challenge (RFC 9470 insufficient_user_authentication, a one-time-code field,
// second-factor or re-authentication wording) passes; a 2xx that repeats what was sent proves the action was carried
// out without one and fails; anything else, or no action or consent, is for a person to attest.
import type { Attestation } from '../core/types'
import type { Engagement } from '../engagement/load'
import { stepupAccount, stepupOf, type StepupFacts } from '../probes/identity-stepup'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { errorCode } from './support/credentials'
import { CHECK } from './codes'
import { attestationEvidence, attestedFacts, attestedOutcome } from './support/attested'

type Found = FindingOf<'authz.admin-stepup'>

/** RFC 9470: the resource server wants a stronger or fresher authentication. */
const RFC9470 = /insufficient_user_authentication/i
/** A field for a one-time code (autocomplete one-time-code, or a name such as otp, totp, mfa_code). */
const OTP_FIELD =
  /<input\b[^>]*(?:autocomplete\s*=\s*["']?one-time-code|name\s*=\s*["']?(?:otp|totp|mfa[_-]?code|2fa[_-]?code|verification[_-]?code))/i
/** Words of a second-factor or re-authentication prompt. */
const STEPUP_WORDS =
  /second factor|two[- ]factor|2fa\b|multi[- ]factor|\bmfa\b|one-time code|verification code|authenticator app|security key|re-?authenticat|re-?enter your password|confirm your password|step[- ]up/i

/** How the answer asked for step-up, in words, or undefined when it did not. */
export function stepupChallenge(facts: StepupFacts): string | undefined {
  const body = facts.body ?? ''
  if (RFC9470.test(facts.wwwAuthenticate ?? ''))
    return 'a stronger sign-in (WWW-Authenticate insufficient_user_authentication, RFC 9470)'
  if (RFC9470.test(body)) return 'a stronger sign-in (insufficient_user_authentication, RFC 9470)'
  if (OTP_FIELD.test(body)) return 'a one-time code (a code field on the page)'
  const text = body.replace(/<[^>]+>/g, ' ')
  const words = STEPUP_WORDS.exec(text)
  if (words) return `a second factor or fresh sign-in ("${words[0]}")`
  if (/<input\b[^>]*type\s*=\s*["']?password/i.test(body)) return 'the password again (a password field)'
  return undefined
}

/** The attested outcome, when a person answered. */
function attested(subject: string, answer: Attestation): Found {
  return {
    subject,
    outcome: attestedOutcome(answer),
    facts: attestedFacts(answer),
    evidence: attestationEvidence(answer),
  }
}

/** True when the action is declared, an admin may send it and `authz` is consented: the probe runs. */
function testable(e: Engagement): boolean {
  return Boolean(e.auth?.adminAction && stepupAccount(e) && e.scope.active.includes('authz'))
}

/** authz.admin-stepup: a declared admin action asks for step-up before it is carried out. */
export const authzAdminStepup = defineCheck({
  id: 'authz.admin-stepup',
  version: 2,
  stage: 2,
  // The action is a write: the check gates its probe on consent itself, so without it a person can still attest.
  mode: 'hybrid',
  outcomes: [
    'step-up-required',
    'no-step-up',
    'unclear',
    'awaiting',
    'attested-pass',
    'attested-fail',
    'not-applicable',
  ],
  needs: (e) => (testable(e) ? [stepupOf(e)] : []),
  evaluate(observations, { engagement, attestations }): Found[] {
    const answer = attestations.filter((a) => a.check === 'authz.admin-stepup').at(-1)
    if (!testable(engagement))
      return [answer ? attested('engagement', answer) : { subject: 'engagement', outcome: 'awaiting' }]
    const action = engagement.auth!.adminAction!
    const subject = `${action.method} ${action.url}`
    const obs = observations.get<StepupFacts>(stepupOf(engagement))
    if (!obs?.data) return [observationError(subject, obs)]
    const facts = obs.data
    if (facts.error)
      return [
        {
          subject,
          outcome: 'error',
          code: errorCode(facts.code, CHECK.STEPUP_NOT_TESTED),
          facts: { reason: facts.error },
        },
      ]
    const evidence = [
      {
        label: `${facts.method} ${facts.url} as ${facts.account}`,
        value: [
          `${facts.status}${facts.contentType ? ` ${facts.contentType}` : ''}`,
          ...(facts.wwwAuthenticate ? [`WWW-Authenticate: ${facts.wwwAuthenticate}`] : []),
          (facts.body ?? '').slice(0, 600),
        ].join('\n'),
        observation: obs.key,
      },
    ]
    const base = { account: facts.account, status: facts.status ?? 0 }
    const challenge = stepupChallenge(facts)
    if (challenge) return [{ subject, outcome: 'step-up-required', facts: { ...base, challenge }, evidence }]
    const echo = facts.sent.find((v) => (facts.body ?? '').includes(v))
    if (facts.status !== undefined && facts.status >= 200 && facts.status < 300 && echo)
      return [{ subject, outcome: 'no-step-up', facts: { ...base, echo }, evidence }]
    if (answer) {
      const person = attested(subject, answer)
      return [{ ...person, evidence: [...evidence, ...(person.evidence ?? [])] }]
    }
    return [{ subject, outcome: 'unclear', facts: base, evidence }]
  },
})
