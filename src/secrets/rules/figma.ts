// Figma: personal access token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const FIGMA: readonly SecretRule[] = [
  {
    id: 'figma.token',
    provider: 'Figma',
    title: 'personal access token',
    risk: 'Reads every design file the user can open.',
    keywords: ['figd_', 'figo_'],
    regex: /(?<![A-Za-z0-9_])fig[do]_[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/,
    rotation: [
      'Revoke the token in Figma → Settings → Security → Personal access tokens and create a new one with an expiry.',
    ],
    samples: { positive: [`FIGMA_TOKEN=${'figd_'}${rnd('fg1', 56, B64URL)}`], negative: ['figd_abc'] },
  },
]
