// Notion: integration token.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const NOTION: readonly SecretRule[] = [
  {
    id: 'notion.token',
    provider: 'Notion',
    title: 'integration token',
    risk: 'Reads and edits every page the integration was shared with.',
    keywords: ['ntn_'],
    regex: /(?<![A-Za-z0-9])ntn_\d{11}[A-Za-z0-9]{35}(?![A-Za-z0-9])/,
    rotation: [
      'Refresh the integration’s secret in Notion → Settings → Integrations and update where it is used.',
    ],
    samples: {
      positive: [`NOTION_TOKEN=${'ntn_'}${rnd('nt1', 11, '0123456789')}${rnd('nt2', 35, ALNUM)}`],
      negative: ['ntn_abc'],
    },
  },
]
