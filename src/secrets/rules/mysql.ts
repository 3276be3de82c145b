// MySQL connection strings with a password.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

export const MYSQL: readonly SecretRule[] = [
  {
    id: 'mysql.url',
    provider: 'MySQL',
    title: 'connection string with password',
    risk: 'Connects to the MySQL server as that user: reads, changes or deletes its data.',
    keywords: ['mysql', 'mariadb'],
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9+.-])(?:mysql|mariadb)(?:\+[a-z0-9]+)?:\/\/${USER_PASS_HOST}`,
      'i',
    ),
    priority: 2,
    classify: credentialVerdict,
    rotation: [
      'Change the user’s password (ALTER USER … IDENTIFIED BY …) or create a new user with only the grants the app needs.',
      'Update every service and environment that uses the URL (secret manager, not code), then remove the old password.',
      'Check the server’s connection logs for unknown clients.',
    ],
    samples: {
      positive: [`DATABASE_URL=mysql://app:${rnd('mysql.url', 18, ALNUM)}@db.acme.internal:5432/app`],
      negative: [
        'mysql://username:password@localhost/db',
        'mysql://user:${PASSWORD}@example.com/db',
        'mysql://db.acme.internal/app',
      ],
    },
  },
]
