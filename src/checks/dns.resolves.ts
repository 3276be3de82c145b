// dns.resolves: apex, www and every declared subdomain answer with an address.
import type { InventoryFacts } from '../probes/dns'
import { inventoryOf } from '../probes/dns'
import { ANSWER } from '../network/codes'
import { defineCheck, type FindingOf } from './define'
import { zoneNeeds, zoneObservation } from './support/apex'

/** DNS outcomes that are failures of the zone rather than of the audit's view of it. */
const ZONE_FAILURES: Record<string, 'nxdomain' | 'nodata' | 'servfail'> = {
  [ANSWER.NXDOMAIN]: 'nxdomain',
  [ANSWER.NODATA]: 'nodata',
  [ANSWER.SERVFAIL]: 'servfail',
  [ANSWER.REFUSED]: 'servfail',
}

/** dns.resolves: Every declared name resolves. */
export const resolves = defineCheck({
  id: 'dns.resolves',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['resolves', 'nxdomain', 'nodata', 'servfail'],
  needs: zoneNeeds(inventoryOf),
  evaluate(observations, { engagement }): FindingOf<'dns.resolves'>[] {
    const zone = zoneObservation<InventoryFacts>(observations, engagement, inventoryOf)
    if (Array.isArray(zone)) return zone
    const { obs } = zone
    return obs.data.names
      .filter((n) => n.declared)
      .map((n): FindingOf<'dns.resolves'> => {
        const where = n.chain.length > 0 ? ` via ${[n.name, ...n.chain].join(' → ')}` : ''
        const evidence = [
          {
            label: 'resolution',
            value: `${[n.name, ...n.chain].join(' → ')} → ${n.terminal === ANSWER.ADDRESSES ? n.addresses.join(', ') : n.terminal}`,
            observation: obs.key,
          },
        ]
        if (n.terminal === ANSWER.ADDRESSES)
          return {
            subject: n.name,
            outcome: 'resolves',
            facts: { addresses: n.addresses.join(', '), via: where },
            evidence,
          }
        const outcome = ZONE_FAILURES[n.terminal]
        if (outcome)
          return {
            subject: n.name,
            outcome,
            facts: { rcode: n.terminal, where: where ? `, ${where.trim()}` : '' },
            evidence,
          }
        return {
          subject: n.name,
          outcome: 'error',
          code: n.terminal,
          facts: { reason: n.message ?? n.terminal },
          evidence,
        }
      })
  },
})
