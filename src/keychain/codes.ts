// The keychain layer's code vocabulary and its predicate, apart from the keychain itself so that pure checks can
// import them without loading the native keyring module (after undici's core/errors, like network/codes.ts).

/** The keychain layer's codes: a credential the engagement references is not stored, or no keychain can be used. */
export const KEYCHAIN = {
  /** The store answered and holds no credential of that name. */
  CREDENTIAL_MISSING: 'CREDENTIAL_MISSING',
  /** No usable OS keychain (no D-Bus session, no Secret Service provider, a locked keyring). */
  KEYCHAIN_UNAVAILABLE: 'KEYCHAIN_UNAVAILABLE',
  /** A value that is not a `keychain:NAME` reference where one is expected. */
  CREDENTIAL_REF: 'CREDENTIAL_REF',
} as const

/**
 * The credential a probe needed is not at hand (not stored, or no keychain). The one convention for every check
 * (README, "Credentials"): the subjects that needed it are the generic `error` outcome with this code, never
 * `not-configured`, a skip or a pass, so the run says it could not observe them.
 */
export function isNoCredential(code: string | undefined): boolean {
  return code === KEYCHAIN.CREDENTIAL_MISSING || code === KEYCHAIN.KEYCHAIN_UNAVAILABLE
}

/** A keychain code (the values of KEYCHAIN). */
export type KeychainCode = (typeof KEYCHAIN)[keyof typeof KEYCHAIN]
