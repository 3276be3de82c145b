// Bearer tokens and Basic credentials in HTTP Authorization headers (logs, curl lines, fixtures).
import { ALNUM, B64URL, rnd, type SecretRule } from '../rule'
import { isPlaceholder } from '../placeholder'

const ROTATION = [
  'Revoke the token or session at its issuer (sign the user out everywhere, or rotate the API key).',
  'Stop whatever wrote the header: redact Authorization in the logger or the build step.',
]

export const HTTP_AUTH: readonly SecretRule[] = [
  {
    id: 'http.bearer-token',
    provider: 'HTTP Authorization',
    title: 'bearer token',
    risk: 'Acts as the signed-in user or service for as long as the token lives.',
    keywords: ['bearer '],
    regex: /Bearer\s+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)(?![A-Za-z0-9._~+/=-])/i,
    entropy: 3.2,
    priority: 0,
    // Any string can follow "Bearer": the shape says token, not which provider's.
    confidence: 'heuristic',
    rotation: ROTATION,
    samples: {
      positive: [`Authorization: Bearer ${rnd('ha1', 40, B64URL)}`],
      negative: ['Authorization: Bearer ${token}'],
    },
  },
  {
    id: 'http.basic-credentials',
    provider: 'HTTP Authorization',
    title: 'Basic credentials',
    risk: 'Signs in as that user.',
    keywords: ['basic '],
    regex: /Basic\s+(?<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/,
    classify(m) {
      const plain = Buffer.from(m.secret, 'base64').toString('utf8')
      const colon = plain.indexOf(':')
      if (colon < 1 || !/^[\x20-\x7e]+$/.test(plain)) return { keep: false, why: 'not-this-rule' }
      const password = plain.slice(colon + 1)
      if (password.length < 4 || isPlaceholder(password)) return { keep: false, why: 'placeholder' }
      return { keep: true }
    },
    rotation: ROTATION,
    samples: {
      positive: [`Authorization: Basic ${Buffer.from(`ops:${rnd('ha2', 16, ALNUM)}`).toString('base64')}`],
      negative: ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Basic authentication is supported'],
    },
  },
]
