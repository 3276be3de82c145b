// Bitbucket: app password or access token.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const BITBUCKET: readonly SecretRule[] = [
  {
    id: 'bitbucket.app-password',
    provider: 'Bitbucket',
    title: 'app password or access token',
    risk: 'Reads and pushes to the workspace’s repositories.',
    keywords: ['atbb', 'atctt3'],
    regex: /(?<![A-Za-z0-9])(?:ATBB[A-Za-z0-9]{32}|ATCTT3xFfGN0[A-Za-z0-9_=-]{150,250})(?![A-Za-z0-9_=-])/,
    rotation: [
      'Revoke the app password (Personal settings → App passwords) or the access token, and create a replacement with fewer permissions.',
    ],
    samples: { positive: [`${'ATBB'}${rnd('bb1', 32, ALNUM)}`], negative: ['ATBB-not-a-token'] },
  },
]
