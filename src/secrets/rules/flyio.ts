// Fly.io: access token.
import { B64URL, rnd, type SecretRule } from '../rule'

export const FLYIO: readonly SecretRule[] = [
  {
    id: 'flyio.token',
    provider: 'Fly.io',
    title: 'access token',
    risk: 'Deploys and reads secrets of your Fly apps.',
    keywords: ['flyv1 fm', 'fo1_'],
    regex: /(?:FlyV1 fm\d_[A-Za-z0-9+/=,_-]{100,}|fo1_[A-Za-z0-9_-]{43})/,
    rotation: ['Revoke the token (fly tokens revoke) and issue a new, app-scoped deploy token.'],
    samples: {
      positive: [`FLY_API_TOKEN="${'FlyV1 fm2_'}${rnd('fl1', 120, B64URL)}"`],
      negative: ['FlyV1 fm2_x'],
    },
  },
]
