// Cohere: API key.
import { ALNUM, ASSIGN, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const COHERE: readonly SecretRule[] = [
  {
    id: 'cohere.api-key',
    provider: 'Cohere',
    title: 'API key',
    risk: 'Runs models billed to your account.',
    keywords: ['cohere', 'co_api_key'],
    regex: new RegExp(
      String.raw`(?:cohere|co_api_key)${NAME_TAIL}${ASSIGN}(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9])`,
      'i',
    ),
    rotation: [
      'Revoke the key in the provider’s console and create a new one for each environment.',
      'Set a spending limit and check usage for requests you did not make.',
    ],
    samples: { positive: [`COHERE_API_KEY=${rnd('co1', 40, ALNUM)}`], negative: ['COHERE_MODEL=command-r'] },
    priority: 3,
    entropy: 3.5,
  },
]
