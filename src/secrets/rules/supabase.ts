// Supabase: service-role keys (JWT or sb_secret_) are secrets; anon and publishable keys are public by design.
import { B64URL, rnd, sampleJwt, type MatchContext, type SecretRule, type Verdict } from '../rule'
import { jwtClaims } from './jwt'

const ROTATION = [
  'In the Supabase Dashboard → Project settings → API keys, create new secret keys (or roll the JWT secret, which also invalidates every issued session) and deploy them server-side only.',
  'Check the database and auth logs for use of the service role; it bypasses row-level security.',
]
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/

function byRole(role: string, keep: Verdict): (m: MatchContext) => Verdict {
  return (m) => (jwtClaims(m.secret)?.role === role ? keep : { keep: false, why: 'not-this-rule' })
}

export const SUPABASE: readonly SecretRule[] = [
  {
    id: 'supabase.service-role-key',
    provider: 'Supabase',
    title: 'service-role key',
    risk: 'Reads and writes every table, bypassing row-level security.',
    keywords: ['eyj'],
    regex: JWT,
    priority: 3,
    classify: byRole('service_role', { keep: true }),
    rotation: ROTATION,
    samples: {
      positive: [`SUPABASE_KEY=${sampleJwt({ iss: 'supabase', ref: 'abcd', role: 'service_role' }, 'sb1')}`],
      negative: [`const anon = "${sampleJwt({ iss: 'supabase', ref: 'abcd', role: 'anon' }, 'sb2')}"`],
    },
  },
  {
    id: 'supabase.anon-key',
    provider: 'Supabase',
    title: 'anon key',
    risk: 'None beyond what row-level security allows: the anon key is meant for browsers.',
    keywords: ['eyj'],
    regex: JWT,
    priority: 3,
    exposure: 'public',
    classify: byRole('anon', {
      keep: true,
      note: 'The anon key is public by design; row-level security protects the data.',
    }),
    rotation: [
      'Nothing to rotate: the anon key is public by design. Make sure every table has row-level security on.',
    ],
    samples: { positive: [`anon: "${sampleJwt({ iss: 'supabase', role: 'anon' }, 'sb3')}"`], negative: [] },
  },
  {
    id: 'supabase.secret-key',
    provider: 'Supabase',
    title: 'secret API key',
    risk: 'Reads and writes every table, bypassing row-level security.',
    keywords: ['sb_secret_'],
    regex: /sb_secret_[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/,
    rotation: ROTATION,
    samples: { positive: [`${'sb_secret_'}${rnd('sb4', 32, B64URL)}`], negative: ['sb_secret_'] },
  },
  {
    id: 'supabase.publishable-key',
    provider: 'Supabase',
    title: 'publishable key',
    risk: 'None beyond what row-level security allows.',
    keywords: ['sb_publishable_'],
    regex: /sb_publishable_[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/,
    exposure: 'public',
    rotation: ['Nothing to rotate: publishable keys are public by design.'],
    samples: { positive: [`${'sb_publishable_'}${rnd('sb5', 32, B64URL)}`], negative: [] },
  },
]
