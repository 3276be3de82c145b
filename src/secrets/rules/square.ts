// Square: OAuth and personal access tokens.
import { B64URL, rnd, type SecretRule } from '../rule'

export const SQUARE: readonly SecretRule[] = [
  {
    id: 'square.access-token',
    provider: 'Square',
    title: 'access token',
    risk: 'Takes payments, issues refunds and reads customers of the seller account.',
    keywords: ['sq0atp-', 'sq0csp-', 'eaaa'],
    regex:
      /(?<![A-Za-z0-9_-])(?:sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    rotation: [
      'In the Square Developer Console, revoke the access token (or replace the application secret) and issue a new one.',
      'Review recent payments and refunds.',
    ],
    samples: {
      positive: [
        `SQUARE_ACCESS_TOKEN=${'EAAA'}${rnd('sq1', 60, B64URL)}`,
        `${'sq0atp-'}${rnd('sq2', 22, B64URL)}`,
      ],
      negative: ['EAAAshort', 'sq0atp-xxx'],
    },
  },
]
