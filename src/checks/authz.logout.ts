// authz.logout: a session of its own is used, signed out, and used again; still getting the same data is a fail.
import { logoutOf, type LogoutFacts } from '../probes/identity'
import { carriesDataOf, exchangeEvidence, refuses } from './support/access'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { errorCode } from './support/credentials'
import { CHECK } from './codes'
import { notConfigured } from './support/declared'

/** authz.logout: a signed-out session gets no more data. */
export const authzLogout = defineCheck({
  id: 'authz.logout',
  version: 1,
  stage: 2,
  mode: 'active',
  family: 'authz',
  outcomes: ['revoked', 'still-valid'],
  needs: (e) => (e.auth?.logout && e.accounts.length ? [logoutOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'authz.logout'>[] {
    const logout = engagement.auth?.logout
    if (!logout || engagement.accounts.length === 0)
      return [
        notConfigured(
          'logout',
          'auth.logout (and an account) must be set in handover.json to test signing out.',
        ),
      ]
    const subject = `${logout.method} ${logout.url}`
    const obs = observations.get<LogoutFacts>(logoutOf(engagement))
    if (!obs?.data) return [observationError(subject, obs)]
    const { before, after, error } = obs.data
    if (error || !before || !after)
      return [
        {
          subject,
          outcome: 'error',
          code: errorCode(obs.data.code, CHECK.LOGOUT_NOT_TESTED),
          facts: { reason: error ?? 'the session was not used before and after' },
        },
      ]
    if (refuses(before))
      return [
        {
          subject,
          outcome: 'error',
          code: CHECK.LOGOUT_NOT_TESTED,
          facts: {
            reason: `the fresh session of ${obs.data.account} was refused before signing out (${before.status ?? before.error})`,
          },
        },
      ]
    const evidence = [
      exchangeEvidence('before signing out', before, obs.key),
      {
        label: 'sign-out',
        value: obs.data.logout?.error ?? `answered ${obs.data.logout?.status ?? 'nothing'}`,
        observation: obs.key,
      },
      exchangeEvidence('after signing out, same session', after, obs.key),
    ]
    const facts = {
      account: obs.data.account,
      endpoint: before.endpoint,
      status: after.status ?? after.error ?? '',
    }
    if (carriesDataOf(after, before)) return [{ subject, outcome: 'still-valid', facts, evidence }]
    return [{ subject, outcome: 'revoked', facts, evidence }]
  },
})
