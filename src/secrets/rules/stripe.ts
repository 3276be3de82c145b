// Stripe: secret and restricted keys and webhook signing secrets; publishable keys are public by design.
import { ALNUM, B64, rnd, type SecretRule } from '../rule'

const ROTATION = [
  'In the Stripe Dashboard → Developers → API keys, roll the key (choose an expiry for the old one of “now” unless a deploy needs minutes).',
  'Put the new key in the secret manager of every environment that used the old one and redeploy.',
  'Review Dashboard → Developers → Logs for requests made with the old key.',
]

export const STRIPE: readonly SecretRule[] = [
  {
    id: 'stripe.secret-key',
    provider: 'Stripe',
    title: 'secret key',
    risk: 'Charges, refunds and reads every customer and payment of the account.',
    keywords: ['sk_live_', 'sk_test_'],
    regex: /(?<![A-Za-z0-9_])sk_(?:live|test)_[0-9A-Za-z]{24,247}(?![0-9A-Za-z])/,
    rotation: ROTATION,
    samples: {
      positive: [
        `STRIPE_SECRET_KEY=${'sk_live_'}${rnd('st1', 24, ALNUM)}`,
        `${'sk_test_'}${rnd('st2', 99, ALNUM)}`,
      ],
      negative: ['sk_live_short', `x${'sk_live_'}${rnd('st3', 24, ALNUM)}`, 'sk_live_your_key_here_please'],
    },
  },
  {
    id: 'stripe.restricted-key',
    provider: 'Stripe',
    title: 'restricted key',
    risk: 'Does whatever its permissions allow on the Stripe account, often reads of customers and payments.',
    keywords: ['rk_live_', 'rk_test_'],
    regex: /(?<![A-Za-z0-9_])rk_(?:live|test)_[0-9A-Za-z]{24,247}(?![0-9A-Za-z])/,
    rotation: ROTATION,
    samples: { positive: [`${'rk_live_'}${rnd('st4', 24, ALNUM)}`], negative: ['rk_test_y'] },
  },
  {
    id: 'stripe.webhook-secret',
    provider: 'Stripe',
    title: 'webhook signing secret',
    risk: 'Forges webhook events (paid invoices, new subscriptions) that the portal will trust.',
    keywords: ['whsec_'],
    regex: /(?<![A-Za-z0-9_])whsec_[0-9A-Za-z+/=]{24,}(?![0-9A-Za-z+/=])/,
    rotation: [
      'Roll the endpoint’s signing secret in Stripe → Developers → Webhooks (or in Svix for Svix-signed endpoints).',
      'Deploy the new secret to the receiver.',
    ],
    samples: {
      positive: [`STRIPE_WEBHOOK_SECRET=${'whsec_'}${rnd('st5', 32, B64)}`],
      negative: ['whsec_...'],
    },
  },
  {
    id: 'stripe.publishable-key',
    provider: 'Stripe',
    title: 'publishable key',
    risk: 'None on its own: publishable keys are meant for browsers.',
    keywords: ['pk_live_', 'pk_test_'],
    regex: /(?<![A-Za-z0-9_])pk_(?:live|test)_[0-9A-Za-z]{20,247}(?![0-9A-Za-z])/,
    exposure: 'public',
    classify(m) {
      const body = m.secret.slice(8)
      const decoded = Buffer.from(body, 'base64').toString('latin1')
      return /\$$/.test(decoded) && /clerk/i.test(decoded)
        ? { keep: true, provider: 'Clerk', title: 'publishable key' }
        : { keep: true }
    },
    rotation: ['Nothing to rotate: a publishable key is public by design.'],
    samples: { positive: [`${'pk_live_'}${rnd('st6', 24, ALNUM)}`], negative: ['pk_live_x'] },
  },
]
