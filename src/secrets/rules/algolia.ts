// Algolia: admin or write API key.
import { ASSIGN, HEX, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const ALGOLIA: readonly SecretRule[] = [
  {
    id: 'algolia.admin-key',
    provider: 'Algolia',
    title: 'admin or write API key',
    risk: 'Deletes or rewrites your search indices.',
    keywords: ['algolia'],
    regex: new RegExp(
      String.raw`algolia${NAME_TAIL}(?:admin|write|secret|api)[_-]?key${ASSIGN}(?<secret>[a-f0-9]{32})(?![a-f0-9])`,
      'i',
    ),
    rotation: [
      'Regenerate the key in Algolia → Settings → API keys (the admin key can be regenerated there) and deploy it server-side only.',
    ],
    samples: {
      positive: [`ALGOLIA_ADMIN_KEY=${rnd('al1', 32, HEX)}`],
      negative: ['ALGOLIA_SEARCH_KEY=<search-only-key>'],
    },
    priority: 3,
    entropy: 3,
  },
]
