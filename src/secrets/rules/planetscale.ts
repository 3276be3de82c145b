// PlanetScale: service token or database password.
import { B64URL, rnd, type SecretRule } from '../rule'

export const PLANETSCALE: readonly SecretRule[] = [
  {
    id: 'planetscale.token',
    provider: 'PlanetScale',
    title: 'service token or database password',
    risk: 'Reads and writes the database branches it is allowed on.',
    keywords: ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
    regex: /pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}(?![A-Za-z0-9_.-])/,
    rotation: [
      'Delete the password or service token in PlanetScale → Settings and create a new one for the branch.',
    ],
    samples: {
      positive: [`DATABASE_PASSWORD=${'pscale_pw_'}${rnd('ps1', 43, B64URL)}`],
      negative: ['pscale_pw_'],
    },
  },
]
