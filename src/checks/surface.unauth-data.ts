// surface.unauth-data: every protected endpoint, asked without credentials, refuses — proven by content: an
// answer that carries the data a signed-in account got is a leak; a redirect to sign-in or an error is not.
import { surfaceOf, type SurfaceFacts } from '../probes/identity'
import { anonymousLeak, exchangeEvidence } from './support/access'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { credentialError, credentialGap } from './support/credentials'
import { CHECK } from './codes'
import { PROBE } from '../probes/codes'
import { notConfigured } from './support/declared'

/** surface.unauth-data: protected endpoints give no data without credentials. */
export const surfaceUnauthData = defineCheck({
  id: 'surface.unauth-data',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: ['enforced', 'leaks-data'],
  needs: (e) => (e.api || e.portal ? [surfaceOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'surface.unauth-data'>[] {
    const obs = observations.get<SurfaceFacts>(surfaceOf(engagement))
    if (!engagement.api && !engagement.portal)
      return [notConfigured('endpoints', 'No api or portal is declared in handover.json.')]
    if (!obs?.data) return [observationError('endpoints', obs)]
    const data = obs.data
    const byEndpoint = new Map<string, typeof data.anonymous>()
    for (const x of data.anonymous) byEndpoint.set(x.endpoint, [...(byEndpoint.get(x.endpoint) ?? []), x])
    // An object endpoint is asked with the ids the accounts' own answers gave: one whose owners could not sign
    // in for want of a credential could not be observed (isNoCredential), rather than left out.
    const gap = credentialGap(data.sessions)
    const unasked =
      gap && !data.stopped
        ? data.endpoints
            .filter((e) => e.method === 'GET' && e.protected && e.template.includes('{id}'))
            .map((e) => `${e.method} ${e.template}`)
            .filter((key) => !byEndpoint.has(key))
            .map((key) => credentialError(key, gap, obs.key))
        : []
    if (byEndpoint.size === 0 && unasked.length > 0) return unasked
    if (byEndpoint.size === 0)
      return [
        data.stopped
          ? {
              subject: 'endpoints',
              outcome: 'error',
              code: CHECK.STOPPED_ON_HARM,
              facts: { reason: data.stopped },
            }
          : notConfigured(
              'endpoints',
              'No protected endpoint is known (declare api.endpoints or api.openapi).',
            ),
      ]
    const asked = [...byEndpoint].map(([endpoint, tries]): FindingOf<'surface.unauth-data'> => {
      const failed = tries.find((t) => t.error)
      if (failed && tries.every((t) => t.error))
        return { subject: endpoint, outcome: 'error', code: PROBE.NOT_SENT, facts: { reason: failed.error! } }
      for (const anon of tries) {
        const leak = anonymousLeak(anon, data.own)
        const leaked = leak?.ref
        if (leak)
          return {
            subject: endpoint,
            outcome: 'leaks-data',
            facts: { status: anon.status ?? 0, account: leaked?.as ?? 'any account' },
            evidence: [
              exchangeEvidence('without credentials', anon, obs.key),
              ...(leaked ? [exchangeEvidence('signed in', leaked, obs.key)] : []),
            ],
          }
      }
      const first = tries[0]!
      return {
        subject: endpoint,
        outcome: 'enforced',
        facts: { status: first.status ?? first.error ?? '' },
        evidence: tries.map((t) => exchangeEvidence('without credentials', t, obs.key)),
      }
    })
    return [...asked, ...unasked]
  },
})
