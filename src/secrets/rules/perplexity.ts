// Perplexity: API key.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const PERPLEXITY: readonly SecretRule[] = [
  {
    id: 'perplexity.api-key',
    provider: 'Perplexity',
    title: 'API key',
    risk: 'Runs searches and models billed to your account.',
    keywords: ['pplx-'],
    regex: /(?<![A-Za-z0-9])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the key in the provider’s console and create a new one for each environment.',
      'Set a spending limit and check usage for requests you did not make.',
    ],
    samples: { positive: [`${'pplx-'}${rnd('px1', 48, ALNUM)}`], negative: ['pplx-api'] },
  },
]
