// MongoDB connection strings with a password.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

export const MONGODB: readonly SecretRule[] = [
  {
    id: 'mongodb.url',
    provider: 'MongoDB',
    title: 'connection string with password',
    risk: 'Connects to the MongoDB server as that user: reads, changes or deletes its data.',
    keywords: ['mongodb'],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9+.-])mongodb(?:\+srv)?:\/\/${USER_PASS_HOST}`, 'i'),
    priority: 2,
    classify: credentialVerdict,
    rotation: [
      'Change the database user’s password (Atlas → Database Access, or db.changeUserPassword) and restrict network access.',
      'Update every service and environment that uses the URL (secret manager, not code), then remove the old password.',
      'Check the server’s connection logs for unknown clients.',
    ],
    samples: {
      positive: [`DATABASE_URL=mongodb://app:${rnd('mongodb.url', 18, ALNUM)}@db.acme.internal:5432/app`],
      negative: [
        'mongodb://username:password@localhost/db',
        'mongodb://user:${PASSWORD}@example.com/db',
        'mongodb://db.acme.internal/app',
      ],
    },
  },
]
