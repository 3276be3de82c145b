// OpenAI: API key.
import { ALNUM, B64URL, rnd, type SecretRule } from '../rule'

export const OPENAI: readonly SecretRule[] = [
  {
    id: 'openai.api-key',
    provider: 'OpenAI',
    title: 'API key',
    risk: 'Runs models billed to your organisation and reads its files and assistants.',
    keywords: ['sk-'],
    regex:
      /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/,
    rotation: [
      'Revoke the key at platform.openai.com → API keys (or the project’s keys) and create a new project-scoped key.',
      'Check usage for requests you did not make.',
    ],
    samples: {
      positive: [
        `OPENAI_API_KEY=${'sk-proj-'}${rnd('oa1', 74, B64URL)}T3Blbk${'FJ'}${rnd('oa2', 74, B64URL)}`,
        `${'sk-'}${rnd('oa3', 20, ALNUM)}T3Blbk${'FJ'}${rnd('oa4', 20, ALNUM)}`,
      ],
      negative: ['sk-openai-123456', `sk-${rnd('oa5', 20, ALNUM)}abcdefgh${rnd('oa6', 20, ALNUM)}`],
    },
  },
]
