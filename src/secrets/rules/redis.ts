// Redis connection strings with a password.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

export const REDIS: readonly SecretRule[] = [
  {
    id: 'redis.url',
    provider: 'Redis',
    title: 'connection string with password',
    risk: 'Connects to the Redis server as that user: reads, changes or deletes its data.',
    keywords: ['redis'],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9+.-])rediss?:\/\/${USER_PASS_HOST}`, 'i'),
    priority: 2,
    classify: credentialVerdict,
    rotation: [
      'Change the password (ACL SETUSER or requirepass; in a managed Redis, rotate it in the console).',
      'Update every service and environment that uses the URL (secret manager, not code), then remove the old password.',
      'Check the server’s connection logs for unknown clients.',
    ],
    samples: {
      positive: [`DATABASE_URL=redis://app:${rnd('redis.url', 18, ALNUM)}@db.acme.internal:5432/app`],
      negative: [
        'redis://username:password@localhost/db',
        'redis://user:${PASSWORD}@example.com/db',
        'redis://db.acme.internal/app',
      ],
    },
  },
]
