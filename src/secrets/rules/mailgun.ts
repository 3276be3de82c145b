// Mailgun private API keys (the legacy `key-` form anywhere, the new form beside its name).
import { ASSIGN, HEX, NAME_TAIL, rnd, type SecretRule } from '../rule'

const ROTATION = [
  'In Mailgun → API Security, create a new sending or private key, deploy it, then delete the exposed one.',
  'Check the sending logs for mail you did not send.',
]

export const MAILGUN: readonly SecretRule[] = [
  {
    id: 'mailgun.api-key',
    provider: 'Mailgun',
    title: 'API key',
    risk: 'Sends mail as your domains and reads delivery logs with recipients.',
    keywords: ['key-'],
    regex: /(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![0-9a-zA-Z])/,
    entropy: 3,
    rotation: ROTATION,
    samples: { positive: [`MAILGUN_KEY=${'key-'}${rnd('mg1', 32, HEX)}`], negative: ['monkey-business'] },
  },
  {
    id: 'mailgun.named-key',
    provider: 'Mailgun',
    title: 'API key',
    risk: 'Sends mail as your domains and reads delivery logs with recipients.',
    keywords: ['mailgun'],
    regex: new RegExp(
      String.raw`mailgun${NAME_TAIL}${ASSIGN}(?<secret>[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![0-9a-f])`,
      'i',
    ),
    priority: 3,
    rotation: ROTATION,
    samples: {
      positive: [`MAILGUN_API_KEY=${rnd('mg2', 32, HEX)}-${rnd('mg3', 8, HEX)}-${rnd('mg4', 8, HEX)}`],
      negative: ['MAILGUN_DOMAIN=mg.acme.test'],
    },
  },
]
