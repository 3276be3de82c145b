// Linear: API key.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const LINEAR: readonly SecretRule[] = [
  {
    id: 'linear.api-key',
    provider: 'Linear',
    title: 'API key',
    risk: 'Reads and edits issues and projects of the workspace.',
    keywords: ['lin_api_', 'lin_oauth_'],
    regex: /(?<![A-Za-z0-9_])lin_(?:api|oauth)_[A-Za-z0-9]{40,48}(?![A-Za-z0-9])/,
    rotation: ['Revoke the key in Linear → Settings → API and create a new one.'],
    samples: { positive: [`${'lin_api_'}${rnd('ln1', 40, ALNUM)}`], negative: ['lin_api_short'] },
  },
]
