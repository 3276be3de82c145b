// The sign-in layer's code vocabulary, apart from session.ts so that pure checks and the probe code union can
// import it without loading the sign-in machinery (after undici's core/errors, like network/codes.ts).
import type { KeychainCode } from '../keychain/codes'
import type { BrowserCode, NetworkCode } from '../network/codes'

/** Stable codes of sign-in failures. */
export const AUTH = {
  ACCOUNT: 'AUTH_ACCOUNT',
  NOT_CONFIGURED: 'AUTH_NOT_CONFIGURED',
  FAILED: 'AUTH_FAILED',
  REJECTED: 'AUTH_REJECTED',
  NO_SESSION: 'AUTH_NO_SESSION',
  NO_TOKEN: 'AUTH_NO_TOKEN',
  NO_CSRF: 'AUTH_NO_CSRF',
  BROWSER: 'AUTH_BROWSER',
} as const

/** A sign-in failure's code (the values of AUTH). */
export type AuthCode = (typeof AUTH)[keyof typeof AUTH]

/** What a sign-in can fail with: its own codes, a credential the keychain does not give, the browser or the network. */
export type SessionCode = AuthCode | KeychainCode | BrowserCode | NetworkCode
