// The mail layer's code vocabulary: SPF, DKIM and DMARC, one registry each, import-free so that checks and the
// probe code union can name them (after undici's core/errors, like network/codes.ts). Checks name these, never
// the strings (test/unit/code-literals.test.ts).

/** SPF evaluation (RFC 7208 check_host) and linter codes; severities and wording live in the catalogue. */
export const SPF = {
  ALL_NEUTRAL: 'SPF_ALL_NEUTRAL',
  ALL_PASS: 'SPF_ALL_PASS',
  ALL_SOFTFAIL: 'SPF_ALL_SOFTFAIL',
  DNS_ERROR: 'SPF_DNS_ERROR',
  INCLUDE: 'SPF_INCLUDE',
  INCLUDE_LOOP: 'SPF_INCLUDE_LOOP',
  INCLUDE_NONE: 'SPF_INCLUDE_NONE',
  INVALID_DOMAIN: 'SPF_INVALID_DOMAIN',
  INVALID_IP: 'SPF_INVALID_IP',
  MACRO_SYNTAX: 'SPF_MACRO_SYNTAX',
  MACRO_TARGET: 'SPF_MACRO_TARGET',
  MODIFIER_NOT_LAST: 'SPF_MODIFIER_NOT_LAST',
  MULTIPLE_RECORDS: 'SPF_MULTIPLE_RECORDS',
  NONE: 'SPF_NONE',
  NO_ALL: 'SPF_NO_ALL',
  NO_RECORD: 'SPF_NO_RECORD',
  PTR: 'SPF_PTR',
  PTR_NOT_LAST: 'SPF_PTR_NOT_LAST',
  P_MACRO: 'SPF_P_MACRO',
  RECORD_TOO_LARGE: 'SPF_RECORD_TOO_LARGE',
  REDIRECT_IGNORED: 'SPF_REDIRECT_IGNORED',
  REDIRECT_NONE: 'SPF_REDIRECT_NONE',
  REDIRECT_NOT_LAST: 'SPF_REDIRECT_NOT_LAST',
  SENDER_MACRO: 'SPF_SENDER_MACRO',
  SENDER_NOT_AUTHORIZED: 'SPF_SENDER_NOT_AUTHORIZED',
  SYNTAX: 'SPF_SYNTAX',
  TEMPERROR: 'SPF_TEMPERROR',
  TERMS_AFTER_ALL: 'SPF_TERMS_AFTER_ALL',
  TIME_LIMIT: 'SPF_TIME_LIMIT',
  TOO_MANY_LOOKUPS: 'SPF_TOO_MANY_LOOKUPS',
  TOO_MANY_MX: 'SPF_TOO_MANY_MX',
  TOO_MANY_VOID_LOOKUPS: 'SPF_TOO_MANY_VOID_LOOKUPS',
} as const

/** A SPF code (the values of SPF). */
export type SpfCode = (typeof SPF)[keyof typeof SPF]

/** DKIM key record and lookup codes (RFC 6376, RFC 8463, RFC 8301). */
export const DKIM = {
  BAD_BASE64: 'DKIM_BAD_BASE64',
  BAD_KEY: 'DKIM_BAD_KEY',
  BAD_VERSION: 'DKIM_BAD_VERSION',
  HASH_UNSUPPORTED: 'DKIM_HASH_UNSUPPORTED',
  KEY_TYPE_MISMATCH: 'DKIM_KEY_TYPE_MISMATCH',
  MISSING_KEY: 'DKIM_MISSING_KEY',
  MULTIPLE_RECORDS: 'DKIM_MULTIPLE_RECORDS',
  NOT_FOR_EMAIL: 'DKIM_NOT_FOR_EMAIL',
  NO_KEY: 'DKIM_NO_KEY',
  REVOKED: 'DKIM_REVOKED',
  SYNTAX: 'DKIM_SYNTAX',
  UNKNOWN_KEY_TYPE: 'DKIM_UNKNOWN_KEY_TYPE',
} as const

/** A DKIM code (the values of DKIM). */
export type DkimCode = (typeof DKIM)[keyof typeof DKIM]

/** DMARC record and policy discovery codes (RFC 7489). */
export const DMARC = {
  BAD_URI: 'DMARC_BAD_URI',
  BAD_VALUE: 'DMARC_BAD_VALUE',
  DUPLICATE_TAG: 'DMARC_DUPLICATE_TAG',
  MULTIPLE: 'DMARC_MULTIPLE',
  NONE: 'DMARC_NONE',
  POLICY: 'DMARC_POLICY',
  SYNTAX: 'DMARC_SYNTAX',
  VERSION: 'DMARC_VERSION',
} as const

/** A DMARC code (the values of DMARC). */
export type DmarcCode = (typeof DMARC)[keyof typeof DMARC]

/** A code of the mail layer. */
export type MailCode = SpfCode | DkimCode | DmarcCode
