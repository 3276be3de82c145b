// Heroku: API key.
import { ASSIGN, B64URL, NAME_TAIL, rnd, type SecretRule, UUID } from '../rule'

export const HEROKU: readonly SecretRule[] = [
  {
    id: 'heroku.api-key',
    provider: 'Heroku',
    title: 'API key',
    risk: 'Deploys, scales and reads config vars of every app the account can reach.',
    keywords: ['hrku-', 'heroku'],
    regex: new RegExp(
      String.raw`(?:(?<![A-Za-z0-9])(?<secret>HRKU-[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])|heroku${NAME_TAIL}(?:api[_-]?key|token)${ASSIGN}(?<secret2>${UUID}))`,
      'i',
    ),
    rotation: [
      'Regenerate the API key in Heroku → Account settings (or revoke the authorization) and update the CI that used it.',
    ],
    samples: { positive: [`${'HRKU-'}${rnd('hk1', 60, B64URL)}`], negative: ['HEROKU_APP_NAME=acme-portal'] },
    priority: 2,
  },
]
