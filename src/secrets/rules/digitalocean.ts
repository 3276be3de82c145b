// DigitalOcean: API token.
import { HEX, rnd, type SecretRule } from '../rule'

export const DIGITALOCEAN: readonly SecretRule[] = [
  {
    id: 'digitalocean.token',
    provider: 'DigitalOcean',
    title: 'API token',
    risk: 'Creates, reads and destroys droplets, databases and volumes.',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    regex: /do[opr]_v1_[a-f0-9]{64}(?![a-f0-9])/,
    rotation: [
      'Delete the token in DigitalOcean → API → Tokens and create a scoped replacement.',
      'Review the account’s security history.',
    ],
    samples: { positive: [`DIGITALOCEAN_TOKEN=${'dop_v1_'}${rnd('do1', 64, HEX)}`], negative: ['dop_v1_'] },
  },
]
