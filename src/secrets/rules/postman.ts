// Postman: API key.
import { HEX, rnd, type SecretRule } from '../rule'

export const POSTMAN: readonly SecretRule[] = [
  {
    id: 'postman.api-key',
    provider: 'Postman',
    title: 'API key',
    risk: 'Reads collections and environments, which often hold more credentials.',
    keywords: ['pmak-'],
    regex: /PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![a-f0-9])/,
    rotation: ['Revoke the key in Postman → Settings → API keys and regenerate.'],
    samples: {
      positive: [`${'PMAK-'}${rnd('pm1', 24, HEX)}-${rnd('pm2', 34, HEX)}`],
      negative: ['PMAK-123'],
    },
  },
]
