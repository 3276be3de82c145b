// edge.auth-cache: an authenticated answer must say `private` or `no-store`; one a shared cache may store, or one
// a CDN answered from its cache, can hand one user's data to the next caller (critical).
import type { Engagement } from '../engagement/load'
import type { HttpOutcome } from '../network/http'
import { authenticatedOf } from '../probes/authenticated'
import { firstAccount } from '../probes/surface-cors'
import { authCacheVerdict } from '../surface/edge'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { exchangePair } from './support/exchange'
import { notConfigured } from './support/declared'

const SHOWN = [
  'cache-control',
  'pragma',
  'expires',
  'vary',
  'age',
  'cdn-cache-control',
  'surrogate-control',
  'cf-cache-status',
  'x-cache',
]

/** The protected GET endpoints, each asked as an account that may read it, path parameters from its examples. */
export function authCacheTargets(e: Engagement): { url: string; account: string }[] {
  if (!e.api) return []
  const base = e.api.base
  return (e.api.endpoints ?? [])
    .filter((ep) => ep.method === 'GET' && ep.protected)
    .flatMap((ep) => {
      const account = firstAccount(e, ep.roles)
      if (!account) return []
      const example = ep.examples?.[account]
      if (ep.path.includes('{') && !example) return []
      return [{ url: new URL(ep.path.replace(/\{[^}]+\}/g, example ?? ''), base).href, account }]
    })
}

const subjectOf = (t: { url: string; account: string }): string => `${t.account}@${t.url}`

/** edge.auth-cache: whether an authenticated answer may be, or was, served by a shared cache. */
export const edgeAuthCache = defineCheck({
  id: 'edge.auth-cache',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['private', 'served-from-cache', 'shared-cacheable', 'unmarked'],
  needs: (e) => authCacheTargets(e).map((t) => authenticatedOf(t.url, t.account)),
  evaluate(observations, { engagement }) {
    const targets = authCacheTargets(engagement)
    if (targets.length === 0)
      return [
        notConfigured(
          engagement.api?.base ?? engagement.hosts[0] ?? 'api',
          'No protected GET endpoint with an account to sign in with: declare api.endpoints, accounts and auth in handover.json.',
        ),
      ]
    const carry = engagement.auth?.carry ?? 'bearer'
    return targets.map((t): FindingOf<'edge.auth-cache'> => {
      const obs = observations.get<HttpOutcome>(authenticatedOf(t.url, t.account))
      const first = obs?.data?.exchanges[0]
      // No credential to sign in with (isNoCredential) is the generic error like any probe that could not observe.
      if (!obs?.data || !first)
        return observationError(subjectOf(t), obs?.data?.error ? { ...obs, error: obs.data.error } : obs)
      const verdict = authCacheVerdict(first.headers, carry)
      return {
        subject: subjectOf(t),
        outcome: verdict.kind,
        facts: {
          url: t.url,
          account: t.account,
          status: first.status,
          by: 'by' in verdict ? verdict.by : '',
        },
        evidence: exchangePair(first, obs.key, SHOWN, ['authorization', 'cookie']),
      }
    })
  },
})
