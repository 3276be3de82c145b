// Dropbox: access token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const DROPBOX: readonly SecretRule[] = [
  {
    id: 'dropbox.token',
    provider: 'Dropbox',
    title: 'access token',
    risk: 'Reads and deletes files in the linked Dropbox.',
    keywords: ['sl.'],
    regex: /(?<![A-Za-z0-9])sl\.[A-Za-z0-9_-]{130,152}(?![A-Za-z0-9_-])/,
    rotation: [
      'Revoke the app’s access in the Dropbox App Console (or the user’s connected apps) and reissue.',
    ],
    samples: { positive: [`DROPBOX_TOKEN=${'sl.'}${rnd('db1', 140, B64URL)}`], negative: ['sl.short'] },
  },
]
