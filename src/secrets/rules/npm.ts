// npm: automation and publish tokens, and `_authToken` lines of .npmrc files.
import { ALNUM, rnd, type SecretRule } from '../rule'

const ROTATION = [
  'Revoke the token on npmjs.com → Access Tokens (or in the private registry), then create a granular token limited to the packages it needs.',
  'Check recent publishes of your packages for versions you did not release.',
]

export const NPM: readonly SecretRule[] = [
  {
    id: 'npm.token',
    provider: 'npm',
    title: 'access token',
    risk: 'Publishes new versions of your packages: a supply-chain attack on your users.',
    keywords: ['npm_'],
    regex: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
    entropy: 3,
    rotation: ROTATION,
    samples: { positive: [`${'npm_'}${rnd('npm1', 36, ALNUM)}`], negative: ['npm_run_build_all_the_things'] },
  },
  {
    id: 'npm.npmrc-auth-token',
    provider: 'npm',
    title: 'registry auth token in .npmrc',
    risk: 'Publishes to, or reads private packages from, the registry it is set for.',
    keywords: ['_authtoken'],
    regex: /_authToken\s*=\s*(?<secret>[^\s'"]{16,})/,
    rotation: ROTATION,
    samples: {
      positive: [`//npm.pkg.github.com/:_authToken=${rnd('npm2', 40, 'abcdef0123456789')}`],
      negative: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}'],
    },
  },
]
