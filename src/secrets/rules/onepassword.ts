// 1Password: service account token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const ONEPASSWORD: readonly SecretRule[] = [
  {
    id: 'onepassword.service-account',
    provider: '1Password',
    title: 'service account token',
    risk: 'Reads every vault item the service account can access.',
    keywords: ['ops_eyj'],
    regex: /ops_eyJ[A-Za-z0-9+/_-]{250,}={0,3}/,
    rotation: [
      'Revoke the service account token in 1Password → Developer → Service accounts and create a new one.',
      'Rotate the items it could read.',
    ],
    samples: {
      positive: [`OP_SERVICE_ACCOUNT_TOKEN=${'ops_eyJ'}${rnd('op1', 300, B64URL)}`],
      negative: ['ops_DUMMY'],
    },
  },
]
