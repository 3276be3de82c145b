// PostgreSQL connection strings with a password.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

export const POSTGRES: readonly SecretRule[] = [
  {
    id: 'postgres.url',
    provider: 'PostgreSQL',
    title: 'connection string with password',
    risk: 'Connects to the PostgreSQL server as that user: reads, changes or deletes its data.',
    keywords: ['postgres', 'pgsql'],
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9+.-])(?:postgres(?:ql)?|pgsql)(?:\+[a-z0-9]+)?:\/\/${USER_PASS_HOST}`,
      'i',
    ),
    priority: 2,
    classify: credentialVerdict,
    rotation: [
      'Change the role’s password (ALTER ROLE … PASSWORD …) or create a new role, and grant it only what the app needs.',
      'Update every service and environment that uses the URL (secret manager, not code), then remove the old password.',
      'Check the server’s connection logs for unknown clients.',
    ],
    samples: {
      positive: [`DATABASE_URL=postgres://app:${rnd('postgres.url', 18, ALNUM)}@db.acme.internal:5432/app`],
      negative: [
        'postgres://username:password@localhost/db',
        'postgres://user:${PASSWORD}@example.com/db',
        'postgres://db.acme.internal/app',
      ],
    },
  },
]
