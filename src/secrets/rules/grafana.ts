// Grafana Cloud API tokens and service-account tokens.
import { ALNUM, B64, HEX, rnd, type SecretRule } from '../rule'

export const GRAFANA: readonly SecretRule[] = [
  {
    id: 'grafana.token',
    provider: 'Grafana',
    title: 'cloud or service-account token',
    risk: 'Reads dashboards, data sources and alerts, or (cloud tokens) manages the stack.',
    keywords: ['glc_', 'glsa_'],
    regex:
      /(?<![A-Za-z0-9_])(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9+/=])/,
    rotation: [
      'Delete the token in Grafana Cloud → Access policies (or Administration → Service accounts) and create a new one.',
    ],
    samples: {
      positive: [
        `GRAFANA_TOKEN=${'glsa_'}${rnd('gf1', 32, ALNUM)}_${rnd('gf2', 8, HEX)}`,
        `${'glc_'}${rnd('gf3', 48, B64)}`,
      ],
      negative: ['glsa_short'],
    },
  },
]
