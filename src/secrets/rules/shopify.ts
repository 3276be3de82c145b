// Shopify: admin API access tokens and app shared secrets.
import { ALNUM, rnd, type SecretRule } from '../rule'

export const SHOPIFY: readonly SecretRule[] = [
  {
    id: 'shopify.token',
    provider: 'Shopify',
    title: 'access token or app secret',
    risk: 'Reads and changes the store’s orders, customers and products.',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    regex: /(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,40}(?![A-Za-z0-9])/,
    entropy: 3,
    rotation: [
      'Uninstall and reinstall the custom app (or rotate the app secret in the Partner Dashboard) to invalidate the token.',
      'Review the store’s staff and app activity.',
    ],
    samples: {
      positive: [`${'shpat_'}${rnd('sh1', 32, ALNUM)}`],
      negative: ['shpssSSSSS_SSSS_sssss is not a key'],
    },
  },
]
