// Mapbox: secret access token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const MAPBOX: readonly SecretRule[] = [
  {
    id: 'mapbox.secret-token',
    provider: 'Mapbox',
    title: 'secret access token',
    risk: 'Changes styles and datasets and uses paid APIs of the account.',
    keywords: ['sk.eyj'],
    regex: /(?<![A-Za-z0-9])sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/,
    rotation: [
      'Revoke the token at account.mapbox.com → Access tokens and create a new one with the scopes it needs.',
    ],
    samples: {
      positive: [`${'sk.eyJ'}1Ijoi${rnd('mb1', 40, B64URL)}.${rnd('mb2', 22, B64URL)}`],
      negative: ['sk.eyJ'],
    },
  },
]
