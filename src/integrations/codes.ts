// The provider APIs' code vocabulary (edge, uptime, CI providers), import-free so that the probe code union can
// name it (after undici's core/errors, like network/codes.ts).
import type { KeychainCode } from '../keychain/codes'
import type { NetworkCode } from '../network/codes'

/** Stable codes of a provider API's expected failures. */
export const API = {
  OUT_OF_SCOPE: 'PROVIDER_OUT_OF_SCOPE',
  AUTH: 'PROVIDER_AUTH',
  RATE_LIMITED: 'PROVIDER_RATE_LIMITED',
  BAD_RESPONSE: 'PROVIDER_BAD_RESPONSE',
  NOT_FOUND: 'PROVIDER_NOT_FOUND',
  UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
} as const

/** A provider API failure's code (the values of API). */
export type ApiCode = (typeof API)[keyof typeof API]

/** What a provider API call can fail with: its own codes, the token's keychain, and the network's. */
export type ProviderCode = ApiCode | KeychainCode | NetworkCode
