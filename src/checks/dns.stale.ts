// dns.stale: every address a name points at answers on port 80 or 443.
import { isNotTried } from '../network/codes'
import type { InventoryFacts } from '../probes/dns'
import { inventoryOf } from '../probes/dns'
import { defineCheck, type FindingOf } from './define'
import { zoneNeeds, zoneObservation } from './support/apex'

// Codes that mean "we could not try", not "nothing answers": they make the result an error.

/** dns.stale: No stale address records. */
export const stale = defineCheck({
  id: 'dns.stale',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['answers', 'unreachable'],
  needs: zoneNeeds(inventoryOf),
  evaluate(observations, { engagement }): FindingOf<'dns.stale'>[] {
    const zone = zoneObservation<InventoryFacts>(observations, engagement, inventoryOf)
    if (Array.isArray(zone)) return zone
    const { obs } = zone
    return obs.data.names
      .filter((n) => n.reach && n.reach.length > 0)
      .map((n): FindingOf<'dns.stale'> => {
        const reach = n.reach!
        const evidence = reach.map((r) => ({
          label: `${n.name} → ${r.address}`,
          value: `443: ${r.https}; 80: ${r.http}`,
          observation: obs.key,
        }))
        const dead = reach.filter((r) => r.https !== 'open' && r.http !== 'open')
        const untried = dead.find((r) => isNotTried(r.https) || isNotTried(r.http))
        if (untried)
          return {
            subject: n.name,
            outcome: 'error',
            code: isNotTried(untried.https) ? untried.https : untried.http,
            facts: { reason: `could not try ${untried.address}` },
            evidence,
          }
        if (dead.length > 0) {
          return {
            subject: n.name,
            outcome: 'unreachable',
            facts: {
              dead: dead.map((r) => r.address).join(', '),
              why: dead.map((r) => `${r.https}/${r.http}`).join(', '),
            },
            evidence,
          }
        }
        const ports = [
          ...new Set(
            reach
              .flatMap((r) => [r.https === 'open' ? '443' : '', r.http === 'open' ? '80' : ''])
              .filter(Boolean),
          ),
        ]
        return {
          subject: n.name,
          outcome: 'answers',
          facts: { addresses: n.addresses.join(', '), ports: ports.join(' and ') },
          evidence,
        }
      })
  },
})
