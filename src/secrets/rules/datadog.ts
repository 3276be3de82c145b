// Datadog: API or application key.
import { ASSIGN, HEX, rnd, type SecretRule } from '../rule'

export const DATADOG: readonly SecretRule[] = [
  {
    id: 'datadog.api-key',
    provider: 'Datadog',
    title: 'API or application key',
    risk: 'Sends fake metrics and events, or (application key) reads dashboards and logs.',
    keywords: ['dd_api_key', 'dd_app_key', 'datadog_api_key', 'datadog_app_key', 'dd_application_key'],
    regex: new RegExp(
      String.raw`(?:dd|datadog)_(?:api|app|application)_key${ASSIGN}(?<secret>[a-f0-9]{32}|[a-f0-9]{40})(?![a-f0-9])`,
      'i',
    ),
    rotation: [
      'Revoke the key in Datadog → Organization settings → API keys (or Application keys) and create a new one.',
    ],
    samples: { positive: [`DD_API_KEY=${rnd('dd1', 32, HEX)}`], negative: ['DD_API_KEY=<api-key>'] },
    priority: 3,
    entropy: 3,
  },
]
