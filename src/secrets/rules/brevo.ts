// Brevo (formerly Sendinblue) API keys.
import { ALNUM, HEX, rnd, type SecretRule } from '../rule'

export const BREVO: readonly SecretRule[] = [
  {
    id: 'brevo.api-key',
    provider: 'Brevo',
    title: 'API key',
    risk: 'Sends e-mail and SMS campaigns and exports contacts.',
    keywords: ['xkeysib-', 'xsmtpsib-'],
    regex: /x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9])/,
    rotation: [
      'In Brevo → SMTP & API → API keys, generate a new key, deploy it, and delete the exposed one.',
    ],
    samples: {
      positive: [`${'xkeysib-'}${rnd('bv1', 64, HEX)}-${rnd('bv2', 16, ALNUM)}`],
      negative: ['xkeysib-...'],
    },
  },
]
