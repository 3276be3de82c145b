// Telegram bot tokens: the bot id, a colon, and 35 characters starting with AA.
import { B64URL, rnd, type SecretRule } from '../rule'

export const TELEGRAM: readonly SecretRule[] = [
  {
    id: 'telegram.bot-token',
    provider: 'Telegram',
    title: 'bot token',
    risk: 'Reads every message sent to the bot and sends messages as it.',
    keywords: [':aa'],
    lead: 10,
    regex: /(?<!\d)\d{10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/,
    rotation: ['Send /revoke to @BotFather for the bot to invalidate the token and get a new one.'],
    samples: {
      positive: [`TELEGRAM_TOKEN=${rnd('tg1', 10, '123456789')}:AA${rnd('tg2', 33, B64URL)}`],
      negative: ['time 12:AA'],
    },
  },
]
