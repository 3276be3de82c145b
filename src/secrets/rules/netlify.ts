// Netlify: personal access token.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const NETLIFY: readonly SecretRule[] = [
  {
    id: 'netlify.token',
    provider: 'Netlify',
    title: 'personal access token',
    risk: 'Deploys sites and reads their environment variables.',
    keywords: ['nfp_'],
    regex: /(?<![A-Za-z0-9_])nfp_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the token in Netlify → User settings → Applications and create a new one with an expiry.',
    ],
    samples: { positive: [`NETLIFY_AUTH_TOKEN=${'nfp_'}${rnd('nf1', 36, ALNUM)}`], negative: ['nfp_x'] },
  },
]
