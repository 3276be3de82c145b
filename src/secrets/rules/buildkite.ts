// Buildkite: API access token.
import { HEX, rnd, type SecretRule } from '../rule'

export const BUILDKITE: readonly SecretRule[] = [
  {
    id: 'buildkite.token',
    provider: 'Buildkite',
    title: 'API access token',
    risk: 'Reads build logs and triggers pipelines that hold deploy credentials.',
    keywords: ['bkua_'],
    regex: /bkua_[a-f0-9]{40}(?![a-f0-9])/,
    rotation: [
      'Revoke the token in Buildkite → Personal settings → API access tokens and create a narrower one.',
    ],
    samples: { positive: [`${'bkua_'}${rnd('bk1', 40, HEX)}`], negative: ['bkua_123'] },
  },
]
