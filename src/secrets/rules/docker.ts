// Docker Hub personal access tokens.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const DOCKER: readonly SecretRule[] = [
  {
    id: 'docker.pat',
    provider: 'Docker Hub',
    title: 'personal access token',
    risk: 'Pushes images under your namespace: anyone pulling them runs the attacker’s code.',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    regex: /dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}(?![A-Za-z0-9_-])/,
    rotation: [
      'Delete the token in Docker Hub → Account settings → Personal access tokens and create a read-only or scoped replacement.',
      'Check the repositories’ tag history for pushes you did not make.',
    ],
    samples: {
      positive: [`DOCKER_TOKEN=${'dckr_pat_'}${rnd('dk1', 27, ALNUM)}`],
      negative: ['dckr_pat_tooshort', 'dckr_pat_'],
    },
  },
]
