// edge.protection: a CDN/WAF answers for the portal and the API, recognised from its response headers.
import type { Engagement } from '../engagement/load'
import type { HttpOutcome } from '../network/http'
import { pageOf } from '../probes/http'
import { edgeProviders } from '../surface/edge'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { exchangePair } from './support/exchange'

/** The hosts that must sit behind an edge: the portal's and the API's (else every declared host). */
export function edgeHosts(e: Engagement): string[] {
  const hosts = [e.portal?.url, e.api?.base].filter((u): u is string => !!u).map((u) => new URL(u).hostname)
  return hosts.length > 0 ? [...new Set(hosts)] : e.hosts
}

const SHOWN = ['server', 'via', 'cf-ray', 'x-cache', 'x-amz-cf-id', 'x-served-by', 'x-vercel-id']

/** edge.protection: whether a known CDN/WAF answers for the portal and API hosts. */
export const edgeProtection = defineCheck({
  id: 'edge.protection',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['edge-detected', 'no-edge'],
  needs: (e) => edgeHosts(e).map((h) => pageOf(`https://${h}/`)),
  evaluate(observations, { engagement }) {
    return edgeHosts(engagement).map((host): FindingOf<'edge.protection'> => {
      const obs = observations.get<HttpOutcome>(pageOf(`https://${host}/`))
      const first = obs?.data?.exchanges[0]
      if (!obs?.data || !first)
        return observationError(host, obs?.data?.error ? { ...obs, error: obs.data.error } : obs)
      const found = edgeProviders(first.headers)
      if (found.length === 0)
        return { subject: host, outcome: 'no-edge', evidence: exchangePair(first, obs.key, SHOWN) }
      return {
        subject: host,
        outcome: 'edge-detected',
        facts: {
          providers: found.map((f) => f.provider).join(', '),
          trace: found.map((f) => f.evidence).join('; '),
        },
        evidence: [
          ...exchangePair(first, obs.key, []),
          ...found.map((f) => ({ label: f.provider, value: f.evidence, observation: obs.key })),
        ],
      }
    })
  },
})
