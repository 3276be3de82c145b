// secrets.frontend: no private key or service credential in the pages, scripts, source maps or config endpoints.
import type { Evidence } from '../core/types'
import {
  frontendScanOf,
  frontendStart,
  type FrontendFinding,
  type FrontendScanFacts,
} from '../probes/secrets-frontend'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { exposureOutcome, findingEvidence, findingFacts, groupBy, publicValues } from './support/secrets'
import { CHECK } from './codes'
import { notConfigured } from './support/declared'

const WHERE: Record<FrontendFinding['kind'], string> = {
  page: 'page',
  script: 'script',
  'source-map': 'source map',
  'map-source': 'source map',
  config: 'config endpoint',
}

/** Where a finding was served, as a person reads it. */
function placeOf(f: FrontendFinding): string {
  if (f.kind === 'map-source') return `${f.url} → ${f.source ?? '?'}`
  if (f.kind === 'page' && f.part && f.part !== 'markup') return `${f.url} → ${f.part.replace('-', ' ')}`
  return f.url
}

/** secrets.frontend: No secrets in the frontend. */
export const secretsFrontend = defineCheck({
  id: 'secrets.frontend',
  version: 1,
  stage: 3,
  mode: 'passive',
  outcomes: ['clean', 'public-only', 'incomplete', 'credential-exposed', 'possible-secret'],
  needs: (e) => (frontendStart(e).length > 0 ? [frontendScanOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'secrets.frontend'>[] {
    const start = frontendStart(engagement)
    if (start.length === 0)
      return [notConfigured('portal', 'The engagement has no portal.url, so there is no frontend to crawl.')]
    const req = frontendScanOf(engagement)
    const obs = observations.get<FrontendScanFacts>(req)
    if (!obs?.data) return [observationError(start[0]!, obs)]
    const data = obs.data
    const pages = data.resources.filter((r) => r.kind === 'page')
    if (!pages.some((p) => p.status === 200)) {
      const first = pages[0]
      return [
        {
          subject: start[0]!,
          outcome: 'error',
          code: first?.error?.code ?? CHECK.START_PAGE_UNAVAILABLE,
          facts: { reason: first?.error?.message ?? `the start page answered ${first?.status ?? 'nothing'}` },
          evidence: pages.map((p) => ({
            label: `GET ${p.url}`,
            value: p.error ? `${p.error.code} ${p.error.message}` : `${p.status}`,
            observation: obs.key,
          })),
        },
      ]
    }
    const secrets = data.findings.filter((f) => f.exposure === 'secret')
    const groups = groupBy(secrets, (f) => `${placeOf(f)} · ${f.rule}`)
    const results: FindingOf<'secrets.frontend'>[] = [...groups].map(([subject, found]) => ({
      subject,
      outcome: exposureOutcome(found, 'credential-exposed', 'possible-secret'),
      facts: { ...findingFacts(found), where: WHERE[found[0]!.kind], url: placeOf(found[0]!) },
      evidence: found.map((f) => findingEvidence(f, `${WHERE[f.kind]} ${placeOf(f)}`, obs.key)),
    }))
    if (results.length > 0) return results
    const count = (k: FrontendFinding['kind']): number =>
      data.resources.filter((r) => r.kind === k && r.status === 200).length
    const facts = {
      pages: count('page'),
      scripts: count('script'),
      maps: count('source-map'),
      configs: data.resources.filter((r) => r.kind === 'config' && r.status === 200).length,
      publics: publicValues(data.findings),
      why: data.truncated ?? '',
    }
    const evidence: Evidence[] = data.findings.map((f) => ({
      ...findingEvidence(f, `${WHERE[f.kind]} ${placeOf(f)}`, obs.key),
      label: `public by design: ${WHERE[f.kind]} ${placeOf(f)}`,
    }))
    const outcome = data.truncated ? 'incomplete' : data.findings.length > 0 ? 'public-only' : 'clean'
    return [{ subject: start[0]!, outcome, facts, evidence }]
  },
})
