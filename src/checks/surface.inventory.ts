// surface.inventory: the endpoint inventory (OpenAPI, the single-page app crawled as each account, the manual
// list); a crawled endpoint missing from the declared list is a shadow API.
import type { SurfaceFacts } from '../probes/identity'
import { surfaceOf } from '../probes/identity'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { isNoCredential } from '../keychain/codes'
import { credentialError } from './support/credentials'
import { notConfigured } from './support/declared'

/** surface.inventory: the endpoint inventory and its shadow APIs. */
export const surfaceInventory = defineCheck({
  id: 'surface.inventory',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: ['inventoried', 'shadow-api', 'openapi-unreadable'],
  needs: (e) => (e.api || e.portal ? [surfaceOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'surface.inventory'>[] {
    if (!engagement.api && !engagement.portal)
      return [notConfigured('endpoints', 'No api or portal is declared in handover.json.')]
    const obs = observations.get<SurfaceFacts>(surfaceOf(engagement))
    if (!obs?.data) return [observationError('endpoints', obs)]
    const data = obs.data
    const subject = engagement.api ? new URL(engagement.api.base).host : new URL(engagement.portal!.url).host
    const declared = data.endpoints.filter((e) => e.declared)
    const crawled = data.endpoints.filter((e) => e.sources.includes('crawl'))
    const findings: FindingOf<'surface.inventory'>[] = []
    if (data.openapi?.error)
      findings.push({
        subject: `openapi ${data.openapi.source}`,
        outcome: 'openapi-unreadable',
        facts: { reason: data.openapi.error },
        evidence: [{ label: 'api.openapi', value: data.openapi.error, observation: obs.key }],
      })
    // Shadow APIs only mean something against a declared list.
    if (declared.length > 0)
      for (const e of crawled.filter((x) => !x.declared))
        findings.push({
          subject: `${e.method} ${e.template}`,
          outcome: 'shadow-api',
          facts: { accounts: e.seenBy.join(', ') },
          evidence: data.crawl
            .filter((c) => e.seenBy.includes(c.account))
            .map((c) => ({
              label: `crawl as ${c.account}`,
              value: c.calls.filter((call) => call.startsWith(`${e.method} `)).join('\n'),
              observation: obs.key,
            })),
        })
    // An account that could not sign in for want of its credential was not crawled (isNoCredential).
    for (const s of engagement.portal ? data.sessions : [])
      if (!s.ok && isNoCredential(s.error?.code) && s.error)
        findings.push(
          credentialError(
            `crawl as ${s.account}`,
            { account: s.account, code: s.error.code, message: s.error.message },
            obs.key,
          ),
        )
    const crawlErrors = data.crawl.filter((c) => c.error).map((c) => `${c.account}: ${c.error}`)
    findings.push({
      subject,
      outcome: 'inventoried',
      facts: {
        endpoints: data.endpoints.length,
        declared: declared.length,
        crawled: crawled.length,
        accounts: data.crawl.filter((c) => !c.error).length,
        note: crawlErrors.length ? ` The crawl could not finish for ${crawlErrors.join('; ')}.` : '',
      },
      evidence: [
        {
          label: 'endpoints',
          value: data.endpoints
            .map(
              (e) =>
                `${e.method} ${e.template} [${e.sources.join('+')}]${e.roles ? ` roles ${e.roles.join('/')}` : ''}${e.seenBy.length ? ` seen by ${e.seenBy.join(', ')}` : ''}`,
            )
            .join('\n'),
          observation: obs.key,
        },
      ],
    })
    return findings
  },
})
