// dns.canonical-host: apex and www, over HTTP and HTTPS, all end on one HTTPS origin.
import type { Evidence } from '../core/types'
import type { HttpOutcome } from '../network/http'
import { pageOf } from '../probes/http'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { chainEvidence, ending } from './support/redirects'
import { originOf } from './support/hosts'
import { noApexDomain } from './support/apex'

function entries(apex: string, www: boolean): string[] {
  const hosts = www ? [apex, `www.${apex}`] : [apex]
  return hosts.flatMap((h) => [`http://${h}/`, `https://${h}/`])
}

/** dns.canonical-host: One canonical HTTPS host. */
export const canonicalHost = defineCheck({
  id: 'dns.canonical-host',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['consistent', 'inconsistent', 'not-https'],
  needs: (e) => (e.domains?.apex ? entries(e.domains.apex, e.domains.www).map(pageOf) : []),
  evaluate(observations, { engagement }): FindingOf<'dns.canonical-host'>[] {
    const apex = engagement.domains?.apex
    if (!apex) return noApexDomain()
    const endings: { entry: string; end: string }[] = []
    const evidence: Evidence[] = []
    for (const entry of entries(apex, engagement.domains?.www ?? true)) {
      const obs = observations.get<HttpOutcome>(pageOf(entry))
      const end = obs?.data ? ending(obs.data) : undefined
      if (!obs?.data || !end || obs.data.error)
        return [observationError(apex, obs?.data?.error ? { ...obs, error: obs.data.error } : obs)]
      evidence.push(...chainEvidence(obs.data, obs.key))
      endings.push({ entry, end: originOf(end) })
    }
    const plain = endings.find((x) => !x.end.startsWith('https:'))
    if (plain)
      return [
        { subject: apex, outcome: 'not-https', facts: { entry: plain.entry, ending: plain.end }, evidence },
      ]
    const distinct = [...new Set(endings.map((x) => x.end))]
    if (distinct.length === 1) {
      return [
        {
          subject: apex,
          outcome: 'consistent',
          facts: { entries: endings.map((x) => x.entry).join(', '), canonical: distinct[0]! },
          evidence,
        },
      ]
    }
    return [
      {
        subject: apex,
        outcome: 'inconsistent',
        facts: { endings: endings.map((x) => `${x.entry} → ${x.end}`).join('; ') },
        evidence,
      },
    ]
  },
})
