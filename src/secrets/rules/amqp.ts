// RabbitMQ connection strings with a password.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

export const AMQP: readonly SecretRule[] = [
  {
    id: 'amqp.url',
    provider: 'RabbitMQ',
    title: 'connection string with password',
    risk: 'Connects to the RabbitMQ server as that user: reads, changes or deletes its data.',
    keywords: ['amqp'],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9+.-])amqps?:\/\/${USER_PASS_HOST}`, 'i'),
    priority: 2,
    classify: credentialVerdict,
    rotation: [
      'Change the user’s password (rabbitmqctl change_password, or the broker console).',
      'Update every service and environment that uses the URL (secret manager, not code), then remove the old password.',
      'Check the server’s connection logs for unknown clients.',
    ],
    samples: {
      positive: [`DATABASE_URL=amqp://app:${rnd('amqp.url', 18, ALNUM)}@db.acme.internal:5432/app`],
      negative: [
        'amqp://username:password@localhost/db',
        'amqp://user:${PASSWORD}@example.com/db',
        'amqp://db.acme.internal/app',
      ],
    },
  },
]
