// authz.reset-expiry (hybrid): reset or magic links the consultant has used or let expire (auth.resetLinks) are
// opened again; the page must refuse them. Without links, a person attests.
import { resetOf, type ResetFacts } from '../probes/identity'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { errorCode } from './support/credentials'
import { CHECK } from './codes'

/** authz.reset-expiry: used or expired reset links are refused. */
export const authzResetExpiry = defineCheck({
  id: 'authz.reset-expiry',
  version: 1,
  stage: 2,
  mode: 'hybrid',
  outcomes: ['rejected', 'still-works', 'unclear', 'awaiting', 'attested-pass', 'attested-fail'],
  needs: (e) => (e.auth?.resetLinks.length ? [resetOf(e)] : []),
  evaluate(observations, { engagement, attestations }): FindingOf<'authz.reset-expiry'>[] {
    const answer = attestations.filter((a) => a.check === 'authz.reset-expiry').at(-1)
    if (!engagement.auth?.resetLinks.length) {
      if (!answer) return [{ subject: 'reset links', outcome: 'awaiting' }]
      const outcome =
        answer.status === 'pass' ? 'attested-pass' : answer.status === 'fail' ? 'attested-fail' : 'awaiting'
      return [
        {
          subject: 'reset links',
          outcome,
          facts: { by: answer.by, at: answer.at.slice(0, 10), note: answer.note ?? '(no note)' },
          evidence: [{ label: 'attested', value: `${answer.status} by ${answer.by} on ${answer.at}` }],
        },
      ]
    }
    const obs = observations.get<ResetFacts>(resetOf(engagement))
    if (!obs?.data) return [observationError('reset links', obs)]
    return obs.data.attempts.map((a): FindingOf<'authz.reset-expiry'> => {
      const subject = `${a.state} reset link${a.account ? ` (${a.account})` : ''}`
      if (a.error)
        return {
          subject,
          outcome: 'error',
          code: errorCode(a.code, CHECK.RESET_NOT_OPENED),
          facts: { reason: a.error },
        }
      const evidence = [
        {
          label: `GET ${a.url}`,
          value: `${a.status}${a.passwordForm ? ' · offers a new password' : ''}\n${a.excerpt ?? ''}`,
          observation: obs.key,
        },
      ]
      const facts = { state: a.state, status: a.status ?? 0 }
      if (a.status !== undefined && a.status < 400 && a.passwordForm && !a.saysInvalid)
        return { subject, outcome: 'still-works', facts, evidence }
      if ((a.status !== undefined && a.status >= 400) || (a.saysInvalid && !a.passwordForm))
        return { subject, outcome: 'rejected', facts, evidence }
      return { subject, outcome: 'unclear', facts, evidence }
    })
  },
})
