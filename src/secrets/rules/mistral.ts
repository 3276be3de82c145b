// Mistral AI: API key.
import { ALNUM, ASSIGN, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const MISTRAL: readonly SecretRule[] = [
  {
    id: 'mistral.api-key',
    provider: 'Mistral AI',
    title: 'API key',
    risk: 'Runs models billed to your workspace.',
    keywords: ['mistral'],
    regex: new RegExp(String.raw`mistral${NAME_TAIL}${ASSIGN}(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])`, 'i'),
    rotation: [
      'Revoke the key in the provider’s console and create a new one for each environment.',
      'Set a spending limit and check usage for requests you did not make.',
    ],
    samples: {
      positive: [`MISTRAL_API_KEY=${rnd('ms1', 32, ALNUM)}`],
      negative: ['MISTRAL_MODEL=mistral-large-latest'],
    },
    priority: 3,
    entropy: 3.5,
  },
]
