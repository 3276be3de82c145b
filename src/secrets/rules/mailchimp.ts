// Mailchimp (Intuit) marketing API keys: 32 hex digits and a datacenter suffix.
import { HEX, rnd, type SecretRule } from '../rule'

export const MAILCHIMP: readonly SecretRule[] = [
  {
    id: 'mailchimp.api-key',
    provider: 'Mailchimp',
    title: 'API key',
    risk: 'Exports your audience lists and sends campaigns from your account.',
    keywords: ['-us'],
    lead: 32,
    regex: /(?<![0-9a-fA-F])[0-9a-f]{32}-us\d{1,2}(?![0-9A-Za-z])/,
    entropy: 3,
    rotation: [
      'In Mailchimp → Profile → Extras → API keys, create a new key, deploy it, then disable the old one.',
    ],
    samples: { positive: [`MAILCHIMP_KEY=${rnd('mc1', 32, HEX)}-us21`], negative: ['multi-user-setup'] },
  },
]
