// Pulumi: access token.
import { HEX, rnd, type SecretRule } from '../rule'

export const PULUMI: readonly SecretRule[] = [
  {
    id: 'pulumi.token',
    provider: 'Pulumi',
    title: 'access token',
    risk: 'Reads stack state and secrets and runs updates.',
    keywords: ['pul-'],
    regex: /(?<![A-Za-z0-9])pul-[a-f0-9]{40}(?![a-f0-9])/,
    rotation: ['Delete the token in Pulumi Cloud → Settings → Access tokens and create a new one.'],
    samples: { positive: [`${'pul-'}${rnd('pu1', 40, HEX)}`], negative: ['pull-request'] },
  },
]
