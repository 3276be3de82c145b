// surface.headers: CSP, frame protection, nosniff, Referrer-Policy, Permissions-Policy, COOP and mixed content on
// each host's HTTPS home page. One result per host and aspect, so a regression of one header shows on its own.
import type { HttpExchange, HttpOutcome } from '../network/http'
import { pageOf } from '../probes/http'
import {
  coopIsolates,
  cspWeaknesses,
  frameProtection,
  isHtml,
  mixedContent,
  pagePolicy,
  referrerPolicy,
} from '../surface/headers'
import { observationError } from './check'
import { defineCheck, withFacts, type FindingOf, type OutcomeFacts } from './define'
import { exchangePair } from './support/exchange'

/** The aspects judged, in report order; the subject of each result is `host · aspect`. */
export const HEADER_ASPECTS = [
  'csp',
  'frame',
  'nosniff',
  'referrer-policy',
  'permissions-policy',
  'coop',
  'mixed-content',
] as const

type Aspect = (typeof HEADER_ASPECTS)[number]

const SHOWN: Record<Aspect, string[]> = {
  csp: ['content-type', 'content-security-policy', 'content-security-policy-report-only'],
  frame: ['content-security-policy', 'x-frame-options'],
  nosniff: ['content-type', 'x-content-type-options'],
  'referrer-policy': ['referrer-policy'],
  'permissions-policy': ['permissions-policy'],
  coop: ['cross-origin-opener-policy'],
  'mixed-content': ['content-type', 'content-security-policy'],
}

function judge(aspect: Aspect, x: HttpExchange): OutcomeFacts<'surface.headers', 'host' | 'url'> {
  const h = x.headers
  const body = x.body ?? ''
  switch (aspect) {
    case 'csp': {
      const policy = pagePolicy(h, body)
      if (!policy.csp)
        return {
          outcome: 'csp-missing',
          facts: { how: policy.source === 'report-only' ? 'only a report-only policy' : 'no policy' },
        }
      const weak = cspWeaknesses(policy.csp)
      return weak.length > 0
        ? { outcome: 'csp-weak', facts: { weaknesses: weak.join('; '), source: policy.source } }
        : { outcome: 'csp-ok', facts: { source: policy.source } }
    }
    case 'frame': {
      const by = frameProtection(h)
      return by ? { outcome: 'frame-ok', facts: { by } } : { outcome: 'frame-missing', facts: {} }
    }
    case 'nosniff':
      return h['x-content-type-options']?.trim().toLowerCase() === 'nosniff'
        ? { outcome: 'nosniff-ok', facts: {} }
        : { outcome: 'nosniff-missing', facts: {} }
    case 'referrer-policy': {
      const policy = referrerPolicy(h, body)
      return policy.leaky
        ? { outcome: 'referrer-policy-missing', facts: { value: policy.value ?? 'none' } }
        : { outcome: 'referrer-policy-ok', facts: { value: policy.value ?? '' } }
    }
    case 'permissions-policy':
      return h['permissions-policy']?.trim()
        ? { outcome: 'permissions-policy-ok', facts: {} }
        : { outcome: 'permissions-policy-missing', facts: {} }
    case 'coop':
      return coopIsolates(h['cross-origin-opener-policy'])
        ? { outcome: 'coop-ok', facts: { value: h['cross-origin-opener-policy']! } }
        : { outcome: 'coop-missing', facts: { value: h['cross-origin-opener-policy'] ?? 'none' } }
    case 'mixed-content': {
      const mixed = mixedContent(body)
      if (mixed.length === 0) return { outcome: 'mixed-content-none', facts: {} }
      const list = mixed.map((m) => `<${m.tag}> ${m.url}`).join(', ')
      return { outcome: mixed.some((m) => m.active) ? 'mixed-content' : 'mixed-passive', facts: { list } }
    }
  }
}

/** surface.headers: the security headers of each host's HTTPS home page, one result per aspect. */
export const surfaceHeaders = defineCheck({
  id: 'surface.headers',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: [
    'csp-ok',
    'csp-missing',
    'csp-weak',
    'frame-ok',
    'frame-missing',
    'nosniff-ok',
    'nosniff-missing',
    'referrer-policy-ok',
    'referrer-policy-missing',
    'permissions-policy-ok',
    'permissions-policy-missing',
    'coop-ok',
    'coop-missing',
    'mixed-content-none',
    'mixed-content',
    'mixed-passive',
  ],
  needs: (e) => e.hosts.map((h) => pageOf(`https://${h}/`)),
  evaluate(observations, { engagement }) {
    return engagement.hosts.flatMap((host): FindingOf<'surface.headers'>[] => {
      const obs = observations.get<HttpOutcome>(pageOf(`https://${host}/`))
      const first = obs?.data?.exchanges[0]
      if (!obs?.data || !first)
        return [observationError(host, obs?.data?.error ? { ...obs, error: obs.data.error } : obs)]
      // A host that only redirects has no page of its own: the page it leads to is judged under its own host.
      if (first.status < 200 || first.status >= 300) return []
      // Headers that matter for documents only are judged on documents; every answer needs nosniff.
      const aspects: readonly Aspect[] = isHtml(first.headers) ? HEADER_ASPECTS : ['nosniff']
      return aspects.map((aspect) => {
        return {
          subject: `${host} · ${aspect}`,
          ...withFacts(judge(aspect, first), { host, url: first.url }),
          evidence: exchangePair(first, obs.key, SHOWN[aspect]),
        }
      })
    })
  },
})
