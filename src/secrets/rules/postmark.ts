// Postmark server and account tokens (UUIDs, recognised by their name or header).
import { ASSIGN, NAME_TAIL, sampleUuid, type SecretRule, UUID } from '../rule'

export const POSTMARK: readonly SecretRule[] = [
  {
    id: 'postmark.token',
    provider: 'Postmark',
    title: 'server or account token',
    risk: 'Sends mail from your Postmark servers and reads message content.',
    keywords: ['postmark'],
    regex: new RegExp(String.raw`postmark${NAME_TAIL}${ASSIGN}(?<secret>${UUID})`, 'i'),
    priority: 3,
    rotation: [
      'In Postmark → Servers → API Tokens (or Account → API Tokens), generate a new token, deploy it, and delete the old one.',
    ],
    samples: {
      positive: [
        `POSTMARK_SERVER_TOKEN=${sampleUuid('pm1')}`,
        `X-Postmark-Server-Token: ${sampleUuid('pm2')}`,
      ],
      negative: ['POSTMARK_SERVER_TOKEN=<server-token>'],
    },
  },
]
