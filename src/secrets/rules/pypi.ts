// PyPI: API token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const PYPI: readonly SecretRule[] = [
  {
    id: 'pypi.token',
    provider: 'PyPI',
    title: 'API token',
    risk: 'Uploads new releases of your Python packages.',
    keywords: ['pypi-ageichlwas5vcmc'],
    regex: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/,
    rotation: [
      'Remove the token at pypi.org → Account settings → API tokens and create one scoped to a single project.',
      'Check the release history of your projects.',
    ],
    samples: {
      positive: [`${'pypi-AgEIcHlwaS5'}vcmc${rnd('py1', 70, B64URL)}`],
      negative: ['pypi-AgEIcHlwaS5vcmc'],
    },
  },
]
