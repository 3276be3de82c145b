// xAI: API key.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const XAI: readonly SecretRule[] = [
  {
    id: 'xai.api-key',
    provider: 'xAI',
    title: 'API key',
    risk: 'Runs Grok models billed to your team.',
    keywords: ['xai-'],
    regex: /(?<![A-Za-z0-9])xai-[A-Za-z0-9]{80}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the key in the provider’s console and create a new one for each environment.',
      'Set a spending limit and check usage for requests you did not make.',
    ],
    samples: { positive: [`XAI_API_KEY=${'xai-'}${rnd('xa1', 80, ALNUM)}`], negative: ['xai-sdk'] },
  },
]
