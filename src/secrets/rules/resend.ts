// Resend API keys, recognised beside their name.
import { ALNUM, ASSIGN, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const RESEND: readonly SecretRule[] = [
  {
    id: 'resend.api-key',
    provider: 'Resend',
    title: 'API key',
    risk: 'Sends mail from your verified domains.',
    keywords: ['resend'],
    regex: new RegExp(String.raw`resend${NAME_TAIL}${ASSIGN}(?<secret>re_[A-Za-z0-9_]{20,})`, 'i'),
    priority: 3,
    entropy: 3,
    rotation: [
      'In Resend → API Keys, create a replacement with sending access only, deploy it, and delete the old key.',
    ],
    samples: {
      positive: [`RESEND_API_KEY=re_${rnd('rs1', 8, ALNUM)}_${rnd('rs2', 24, ALNUM)}`],
      negative: ['RESEND_API_KEY=re_123'],
    },
  },
]
