// Hugging Face: access token.
import { rnd, type SecretRule } from '../rule'

export const HUGGINGFACE: readonly SecretRule[] = [
  {
    id: 'huggingface.token',
    provider: 'Hugging Face',
    title: 'access token',
    risk: 'Reads private models and datasets and pushes to your repositories.',
    keywords: ['hf_', 'api_org_'],
    regex: /(?<![A-Za-z0-9])(?:hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9])/,
    rotation: [
      'Invalidate the token at huggingface.co → Settings → Access Tokens and create a fine-grained one.',
    ],
    samples: {
      positive: [
        `HF_TOKEN=${'hf_'}${rnd('hf1', 34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`,
      ],
      negative: ['hf_abc', 'https://huggingface.co/models'],
    },
  },
]
