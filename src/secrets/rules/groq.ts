// Groq: API key.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const GROQ: readonly SecretRule[] = [
  {
    id: 'groq.api-key',
    provider: 'Groq',
    title: 'API key',
    risk: 'Runs models billed to your account.',
    keywords: ['gsk_'],
    regex: /(?<![A-Za-z0-9])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the key in the provider’s console and create a new one for each environment.',
      'Set a spending limit and check usage for requests you did not make.',
    ],
    samples: { positive: [`GROQ_API_KEY=${'gsk_'}${rnd('gq1', 52, ALNUM)}`], negative: ['gsk_abc123'] },
  },
]
