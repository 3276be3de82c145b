// Render: API key.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const RENDER: readonly SecretRule[] = [
  {
    id: 'render.api-key',
    provider: 'Render',
    title: 'API key',
    risk: 'Deploys services and reads their environment.',
    keywords: ['rnd_'],
    regex: /(?<![A-Za-z0-9_])rnd_[A-Za-z0-9]{32}(?![A-Za-z0-9])/,
    rotation: ['Revoke the key in Render → Account settings → API keys and create a new one.'],
    samples: { positive: [`RENDER_API_KEY=${'rnd_'}${rnd('rn1', 32, ALNUM)}`], negative: ['rnd_seed'] },
  },
]
