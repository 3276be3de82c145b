// GitHub: classic and fine-grained tokens, app tokens, and tokens embedded in git URLs.
import { rnd, sampleJwt, type SecretRule } from '../rule'

const ROTATION = [
  'Revoke the token: github.com → Settings → Developer settings → Personal access tokens (or the organisation’s token policy page; for app tokens, the app’s settings).',
  'Issue a replacement with the fewest scopes and repositories it needs, and an expiry.',
  'Check the organisation audit log for use of the old token.',
]
const RISK = 'Reads and writes repositories, packages and workflows with the owner’s access.'

export const GITHUB: readonly SecretRule[] = [
  {
    id: 'github.token',
    provider: 'GitHub',
    title: 'token',
    risk: RISK,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    regex: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
    entropy: 3,
    rotation: ROTATION,
    samples: {
      positive: [`GITHUB_TOKEN=${'ghp_'}${rnd('gh1', 36)}`, `token: ${'gho_'}${rnd('gh2', 36)}`],
      negative: [`gXX_${rnd('gh3', 36)}`, `${'ghp_'}${'X'.repeat(36)}`, 'ghp_short'],
    },
  },
  {
    id: 'github.fine-grained-pat',
    provider: 'GitHub',
    title: 'fine-grained personal access token',
    risk: RISK,
    keywords: ['github_pat_'],
    regex: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])/,
    rotation: ROTATION,
    samples: {
      positive: [`${'github_pat_'}11${rnd('gh4', 20)}_${rnd('gh5', 59)}`],
      negative: ['github_pat_<your-token>'],
    },
  },
  {
    id: 'github.app-installation-token',
    provider: 'GitHub',
    title: 'app installation token',
    risk: RISK,
    keywords: ['ghs_'],
    regex: /ghs_\d+_eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/,
    priority: 2,
    rotation: ROTATION,
    samples: {
      positive: [`${'ghs_'}12345_${sampleJwt({ iss: '12345', exp: 1 }, 'gh6')}`],
      negative: ['ghs_12345_notajwt'],
    },
  },
  {
    id: 'github.token-in-git-url',
    provider: 'GitHub',
    title: 'token in a git URL',
    risk: RISK,
    keywords: ['x-oauth-basic'],
    regex: /(?<=(?<![A-Za-z0-9_])(?<secret>[A-Za-z0-9_]{35,45}):)x-oauth-basic@/,
    entropy: 2.5,
    rotation: ROTATION,
    samples: {
      positive: [
        `"dep": "git+https://${rnd('gh7', 40, '0123456789abcdef')}:x-oauth-basic@github.com/acme/lib.git"`,
      ],
      negative: ['git+https://github.com/acme/lib.git'],
    },
  },
]
