// Cloudflare: API token or key.
import { ALNUM, ASSIGN, B64URL, NAME_TAIL, rnd, type SecretRule } from '../rule'

export const CLOUDFLARE: readonly SecretRule[] = [
  {
    id: 'cloudflare.api-token',
    provider: 'Cloudflare',
    title: 'API token or key',
    risk: 'Changes DNS, TLS and firewall settings of your zones: takes over the whole edge.',
    keywords: ['cfat_', 'cfut_', 'cfk_', 'cloudflare'],
    regex: new RegExp(
      String.raw`(?:(?<![A-Za-z0-9_])(?<secret>cf(?:at|ut|k)_[A-Za-z0-9]{48})(?![A-Za-z0-9])|cloudflare${NAME_TAIL}(?:api[_-]?)?(?:token|key)${ASSIGN}(?<secret2>[A-Za-z0-9_-]{40}|[0-9a-f]{37})(?![A-Za-z0-9_-]))`,
      'i',
    ),
    rotation: [
      'Roll or delete the token in Cloudflare → My Profile → API Tokens (roll the Global API Key if that was exposed).',
      'Check the audit log for DNS, TLS and WAF changes.',
    ],
    samples: {
      positive: [`${'cfat_'}${rnd('cf1', 48, ALNUM)}`, `CLOUDFLARE_API_TOKEN=${rnd('cf2', 40, B64URL)}`],
      negative: ['cfat_tooshort', 'https://api.cloudflare.com/client/v4/zones'],
    },
    priority: 2,
    entropy: 3,
  },
]
