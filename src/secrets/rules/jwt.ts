// JSON Web Tokens written into code, configs or logs, and the secrets that sign them.
import { ALNUM, ASSIGN, rnd, sampleJwt, type SecretRule } from '../rule'

/** The claims of a JWT-shaped string, or undefined when its middle part is not a JSON object. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1]
  if (!part) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

export const JWT: readonly SecretRule[] = [
  {
    id: 'jwt.token',
    provider: 'JSON Web Token',
    title: 'bearer token',
    risk: 'Acts as the user or service it was issued to until it expires.',
    keywords: ['eyj'],
    regex:
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/,
    confidence: 'heuristic',
    priority: 1,
    classify(m) {
      const claims = jwtClaims(m.secret)
      if (!claims) return { keep: false, why: 'not-this-rule' }
      if (claims.role === 'anon' || claims.role === 'service_role')
        return { keep: false, why: 'not-this-rule' }
      return { keep: true }
    },
    rotation: [
      'Revoke the token or the session it belongs to at its issuer; if it cannot be revoked, rotate the signing key so it stops verifying.',
      'Find out how it reached this place (a log line, a fixture, a hard-coded header) and stop that.',
    ],
    samples: {
      positive: [`Authorization: ${sampleJwt({ sub: 'user-1', exp: 1900000000 }, 'jw1')}`],
      negative: ['eyJhbGciOiJIUzI1NiJ9.notjson.x'],
    },
  },
  {
    id: 'jwt.signing-secret',
    provider: 'JSON Web Token',
    title: 'signing secret',
    risk: 'Mints valid sessions for any user, administrators included.',
    keywords: [
      'jwt_secret',
      'jwt-secret',
      'jwtsecret',
      'jwt_signing_key',
      'jwt_key',
      'secret_key_base',
      'session_secret',
    ],
    regex: new RegExp(
      String.raw`(?:jwt[_-]?(?:secret|signing[_-]?key|key)|secret_key_base|session_secret)${ASSIGN}(?<secret>[^\s"'\x60,;]{16,512})`,
      'i',
    ),
    priority: 3,
    entropy: 3,
    rotation: [
      'Generate a new random signing secret (32+ bytes) in the secret manager and deploy it; every existing session signed with the old one stops working.',
      'If tokens must survive, support both secrets briefly (key ids), then drop the old one.',
    ],
    samples: {
      positive: [`JWT_SECRET=${rnd('jw2', 48, ALNUM)}`],
      negative: ['JWT_SECRET=${JWT_SECRET}', 'jwt_secret: changeme'],
    },
  },
]
