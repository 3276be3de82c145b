// New Relic: user API key.
import { rnd, type SecretRule } from '../rule'

export const NEWRELIC: readonly SecretRule[] = [
  {
    id: 'newrelic.api-key',
    provider: 'New Relic',
    title: 'user API key',
    risk: 'Reads all telemetry of the account and changes alert settings.',
    keywords: ['nrak-'],
    regex: /NRAK-[A-Z0-9]{27}(?![A-Z0-9])/,
    rotation: ['Delete the key in New Relic → API keys and create a new one.'],
    samples: {
      positive: [`NEW_RELIC_API_KEY=${'NRAK-'}${rnd('nr1', 27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`],
      negative: ['NRAK-123'],
    },
  },
]
