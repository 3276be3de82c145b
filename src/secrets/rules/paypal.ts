// PayPal and Braintree: Braintree access tokens, PayPal REST client secrets beside their name.
import { ALNUM, ASSIGN, B64URL, NAME_TAIL, rnd, type SecretRule } from '../rule'

const ROTATION = [
  'In the PayPal Developer Dashboard (or Braintree Control Panel → API), generate a new secret or access token and deploy it.',
  'Disable the exposed credential and review recent transactions and refunds.',
]

export const PAYPAL: readonly SecretRule[] = [
  {
    id: 'paypal.braintree-access-token',
    provider: 'PayPal',
    title: 'Braintree access token',
    risk: 'Creates charges and refunds on the merchant account.',
    keywords: ['access_token$production$', 'access_token$sandbox$'],
    regex: /access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}/,
    rotation: ROTATION,
    samples: {
      positive: [
        `${'access_token$production$'}${rnd('pp1', 16, '0123456789abcdefghijklmnopqrstuvwxyz')}$${rnd('pp2', 32, '0123456789abcdef')}`,
      ],
      negative: ['access_token$production$<id>$<secret>'],
    },
  },
  {
    id: 'paypal.client-secret',
    provider: 'PayPal',
    title: 'REST API client secret',
    risk: 'Takes payments and issues refunds as the merchant.',
    keywords: ['paypal'],
    regex: new RegExp(
      String.raw`paypal${NAME_TAIL}secret${ASSIGN}(?<secret>[A-Za-z0-9_-]{40,80})(?![A-Za-z0-9_-])`,
      'i',
    ),
    priority: 3,
    entropy: 3.5,
    rotation: ROTATION,
    samples: {
      positive: [`PAYPAL_CLIENT_SECRET="E${rnd('pp3', 79, B64URL)}"`],
      negative: ['PAYPAL_CLIENT_SECRET=${PAYPAL_SECRET}', `PAYPAL_MODE=${rnd('pp4', 6, ALNUM)}`],
    },
  },
]
