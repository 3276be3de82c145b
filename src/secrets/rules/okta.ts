// Okta: API token.
import { ASSIGN, B64URL, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const OKTA: readonly SecretRule[] = [
  {
    id: 'okta.api-token',
    provider: 'Okta',
    title: 'API token',
    risk: 'Manages users, groups and applications of the Okta org.',
    keywords: ['ssws ', 'okta'],
    regex: new RegExp(
      String.raw`(?:SSWS\s+|okta${NAME_TAIL}(?:token|api[_-]?key)${ASSIGN})(?<secret>00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])`,
      'i',
    ),
    rotation: [
      'Revoke the token in Okta Admin → Security → API → Tokens and create a new one for a dedicated service account.',
    ],
    samples: {
      positive: [`Authorization: SSWS 00${rnd('ok1', 40, B64URL)}`],
      negative: ['OKTA_TOKEN=<token>'],
    },
    priority: 3,
  },
]
