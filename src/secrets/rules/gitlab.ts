// GitLab: personal, project, group, deploy, runner and trigger tokens.
import { B64URL, rnd, type SecretRule } from '../rule'

export const GITLAB: readonly SecretRule[] = [
  {
    id: 'gitlab.token',
    provider: 'GitLab',
    title: 'access token',
    risk: 'Reads and writes projects, registries and pipelines with the token’s scopes.',
    keywords: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glsoat-', 'glcbt-', 'gloas-'],
    regex: /(?<![A-Za-z0-9_-])gl(?:pat|dt|ptt|rt|soat|cbt|oas)-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/,
    entropy: 3,
    rotation: [
      'Revoke the token in GitLab (User settings → Access tokens, or the project’s/group’s token page; runners: reset the registration token).',
      'Create a replacement with the narrowest scope and an expiry date.',
      'Check the audit events for use of the old token.',
    ],
    samples: {
      positive: [`CI_TOKEN=${'glpat-'}${rnd('gl1', 20, B64URL)}`],
      negative: ['glpat-abc', `${'glpat-'}your-token-here-please`],
    },
  },
]
