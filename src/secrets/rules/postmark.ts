// Postmark server and account tokens (UUIDs, recognised by their name or header).
import { ASSIGN, HEX, NAME_TAIL, rnd, type SecretRule } from '../rule'

const uuid = (s: string): string =>
  `${rnd(`${s}a`, 8, HEX)}-${rnd(`${s}b`, 4, HEX)}-${rnd(`${s}c`, 4, HEX)}-${rnd(`${s}d`, 4, HEX)}-${rnd(`${s}e`, 12, HEX)}`

export const POSTMARK: readonly SecretRule[] = [
  {
    id: 'postmark.token',
    provider: 'Postmark',
    title: 'server or account token',
    risk: 'Sends mail from your Postmark servers and reads message content.',
    keywords: ['postmark'],
    regex: new RegExp(
      String.raw`postmark${NAME_TAIL}${ASSIGN}(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`,
      'i',
    ),
    priority: 3,
    rotation: [
      'In Postmark → Servers → API Tokens (or Account → API Tokens), generate a new token, deploy it, and delete the old one.',
    ],
    samples: {
      positive: [`POSTMARK_SERVER_TOKEN=${uuid('pm1')}`, `X-Postmark-Server-Token: ${uuid('pm2')}`],
      negative: ['POSTMARK_SERVER_TOKEN=<server-token>'],
    },
  },
]
