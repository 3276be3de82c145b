// authz.session-expiry: each account's session states a bounded lifetime (cookie Max-Age/Expires, token `exp`,
// `expires_in`) within the engagement's policy (auth.maxSessionHours).
import { surfaceOf, type SurfaceFacts } from '../probes/identity'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { AUTH } from '../auth/codes'
import { notConfigured } from './support/declared'

/** authz.session-expiry: sessions state a lifetime within the policy. */
export const authzSessionExpiry = defineCheck({
  id: 'authz.session-expiry',
  version: 1,
  stage: 2,
  mode: 'passive',
  outcomes: ['bounded', 'unbounded', 'too-long', 'not-applicable'],
  needs: (e) => (e.auth && e.accounts.length ? [surfaceOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'authz.session-expiry'>[] {
    if (!engagement.auth || engagement.accounts.length === 0)
      return [notConfigured('sessions', 'No auth or accounts are declared in handover.json.')]
    const obs = observations.get<SurfaceFacts>(surfaceOf(engagement))
    if (!obs?.data) return [observationError('sessions', obs)]
    const policyHours = engagement.auth.maxSessionHours
    return obs.data.sessions.map((s): FindingOf<'authz.session-expiry'> => {
      if (!s.ok)
        return {
          subject: s.account,
          outcome: 'error',
          code: s.error?.code ?? AUTH.FAILED,
          facts: { reason: s.error?.message ?? 'sign-in failed' },
        }
      const evidence = [
        {
          label: 'sign-in',
          value: `${s.signIn ? `${s.signIn.method} ${s.signIn.url} → ${s.signIn.status}` : engagement.auth!.kind}${s.signIn?.setCookie ? `\nSet-Cookie: ${s.signIn.setCookie}` : ''}\nlifetime: ${s.lifetime ? `${s.lifetime.source}${s.lifetime.seconds !== undefined ? ` ${s.lifetime.seconds} s` : ''}${s.lifetime.from ? ` (${s.lifetime.from})` : ''}` : 'not stated'}`,
          observation: obs.key,
        },
      ]
      if (!s.lifetime)
        return {
          subject: s.account,
          outcome: 'not-applicable',
          facts: { kind: engagement.auth!.kind },
          evidence,
        }
      const facts = {
        policy: policyHours,
        source: s.lifetime.source,
        from: s.lifetime.from ?? '',
        hours: s.lifetime.seconds !== undefined ? Math.round((s.lifetime.seconds / 3600) * 10) / 10 : 0,
      }
      if (s.lifetime.source === 'none' || s.lifetime.seconds === undefined)
        return { subject: s.account, outcome: 'unbounded', facts, evidence }
      if (s.lifetime.seconds > policyHours * 3600)
        return { subject: s.account, outcome: 'too-long', facts, evidence }
      return { subject: s.account, outcome: 'bounded', facts, evidence }
    })
  },
})
