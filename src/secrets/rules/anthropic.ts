// Anthropic: API key.
import { B64URL, rnd, type SecretRule } from '../rule'

export const ANTHROPIC: readonly SecretRule[] = [
  {
    id: 'anthropic.api-key',
    provider: 'Anthropic',
    title: 'API key',
    risk: 'Runs Claude models billed to your organisation.',
    keywords: ['sk-ant-'],
    regex: /(?<![A-Za-z0-9_-])sk-ant-(?:api0[34]|admin01)-[A-Za-z0-9_-]{80,100}AA(?![A-Za-z0-9_-])/,
    rotation: [
      'Disable and delete the key in the Anthropic Console → API keys, then create a new one per environment.',
      'Check usage for requests you did not make.',
    ],
    samples: {
      positive: [`ANTHROPIC_API_KEY=${'sk-ant-'}api03-${rnd('an1', 93, B64URL)}AA`],
      negative: ['sk-ant-api02-notarealkey', 'ssk-ant-api04-NotARealKeyButLooksLikeOne'],
    },
  },
]
