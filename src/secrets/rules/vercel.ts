// Vercel: access token.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const VERCEL: readonly SecretRule[] = [
  {
    id: 'vercel.token',
    provider: 'Vercel',
    title: 'access token',
    risk: 'Deploys to your projects and reads their environment variables.',
    keywords: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    regex: /(?<![A-Za-z0-9_])vc[pickar]_[A-Za-z0-9]{24,64}(?![A-Za-z0-9])/,
    rotation: [
      'Delete the token in Vercel → Account settings → Tokens (or the integration) and create a scoped one with an expiry.',
    ],
    samples: { positive: [`${'vcp_'}${rnd('vc1', 40, ALNUM)}`], negative: ['vcp_abc'] },
  },
]
