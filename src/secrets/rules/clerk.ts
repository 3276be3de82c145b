// Clerk secret keys share Stripe's `sk_live_` prefix; the variable name tells them apart.
import { ALNUM, ASSIGN, rnd, type SecretRule } from '../rule'

export const CLERK: readonly SecretRule[] = [
  {
    id: 'clerk.secret-key',
    provider: 'Clerk',
    title: 'secret key',
    risk: 'Reads and changes every user and session of the Clerk instance.',
    keywords: ['clerk_secret_key', 'clerk_api_key', 'clerksecretkey'],
    regex: new RegExp(
      String.raw`clerk_?(?:secret|api)_?key${ASSIGN}(?<secret>sk_(?:live|test)_[A-Za-z0-9]{20,})`,
      'i',
    ),
    priority: 4,
    rotation: [
      'In the Clerk Dashboard → API keys, create a new secret key, deploy it, then delete the exposed one.',
      'Review recent sign-ins and user changes.',
    ],
    samples: {
      positive: [`CLERK_SECRET_KEY=${'sk_live_'}${rnd('ck1', 42, ALNUM)}`],
      negative: ['CLERK_SECRET_KEY=${CLERK_SECRET}'],
    },
  },
]
