// Credentials in http(s)/ftp(s) URLs: `https://user:password@host`.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

/**
 * `scheme:` then `//` (or JS-escaped `\/`), then an `@` after a `:` before the URL can end: most URLs in code
 * have no credentials, and this tells so in a few reads.
 */
export function mayHoldCredentials(text: string, at: number): boolean {
  let i = at + 3
  while (i < at + 5 && text.charCodeAt(i) !== 58) i++
  if (text.charCodeAt(i) !== 58) return false
  i++
  if (text.charCodeAt(i) === 92) i++
  if (text.charCodeAt(i) !== 47) return false
  let colon = false
  for (const end = Math.min(text.length, i + 420); i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 64) return colon
    if (c === 58) colon = true
    else if (c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96) return false
  }
  return false
}

export const BASIC_AUTH: readonly SecretRule[] = [
  {
    id: 'url.basic-auth',
    provider: 'URL credentials',
    title: 'user name and password in a URL',
    risk: 'Signs in to the host as that user; URLs end up in logs, referrers and browser history.',
    keywords: ['http', 'ftp'],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9+.-])(?:https?|ftps?):\/\/${USER_PASS_HOST}`, 'i'),
    priority: 1,
    quick: mayHoldCredentials,
    escapeNear: 8,
    classify: credentialVerdict,
    rotation: [
      'Change the password of that account on the host, and pass credentials in a header from the secret manager instead of the URL.',
    ],
    samples: {
      positive: [`const API = "https://deploy:${rnd('ba1', 16, ALNUM)}@api.acme.test/v2"`],
      negative: [
        'https://${username}:${password}@api.example.com',
        'https://username:password@example.com/api',
        'https://user:abc@api.com',
        'https://example.com is good',
      ],
    },
  },
]
