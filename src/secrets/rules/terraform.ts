// Terraform Cloud: API token.
import { ALNUM, B64URL, rnd, type SecretRule } from '../rule'

export const TERRAFORM: readonly SecretRule[] = [
  {
    id: 'terraform.api-token',
    provider: 'Terraform Cloud',
    title: 'API token',
    risk: 'Reads state files (full of secrets) and applies infrastructure changes.',
    keywords: ['.atlasv1.'],
    regex: /(?<![a-z0-9])[a-zA-Z0-9]{14}\.atlasv1\.[a-zA-Z0-9_=-]{60,70}(?![a-zA-Z0-9_=-])/,
    rotation: [
      'Revoke the token in HCP Terraform → User settings → Tokens (or the team or organisation token) and issue a new one.',
    ],
    samples: {
      positive: [`${rnd('tf1', 14, ALNUM)}.atlas${'v1'}.${rnd('tf2', 67, B64URL)}`],
      negative: ['x.atlasv1.y'],
    },
    lead: 14,
  },
]
