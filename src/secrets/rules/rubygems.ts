// RubyGems: API key.
import { HEX, rnd, type SecretRule } from '../rule'

export const RUBYGEMS: readonly SecretRule[] = [
  {
    id: 'rubygems.api-key',
    provider: 'RubyGems',
    title: 'API key',
    risk: 'Pushes new versions of your gems.',
    keywords: ['rubygems_'],
    regex: /rubygems_[0-9a-f]{48}(?![0-9a-f])/,
    rotation: [
      'Reset the key at rubygems.org → Settings → API keys and create a scoped one with MFA required.',
    ],
    samples: { positive: [`${'rubygems_'}${rnd('rg1', 48, HEX)}`], negative: ['rubygems_version'] },
  },
]
