// Google Cloud: service-account key files (JSON), OAuth client secrets and API keys.
import { ALNUM, B64URL, rnd, type SecretRule } from '../rule'
import { pemBodyVerdict } from './pem'

const SA_ROTATION = [
  'In Google Cloud IAM → Service accounts → Keys, create a new key (or better, switch to workload identity) and deploy it.',
  'Delete the exposed key there, then check Cloud Audit Logs for its use.',
]

/** Words that mark a Google API key as part of a Firebase web app's config, which is public by design. */
const FIREBASE = /authDomain|firebaseapp\.com|messagingSenderId|firebaseConfig|initializeApp|storageBucket/

export const GCP: readonly SecretRule[] = [
  {
    id: 'gcp.service-account-key',
    provider: 'Google Cloud',
    title: 'service-account private key (JSON)',
    risk: 'Acts as the service account, with every role it was granted.',
    keywords: ['service_account'],
    span: 4096,
    regex:
      /service_account"[\s\S]{0,4000}?"private_key"\s*:\s*"-----BEGIN (?:RSA )?PRIVATE KEY-----(?<secret>[^"]{16,8000}?)-----END (?:RSA )?PRIVATE KEY-{4,5}(?:\\n)?"/,
    priority: 4,
    classify(m) {
      const verdict = pemBodyVerdict(m.secret)
      if (!verdict.keep) return verdict
      const email = /"client_email"\s*:\s*"([^"]+)"/.exec(m.text.slice(m.index, m.index + 6000))?.[1] ?? ''
      return /firebase-adminsdk/.test(email)
        ? { ...verdict, provider: 'Firebase', title: 'Admin SDK service-account key' }
        : verdict
    },
    rotation: SA_ROTATION,
    samples: {
      positive: [
        `{"type": "service_account", "project_id": "acme", "private_key_id": "${rnd('g1', 40, '0123456789abcdef')}", "private_key": "-----BEGIN ${'PRIVATE'} KEY-----\\nMIIE${rnd('g2', 60, ALNUM)}\\n${rnd('g3', 64, ALNUM)}\\n-----END ${'PRIVATE'} KEY-----\\n", "client_email": "x@acme.iam.gserviceaccount.com"}`,
      ],
      negative: [
        `{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}`,
      ],
    },
  },
  {
    id: 'google.oauth-client-secret',
    provider: 'Google',
    title: 'OAuth client secret',
    risk: 'Lets anyone impersonate the OAuth client and complete sign-in flows as the app.',
    keywords: ['gocspx-'],
    regex: /GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/,
    rotation: [
      'In Google Cloud → APIs & Services → Credentials, add a new secret to the OAuth client and deploy it.',
      'Disable and delete the exposed secret.',
    ],
    samples: {
      positive: [`GOOGLE_CLIENT_SECRET=${'GOCSPX-'}${rnd('g4', 28, B64URL)}`],
      negative: ['GOCSPX-short'],
    },
  },
  {
    id: 'google.api-key',
    provider: 'Google',
    title: 'API key',
    risk: 'Calls the Google APIs the key is allowed for (Maps, Gemini, …), billed to the project.',
    keywords: ['aiza'],
    regex: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/,
    confidence: 'heuristic',
    entropy: 3.5,
    classify(m) {
      const around = m.text.slice(Math.max(0, m.index - 600), m.index + 600)
      if (FIREBASE.test(around))
        return {
          keep: true,
          exposure: 'public',
          provider: 'Firebase',
          title: 'web app config API key',
          note: 'Firebase web config is public by design; restrict the key by HTTP referrer and API.',
        }
      return { keep: true }
    },
    rotation: [
      'In Google Cloud → APIs & Services → Credentials, create a replacement key restricted by API and by referrer or IP.',
      'Deploy it, then delete the exposed key.',
    ],
    samples: {
      positive: [`const GEMINI_KEY = "${'AIza'}${rnd('g5', 35, B64URL)}"`],
      negative: ['AIzaShort', `AIza${rnd('g6', 40, B64URL)}`],
    },
  },
]
