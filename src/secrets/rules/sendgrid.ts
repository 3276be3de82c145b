// SendGrid API keys.
import { B64URL, rnd, type SecretRule } from '../rule'

export const SENDGRID: readonly SecretRule[] = [
  {
    id: 'sendgrid.api-key',
    provider: 'SendGrid',
    title: 'API key',
    risk: 'Sends mail as your domain (phishing your clients) and reads contact lists.',
    keywords: ['sg.'],
    regex: /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    entropy: 3.5,
    rotation: [
      'Delete the key in SendGrid → Settings → API Keys and create a replacement with only Mail Send permission.',
      'Check Activity for mail you did not send.',
    ],
    samples: {
      positive: [`SENDGRID_API_KEY=${'SG.'}${rnd('sg1', 22, B64URL)}.${rnd('sg2', 43, B64URL)}`],
      negative: [
        `not${'SG.'}${rnd('sg3', 22, B64URL)}.${rnd('sg4', 43, B64URL)}`,
        'SG.APhb3zgjtx3hajdas1TjBB.',
      ],
    },
  },
]
