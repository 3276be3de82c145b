// Twilio auth tokens and API key secrets, recognised beside their name (the account SID is an identifier).
import { ASSIGN, HEX, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const TWILIO: readonly SecretRule[] = [
  {
    id: 'twilio.credential',
    provider: 'Twilio',
    title: 'auth token or API key',
    risk: 'Sends SMS and calls billed to you, and reads message logs with phone numbers.',
    keywords: ['twilio'],
    regex: new RegExp(
      String.raw`twilio${NAME_TAIL}${ASSIGN}(?<secret>(?:SK)?[0-9a-fA-F]{32})(?![0-9a-fA-F])`,
      'i',
    ),
    priority: 3,
    entropy: 3,
    classify: (m) =>
      /sid/i.test(m.match[0].split(/[=:]/)[0] ?? '') ? { keep: false, why: 'public' } : { keep: true },
    rotation: [
      'In the Twilio Console, create a secondary auth token (or a new API key), deploy it, then promote it and delete the old one.',
      'Check the usage logs for messages and calls you did not make.',
    ],
    samples: {
      positive: [`TWILIO_AUTH_TOKEN=${rnd('tw1', 32, HEX)}`, `twilioApiSecret: "SK${rnd('tw2', 32, HEX)}"`],
      negative: [`TWILIO_ACCOUNT_SID=AC${rnd('tw3', 32, HEX)}`],
    },
  },
]
