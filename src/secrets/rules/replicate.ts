// Replicate: API token.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const REPLICATE: readonly SecretRule[] = [
  {
    id: 'replicate.api-token',
    provider: 'Replicate',
    title: 'API token',
    risk: 'Runs models billed to your account.',
    keywords: ['r8_'],
    regex: /(?<![A-Za-z0-9])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the key in the provider’s console and create a new one for each environment.',
      'Set a spending limit and check usage for requests you did not make.',
    ],
    samples: { positive: [`${'r8_'}${rnd('rp1', 37, ALNUM)}`], negative: ['r8_short'] },
  },
]
