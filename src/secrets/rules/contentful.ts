// Contentful: management token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const CONTENTFUL: readonly SecretRule[] = [
  {
    id: 'contentful.token',
    provider: 'Contentful',
    title: 'management token',
    risk: 'Edits and publishes content of every space the user can reach.',
    keywords: ['cfpat-'],
    regex: /CFPAT-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    rotation: ['Revoke the token in Contentful → Settings → CMA tokens and create a new one.'],
    samples: { positive: [`${'CFPAT-'}${rnd('cp1', 43, B64URL)}`], negative: ['CFPAT-x'] },
  },
]
