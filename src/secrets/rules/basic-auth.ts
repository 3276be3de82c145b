// Credentials in http(s)/ftp(s) URLs: `https://user:password@host`.
import { ALNUM, rnd, type SecretRule } from '../rule'
import { credentialVerdict, USER_PASS_HOST } from './connection-string'

export const BASIC_AUTH: readonly SecretRule[] = [
  {
    id: 'url.basic-auth',
    provider: 'URL credentials',
    title: 'user name and password in a URL',
    risk: 'Signs in to the host as that user; URLs end up in logs, referrers and browser history.',
    keywords: ['http', 'ftp'],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9+.-])(?:https?|ftps?):\/\/${USER_PASS_HOST}`, 'i'),
    priority: 1,
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
