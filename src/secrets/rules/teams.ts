// Microsoft Teams incoming-webhook URLs.
import { HEX, rnd, sampleUuid, type SecretRule } from '../rule'

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
        `https://acme.${'webhook.office.com'}/webhookb2/${sampleUuid('t1')}@${sampleUuid('t2')}/IncomingWebhook/${rnd('t3', 32, HEX)}/${sampleUuid('t4')}`,
      ],
      negative: ['https://acme.webhook.office.com/webhookb2/'],
    },
  },
]
