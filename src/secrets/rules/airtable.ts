// Airtable: personal access token.
import { ALNUM, HEX, rnd, type SecretRule } from '../rule'

export const AIRTABLE: readonly SecretRule[] = [
  {
    id: 'airtable.token',
    provider: 'Airtable',
    title: 'personal access token',
    risk: 'Reads and writes the bases it was granted.',
    keywords: ['pat'],
    regex: /(?<![A-Za-z0-9])pat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![a-f0-9])/,
    // `pat` is in every `path` and `pattern`: the dot after the 14 characters decides first.
    quick: (text, at) => text.charCodeAt(at + 17) === 46,
    rotation: [
      'Revoke the token at airtable.com/create/tokens and create a new one limited to the bases it needs.',
    ],
    samples: {
      positive: [`AIRTABLE_TOKEN=${'pat'}${rnd('ai1', 14, ALNUM)}.${rnd('ai2', 64, HEX)}`],
      negative: ['path.join(a, b)'],
    },
  },
]
