// HubSpot: private app token.
import { HEX, rnd, type SecretRule, UUID } from '../rule'

export const HUBSPOT: readonly SecretRule[] = [
  {
    id: 'hubspot.token',
    provider: 'HubSpot',
    title: 'private app token',
    risk: 'Reads and edits CRM contacts, companies and deals.',
    keywords: ['pat-na1-', 'pat-eu1-', 'pat-na2-', 'pat-ap1-'],
    regex: new RegExp(String.raw`pat-(?:na|eu|ap)\d-${UUID}(?![0-9a-f])`),
    rotation: ['Rotate the private app’s token in HubSpot → Settings → Integrations → Private apps.'],
    samples: {
      positive: [
        `${'pat-na1-'}${rnd('hs1', 8, HEX)}-${rnd('hs2', 4, HEX)}-${rnd('hs3', 4, HEX)}-${rnd('hs4', 4, HEX)}-${rnd('hs5', 12, HEX)}`,
      ],
      negative: ['pat-na1-'],
    },
  },
]
