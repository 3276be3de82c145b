// Doppler: token.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const DOPPLER: readonly SecretRule[] = [
  {
    id: 'doppler.token',
    provider: 'Doppler',
    title: 'token',
    risk: 'Reads every secret of the config it is scoped to.',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    regex: /dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9])/,
    rotation: [
      'Revoke the token in Doppler (Tokens page of the project or workplace) and issue a new one.',
      'Rotate the secrets it could read.',
    ],
    samples: { positive: [`DOPPLER_TOKEN=${'dp.st.'}${rnd('dp1', 43, ALNUM)}`], negative: ['dp.st.dev'] },
  },
]
