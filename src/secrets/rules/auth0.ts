// Auth0: client secret.
import { ASSIGN, B64URL, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const AUTH0: readonly SecretRule[] = [
  {
    id: 'auth0.client-secret',
    provider: 'Auth0',
    title: 'client secret',
    risk: 'Obtains tokens as the application and, for management clients, changes users and settings.',
    keywords: ['auth0'],
    regex: new RegExp(
      String.raw`auth0${NAME_TAIL}(?:client[_-]?)?secret${ASSIGN}(?<secret>[A-Za-z0-9_-]{32,128})(?![A-Za-z0-9_-])`,
      'i',
    ),
    rotation: [
      'Rotate the secret in Auth0 → Applications → the application → Settings → Rotate, then deploy it.',
    ],
    samples: {
      positive: [`AUTH0_CLIENT_SECRET=${rnd('a01', 64, B64URL)}`],
      negative: ['AUTH0_CLIENT_SECRET=${AUTH0_SECRET}'],
    },
    priority: 3,
    entropy: 3.5,
  },
]
