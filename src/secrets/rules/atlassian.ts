// Atlassian: API token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const ATLASSIAN: readonly SecretRule[] = [
  {
    id: 'atlassian.api-token',
    provider: 'Atlassian',
    title: 'API token',
    risk: 'Reads and edits Jira issues and Confluence pages as the user.',
    keywords: ['atatt3'],
    regex: /ATATT3[A-Za-z0-9_=-]{150,250}(?![A-Za-z0-9_=-])/,
    rotation: ['Revoke the token at id.atlassian.com → Security → API tokens and create a new one.'],
    samples: { positive: [`${'ATATT3'}xFfGF0${rnd('at1', 180, B64URL)}`], negative: ['ATATT3xFfGF0'] },
  },
]
