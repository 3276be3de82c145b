// Discord webhook URLs and bot tokens.
import { ASSIGN, B64URL, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const DISCORD: readonly SecretRule[] = [
  {
    id: 'discord.webhook',
    provider: 'Discord',
    title: 'webhook URL',
    risk: 'Posts any message into the channel as the webhook.',
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    regex: /discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}(?![A-Za-z0-9_-])/,
    rotation: ['Delete the webhook in the channel’s Integrations settings and create a new one.'],
    samples: {
      positive: [
        `https://${'discord.com'}/api/webhooks/${rnd('dc1', 18, '0123456789')}/${rnd('dc2', 68, B64URL)}`,
      ],
      negative: ['https://discord.com/api/webhooks/<id>/<token>'],
    },
  },
  {
    id: 'discord.bot-token',
    provider: 'Discord',
    title: 'bot token',
    risk: 'Acts as the bot in every server it has joined.',
    keywords: ['discord'],
    regex: new RegExp(
      String.raw`discord${NAME_TAIL}${ASSIGN}(?<secret>[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})`,
      'i',
    ),
    priority: 3,
    rotation: ['Reset the token in the Discord Developer Portal → the application → Bot.'],
    samples: {
      positive: [
        `DISCORD_BOT_TOKEN=M${rnd('dc3', 25, B64URL)}.${rnd('dc4', 6, B64URL)}.${rnd('dc5', 38, B64URL)}`,
      ],
      negative: ['DISCORD_BOT_TOKEN='],
    },
  },
]
