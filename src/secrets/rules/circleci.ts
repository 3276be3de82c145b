// CircleCI: personal API token.
import { ALNUM, HEX, rnd, type SecretRule } from '../rule'

export const CIRCLECI: readonly SecretRule[] = [
  {
    id: 'circleci.token',
    provider: 'CircleCI',
    title: 'personal API token',
    risk: 'Reads project settings and triggers pipelines with their secrets.',
    keywords: ['ccipat_'],
    regex: /CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}(?![a-f0-9])/,
    rotation: ['Delete the token in CircleCI → User settings → Personal API tokens and create a new one.'],
    samples: {
      positive: [`${'CCIPAT_'}${rnd('cc1', 22, ALNUM)}_${rnd('cc2', 40, HEX)}`],
      negative: ['CCIPAT_x'],
    },
  },
]
