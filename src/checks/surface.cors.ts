// surface.cors: which Origins a URL lets read its answers. A reflected Origin or `null` with credentials is
// critical, and so is a look-alike trusted by a loose match; `*` or reflection on a protected endpoint is high.
// `*` on a public endpoint without credentials is what public APIs do, and passes.
import type { Evidence } from '../core/types'
import { corsOf, corsTargets, type CorsFacts, type CorsTrial } from '../probes/surface-cors'
import { errorFinding, type CheckDefinition, type Finding } from './check'
import { exchangePair } from './support/exchange'

const ORDER = [
  'reflects-with-credentials',
  'null-with-credentials',
  'trusts-lookalike',
  'open-on-authenticated',
  'public-open',
  'restricted',
] as const

type Verdict = (typeof ORDER)[number]

const SHOWN = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'vary',
]

/** What one trial shows. */
function verdictOf(t: CorsTrial, isProtected: boolean): Verdict {
  const h = t.exchange?.headers ?? {}
  const allowed = h['access-control-allow-origin']?.trim()
  const credentials = h['access-control-allow-credentials']?.trim().toLowerCase() === 'true'
  if (!allowed) return 'restricted'
  const granted = allowed === t.origin
  if (granted && credentials) {
    if (t.variant === 'null') return 'null-with-credentials'
    if (t.variant === 'suffix' || t.variant === 'prefix') return 'trusts-lookalike'
    return 'reflects-with-credentials'
  }
  // `*` never carries credentials (browsers refuse the pair), but any script may read what it guards.
  if (granted || allowed === '*')
    return isProtected || t.variant === 'authenticated' ? 'open-on-authenticated' : 'public-open'
  return 'restricted'
}

export const surfaceCors: CheckDefinition = {
  id: 'surface.cors',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: [...ORDER],
  needs: (e) => corsTargets(e).map(corsOf),
  evaluate(observations, { engagement }) {
    return corsTargets(engagement).map((target): Finding => {
      const obs = observations.get<CorsFacts>(corsOf(target))
      const trials = obs?.data?.trials.filter((t) => t.exchange) ?? []
      if (!obs?.data || trials.length === 0) {
        const failed = obs?.data?.trials.find((t) => t.error)
        return errorFinding(target.url, failed?.error && obs ? { ...obs, error: failed.error } : obs)
      }
      const judged = trials.map((t) => ({ t, v: verdictOf(t, obs.data!.protected) }))
      judged.sort((a, b) => ORDER.indexOf(a.v) - ORDER.indexOf(b.v))
      const worst = judged[0]!
      const evidence: Evidence[] =
        worst.v === 'restricted'
          ? judged.flatMap(({ t }) =>
              exchangePair(t.exchange!, obs.key, SHOWN, ['origin'])
                .slice(1, 2)
                .map((e) => ({ ...e, label: `response to Origin: ${t.origin}` })),
            )
          : judged
              .filter((j) => j.v === worst.v)
              .flatMap(({ t }) =>
                exchangePair(t.exchange!, obs.key, SHOWN, ['origin', 'access-control-request-method']),
              )
      return {
        subject: target.url,
        outcome: worst.v,
        facts: {
          origin: worst.t.origin,
          variant: worst.t.variant,
          allowed: worst.t.exchange!.headers['access-control-allow-origin'] ?? 'none',
        },
        evidence,
      }
    })
  },
}
