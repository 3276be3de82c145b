// HashiCorp Vault: token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const VAULT: readonly SecretRule[] = [
  {
    id: 'vault.token',
    provider: 'HashiCorp Vault',
    title: 'token',
    risk: 'Reads every secret the token’s policies allow.',
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    regex: /(?<![A-Za-z0-9])hv[sbr]\.[A-Za-z0-9_-]{90,}(?![A-Za-z0-9_-])/,
    rotation: [
      'Revoke the token (vault token revoke -accessor …) and any child tokens.',
      'Audit the Vault logs for reads made with it and rotate what it read.',
    ],
    samples: {
      positive: [`VAULT_TOKEN=${'hvs.'}${rnd('hv1', 95, B64URL)}`],
      negative: ['hvs.abc', 'hvb.tooshortxxx'],
    },
  },
]
