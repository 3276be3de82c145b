// dns.dangling: CNAME chains that end in NXDOMAIN, or at a provider that says the resource is unclaimed.
import type { InventoryFacts } from '../probes/dns'
import { inventoryOf } from '../probes/dns'
import { ANSWER, isNxdomain } from '../network/codes'
import { defineCheck, type FindingOf } from './define'
import { zoneNeeds, zoneObservation } from './support/apex'

/** dns.dangling: No dangling CNAME. */
export const dangling = defineCheck({
  id: 'dns.dangling',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['clean', 'dangling-nxdomain', 'unclaimed-provider'],
  needs: zoneNeeds(inventoryOf),
  evaluate(observations, { engagement }): FindingOf<'dns.dangling'>[] {
    const zone = zoneObservation<InventoryFacts>(observations, engagement, inventoryOf)
    if (Array.isArray(zone)) return zone
    const { obs } = zone
    return obs.data.names
      .filter((n) => n.chain.length > 0)
      .map((n): FindingOf<'dns.dangling'> => {
        const chain = n.chain.join(' → ')
        const evidence = [
          {
            label: 'CNAME chain',
            value: `${n.name} → ${chain} → ${n.terminal === ANSWER.ADDRESSES ? n.addresses.join(', ') : n.terminal}`,
            observation: obs.key,
          },
        ]
        const provider = n.provider
        if (provider)
          evidence.push({
            label: 'provider',
            value: `${provider.provider} (takeover: ${provider.takeover}; ${provider.source})`,
            observation: obs.key,
          })
        if (isNxdomain(n.terminal)) {
          return {
            subject: n.name,
            outcome: 'dangling-nxdomain',
            facts: { chain, provider: provider ? ` at ${provider.provider}` : '' },
            evidence,
          }
        }
        if (provider?.matched) {
          const first = provider.page?.exchanges[0]
          if (first)
            evidence.push({
              label: `${first.method} ${first.url}`,
              value: `${first.status}: contains "${provider.fingerprint ?? ''}"`,
              observation: obs.key,
            })
          return {
            subject: n.name,
            outcome: 'unclaimed-provider',
            facts: {
              chain,
              provider: provider.provider,
              fingerprint: provider.fingerprint ?? '',
              takeover:
                provider.takeover === 'vulnerable' ? 'known to be claimable' : 'claimable in some set-ups',
            },
            evidence,
          }
        }
        if (n.terminal === ANSWER.ADDRESSES)
          return {
            subject: n.name,
            outcome: 'clean',
            facts: { chain, addresses: n.addresses.join(', ') },
            evidence,
          }
        return {
          subject: n.name,
          outcome: 'error',
          code: n.terminal,
          facts: { reason: n.message ?? `the chain ends in ${n.terminal}` },
          evidence,
        }
      })
  },
})
