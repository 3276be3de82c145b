// Sentry: auth tokens are secrets; DSNs are public by design (they only let clients send events).
import { HEX, rnd, type SecretRule } from '../rule'

export const SENTRY: readonly SecretRule[] = [
  {
    id: 'sentry.auth-token',
    provider: 'Sentry',
    title: 'auth token',
    risk: 'Reads issues (with user data and stack traces) and changes projects of the organisation.',
    keywords: ['sntrys_', 'sntryu_'],
    regex: /(?:sntrys_eyJ[A-Za-z0-9_=+/-]{50,}|sntryu_[a-f0-9]{64})(?![A-Za-z0-9_=+/-])/,
    rotation: [
      'Revoke the token in Sentry → Settings → Auth Tokens (or the organisation’s tokens) and create a new one for CI only.',
    ],
    samples: { positive: [`SENTRY_AUTH_TOKEN=${'sntryu_'}${rnd('se1', 64, HEX)}`], negative: ['sntryu_x'] },
  },
  {
    id: 'sentry.dsn',
    provider: 'Sentry',
    title: 'DSN',
    risk: 'None worth rotating: a DSN only lets clients send events.',
    keywords: ['sentry.io'],
    regex: /(?<=https?:\/\/(?<secret>[0-9a-f]{32})@[a-z0-9.-]{0,80})sentry\.io\/\d+/,
    exposure: 'public',
    rotation: [
      'Nothing to rotate: DSNs are public by design. Limit abuse with allowed domains and rate limits in Sentry.',
    ],
    samples: {
      positive: [`dsn: "https://${rnd('se2', 32, HEX)}@o123.ingest.${'sentry.io'}/456"`],
      negative: [],
    },
  },
]
