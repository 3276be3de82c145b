// The verifier's reasons: one stable code each, so callers and tests act on codes and never on the wording.

/** Why a PDF signature is not (or not wholly) valid. */
export const VERIFY_CODE = {
  // The PDF carries no filled-in signature.
  NO_SIGNATURE: 'NO_SIGNATURE',
  NEVER_SIGNED: 'NEVER_SIGNED',
  // The signature dictionary and its byte range.
  DICTIONARY_UNREADABLE: 'DICTIONARY_UNREADABLE',
  BYTE_RANGE_MALFORMED: 'BYTE_RANGE_MALFORMED',
  SUBFILTER_UNSUPPORTED: 'SUBFILTER_UNSUPPORTED',
  CONTENTS_MISSING: 'CONTENTS_MISSING',
  RANGE_NOT_FROM_START: 'RANGE_NOT_FROM_START',
  RANGE_GAP_MISMATCH: 'RANGE_GAP_MISMATCH',
  RANGE_PAST_END: 'RANGE_PAST_END',
  MODIFIED_AFTER_SIGNING: 'MODIFIED_AFTER_SIGNING',
  // The CMS SignedData.
  CMS_MALFORMED: 'CMS_MALFORMED',
  CMS_NOT_SIGNED_DATA: 'CMS_NOT_SIGNED_DATA',
  CMS_SIGNER_COUNT: 'CMS_SIGNER_COUNT',
  CMS_NOT_DETACHED: 'CMS_NOT_DETACHED',
  DIGEST_UNSUPPORTED: 'DIGEST_UNSUPPORTED',
  DIGEST_REFUSED: 'DIGEST_REFUSED',
  CONTENT_TYPE_MISSING: 'CONTENT_TYPE_MISSING',
  CONTENT_TYPE_MISMATCH: 'CONTENT_TYPE_MISMATCH',
  MESSAGE_DIGEST_MISSING: 'MESSAGE_DIGEST_MISSING',
  DIGEST_MISMATCH: 'DIGEST_MISMATCH',
  SIGNER_NOT_FOUND: 'SIGNER_NOT_FOUND',
  SIGNATURE_ALGORITHM_UNSUPPORTED: 'SIGNATURE_ALGORITHM_UNSUPPORTED',
  SIGNATURE_HASH_REFUSED: 'SIGNATURE_HASH_REFUSED',
  SIGNATURE_MISMATCH: 'SIGNATURE_MISMATCH',
  // The signer's certificate and its chain (RFC 5280).
  CERT_NOT_VALID_AT_SIGNING: 'CERT_NOT_VALID_AT_SIGNING',
  CERT_KEY_USAGE: 'CERT_KEY_USAGE',
  CERT_EXTENDED_KEY_USAGE: 'CERT_EXTENDED_KEY_USAGE',
  CERT_UNKNOWN_CRITICAL_EXTENSION: 'CERT_UNKNOWN_CRITICAL_EXTENSION',
  CHAIN_PATH_LENGTH: 'CHAIN_PATH_LENGTH',
  CHAIN_ISSUER_NOT_CA: 'CHAIN_ISSUER_NOT_CA',
  CHAIN_INVALID: 'CHAIN_INVALID',
} as const

/** One of the verifier's stable reason codes. */
export type VerifyCode = (typeof VERIFY_CODE)[keyof typeof VERIFY_CODE]

/** A reason with its code and one plain sentence for people. */
export interface VerifyReason {
  code: VerifyCode
  message: string
}

const TAMPERING: ReadonlySet<VerifyCode> = new Set<VerifyCode>([
  VERIFY_CODE.CONTENTS_MISSING,
  VERIFY_CODE.RANGE_NOT_FROM_START,
  VERIFY_CODE.RANGE_GAP_MISMATCH,
  VERIFY_CODE.RANGE_PAST_END,
  VERIFY_CODE.MODIFIED_AFTER_SIGNING,
  VERIFY_CODE.DIGEST_MISMATCH,
])

/** Whether the reason says the document's bytes changed (status `tampered`), rather than a bad signature. */
export function isTampering(code: VerifyCode): boolean {
  return TAMPERING.has(code)
}

/** A reason value. */
export function reason(code: VerifyCode, message: string): VerifyReason {
  return { code, message }
}
