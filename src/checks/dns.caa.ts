// dns.caa: the apex publishes CAA naming the CAs that may issue for it (RFC 8659).
import type { SnapshotFacts } from '../probes/dns'
import { snapshotOf } from '../probes/dns'
import type { Engagement } from '../engagement/load'
import { isVoid } from '../network/codes'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { zoneNeeds, zoneObservation } from './support/apex'

const KNOWN_TAGS = new Set([
  'issue',
  'issuewild',
  'iodef',
  'contactemail',
  'contactphone',
  'issuemail',
  'issuevmc',
])

/** The snapshot request shared by dns.caa and the domain handoff sheet. */
export const snapshotFor = (apex: string, e: Engagement) =>
  snapshotOf(
    apex,
    e.hosts.filter((h) => h === apex || h.endsWith(`.${apex}`)),
    e.mail?.dkimSelectors ?? [],
  )

/** dns.caa: CAA record present. */
export const caa = defineCheck({
  id: 'dns.caa',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['present', 'missing', 'invalid'],
  needs: zoneNeeds(snapshotFor),
  evaluate(observations, { engagement }): FindingOf<'dns.caa'>[] {
    const zone = zoneObservation<SnapshotFacts>(observations, engagement, snapshotFor)
    if (Array.isArray(zone)) return zone
    const { apex, obs } = zone
    const entry = obs.data.records.find((r) => r.name === apex && r.type === 'CAA')
    if (!entry) return [observationError(apex, undefined)]
    const evidence = [
      {
        label: `CAA ${apex}`,
        value: entry.values.length > 0 ? entry.values.join('; ') : (entry.outcome ?? 'none'),
        observation: obs.key,
      },
    ]
    if (entry.values.length === 0) {
      if (entry.outcome && !isVoid(entry.outcome))
        return [
          {
            subject: apex,
            outcome: 'error',
            code: entry.outcome,
            facts: { reason: `the CAA lookup failed (${entry.outcome})` },
            evidence,
          },
        ]
      return [{ subject: apex, outcome: 'missing', evidence }]
    }
    const parsed = entry.values.map((v) => /^(\d+) ([A-Za-z0-9]+) "(.*)"$/.exec(v))
    const broken = entry.values.find((v, i) => !parsed[i])
    if (broken)
      return [{ subject: apex, outcome: 'invalid', facts: { problem: `cannot read "${broken}"` }, evidence }]
    const unknownCritical = parsed.find(
      (m) => (Number(m![1]) & 128) !== 0 && !KNOWN_TAGS.has(m![2]!.toLowerCase()),
    )
    if (unknownCritical)
      return [
        {
          subject: apex,
          outcome: 'invalid',
          facts: {
            problem: `critical flag on unknown tag ${unknownCritical[2]}, which forbids all issuance`,
          },
          evidence,
        },
      ]
    const issuers = parsed
      .filter((m) => /^issue(wild)?$/i.test(m![2]!))
      .map((m) => m![3]!.split(';')[0]!.trim() || '(nobody)')
    if (issuers.length === 0)
      return [
        {
          subject: apex,
          outcome: 'invalid',
          facts: { problem: 'no issue or issuewild tag, so the record restricts nothing' },
          evidence,
        },
      ]
    const iodef = parsed.find((m) => m![2]!.toLowerCase() === 'iodef')
    return [
      {
        subject: apex,
        outcome: 'present',
        facts: {
          issuers: [...new Set(issuers)].join(', '),
          iodef: iodef ? `; incidents reported to ${iodef[3]}` : '',
        },
        evidence,
      },
    ]
  },
})
