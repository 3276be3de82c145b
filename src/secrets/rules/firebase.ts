// Firebase Cloud Messaging legacy server keys (the web config is public: see google.api-key).
import { B64URL, rnd, type SecretRule } from '../rule'

export const FIREBASE: readonly SecretRule[] = [
  {
    id: 'firebase.fcm-server-key',
    provider: 'Firebase',
    title: 'Cloud Messaging server key',
    risk: 'Sends push notifications to every user of the app.',
    keywords: [':apa91b'],
    lead: 11,
    regex: /AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}(?![A-Za-z0-9_-])/,
    rotation: [
      'Move to the HTTP v1 API with a service account, then delete the legacy server key in Firebase → Project settings → Cloud Messaging.',
    ],
    samples: {
      positive: [`FCM_KEY=${'AAAA'}${rnd('fb1', 7, B64URL)}:APA91b${rnd('fb2', 134, B64URL)}`],
      negative: ['AAAA:APA91b'],
    },
  },
]
