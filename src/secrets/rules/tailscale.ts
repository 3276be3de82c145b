// Tailscale: auth, API or OAuth key.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const TAILSCALE: readonly SecretRule[] = [
  {
    id: 'tailscale.key',
    provider: 'Tailscale',
    title: 'auth, API or OAuth key',
    risk: 'Joins devices to your tailnet or changes its ACLs.',
    keywords: ['tskey-'],
    regex: /(?<![A-Za-z])tskey-[a-z]+-[A-Za-z0-9]{8,}-[A-Za-z0-9]{16,}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the key in the Tailscale admin console → Settings → Keys and remove devices it added.',
    ],
    samples: {
      positive: [`${'tskey-'}auth-${rnd('ts1', 12, ALNUM)}-${rnd('ts2', 24, ALNUM)}`],
      negative: ['tskey-foo', 'xtskey-api-x'],
    },
  },
]
