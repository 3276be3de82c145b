// Microsoft Teams incoming-webhook URLs.
import { HEX, rnd, type SecretRule } from '../rule'

const uuid = (s: string): string =>
  `${rnd(`${s}a`, 8, HEX)}-${rnd(`${s}b`, 4, HEX)}-${rnd(`${s}c`, 4, HEX)}-${rnd(`${s}d`, 4, HEX)}-${rnd(`${s}e`, 12, HEX)}`

export const TEAMS: readonly SecretRule[] = [
  {
    id: 'teams.webhook',
    provider: 'Microsoft Teams',
    title: 'incoming webhook URL',
    risk: 'Posts any message into the team’s channel.',
    keywords: ['webhook.office.com'],
    regex:
      /webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]+)?/,
    rotation: ['Remove the Incoming Webhook connector from the channel and add a new one.'],
    samples: {
      positive: [
        `https://acme.${'webhook.office.com'}/webhookb2/${uuid('t1')}@${uuid('t2')}/IncomingWebhook/${rnd('t3', 32, HEX)}/${uuid('t4')}`,
      ],
      negative: ['https://acme.webhook.office.com/webhookb2/'],
    },
  },
]
