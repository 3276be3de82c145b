// surface.cors: which Origins a URL lets read its answers. A reflected Origin or `null` with credentials is
// critical, and so is a look-alike trusted by a loose match; `*` or reflection on a protected endpoint is high.
// `*` on a public endpoint without credentials is what public APIs do, and passes.
import type { Evidence } from '../core/types'
import { corsOf, corsTargets, type CorsFacts, type CorsTrial } from '../probes/surface-cors'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
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

/** One URL's trials, judged. */
interface Judged {
  url: string
  key: string
  verdicts: { t: CorsTrial; v: Verdict }[]
}

/** surface.cors: which origins each of the portal's origins lets read its answers. */
export const surfaceCors = defineCheck({
  id: 'surface.cors',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: [...ORDER],
  needs: (e) => corsTargets(e).map(corsOf),
  evaluate(observations, { engagement }) {
    // A CORS policy is one middleware per origin: one result per origin, its worst URL deciding.
    const byOrigin = new Map<string, ReturnType<typeof corsTargets>>()
    for (const t of corsTargets(engagement)) {
      const origin = new URL(t.url).origin
      byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), t])
    }
    return [...byOrigin].map(([origin, targets]): FindingOf<'surface.cors'> => {
      const judged: Judged[] = []
      let failed: FindingOf<'surface.cors'> | undefined
      for (const target of targets) {
        const obs = observations.get<CorsFacts>(corsOf(target))
        const answered = obs?.data?.trials.filter((t) => t.exchange) ?? []
        if (!obs?.data || answered.length === 0) {
          const error = obs?.data?.trials.find((t) => t.error)?.error
          failed ??= observationError(origin, error && obs ? { ...obs, error } : obs)
          continue
        }
        const verdicts = answered.map((t) => ({ t, v: verdictOf(t, obs.data!.protected) }))
        verdicts.sort((a, b) => ORDER.indexOf(a.v) - ORDER.indexOf(b.v))
        judged.push({ url: target.url, key: obs.key, verdicts })
      }
      if (judged.length === 0) return failed ?? observationError(origin, undefined)
      judged.sort((a, b) => ORDER.indexOf(a.verdicts[0]!.v) - ORDER.indexOf(b.verdicts[0]!.v))
      const worst = judged[0]!.verdicts[0]!
      const open = judged.filter((j) => j.verdicts[0]!.v === 'public-open').map((j) => j.url)
      const failing = ORDER.indexOf(worst.v) < ORDER.indexOf('public-open')
      const evidence: Evidence[] = failing
        ? judged
            .filter((j) => j.verdicts[0]!.v === worst.v)
            .flatMap((j) =>
              j.verdicts
                .filter((x) => x.v === worst.v)
                .flatMap(({ t }) =>
                  exchangePair(t.exchange!, j.key, SHOWN, ['origin', 'access-control-request-method']),
                ),
            )
        : judged.flatMap((j) =>
            j.verdicts.map(({ t }) => ({
              label: `${t.exchange!.method} ${j.url} with Origin: ${t.origin}`,
              value: `HTTP ${t.exchange!.status}, access-control-allow-origin: ${t.exchange!.headers['access-control-allow-origin'] ?? '(none)'}`,
              observation: j.key,
            })),
          )
      return {
        subject: origin,
        outcome: failing ? worst.v : open.length === judged.length ? 'public-open' : 'restricted',
        facts: {
          url: judged[0]!.url,
          origin: worst.t.origin,
          variant: worst.t.variant,
          allowed: worst.t.exchange!.headers['access-control-allow-origin'] ?? 'none',
          urls: judged.length,
          public: open.length > 0 ? open.join(', ') : 'none',
        },
        evidence,
      }
    })
  },
})
