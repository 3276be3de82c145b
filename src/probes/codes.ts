// The probe layer's code vocabulary: the codes probes raise themselves, and `ProbeCode`, the union of every layer's
// registry that an observation's error may carry (after undici's core/errors, like network/codes.ts). Only code
// registries are imported here, so core/types.ts can name the union without a cycle.
import type { AuthCode } from '../auth/codes'
import type { EngagementCode } from '../engagement/codes'
import type { EngineCode } from '../engine/codes'
import type { ApiCode } from '../integrations/codes'
import type { KeychainCode } from '../keychain/codes'
import type { MailCode } from '../mail/codes'
import type { BrowserCode, DnsCode, NetCode, SmtpCode } from '../network/codes'

/** Codes shared by several probes: nothing came back, nothing was sent, or what the probe needs is absent. */
export const PROBE = {
  /** The request got no answer (the network error, when there is one, is kept instead). */
  NO_ANSWER: 'NO_ANSWER',
  /** Nothing was sent (the network layer refused before the first byte). */
  NOT_SENT: 'NOT_SENT',
  /** The engagement declares no portal URL to open. */
  NO_PORTAL: 'NO_PORTAL',
  /** The keychain entry for a webhook does not hold an https URL. */
  BAD_WEBHOOK_URL: 'BAD_WEBHOOK_URL',
  /** The accepted baseline record cannot be read. */
  BASELINE_INVALID: 'BASELINE_INVALID',
  /** The accepted baseline names a run that is not in the workspace. */
  BASELINE_RUN_MISSING: 'BASELINE_RUN_MISSING',
  /** No adapter exists for the engagement's provider. */
  PROVIDER_UNKNOWN: 'PROVIDER_UNKNOWN',
  /** The sign-in page has no form the rate-limit burst can fill. */
  RATE_LIMIT_NO_FORM: 'RATE_LIMIT_NO_FORM',
} as const

/** Codes of the local sources the secrets probes read: the repository, log files and env files. */
export const SOURCE = {
  GIT_MISSING: 'GIT_MISSING',
  GIT_FAILED: 'GIT_FAILED',
  REPO_NOT_FOUND: 'REPO_NOT_FOUND',
  NOT_A_REPOSITORY: 'NOT_A_REPOSITORY',
  SCAN_FAILED: 'SCAN_FAILED',
  LOG_MISSING: 'LOG_MISSING',
  LOG_UNREADABLE: 'LOG_UNREADABLE',
  ENV_FILE_MISSING: 'ENV_FILE_MISSING',
  ENV_FILE_UNREADABLE: 'ENV_FILE_UNREADABLE',
} as const

/** Stable codes of the browser flows. */
export const FLOWS = {
  NOT_CONFIGURED: 'FLOWS_NOT_CONFIGURED',
  SIGN_IN: 'FLOWS_SIGN_IN',
  SIGN_OUT: 'FLOWS_SIGN_OUT',
  NO_MARKERS: 'FLOWS_NO_MARKERS',
  PAGE: 'FLOWS_PAGE_FAILED',
  STEP: 'FLOWS_STEP_FAILED',
  WRITE_BLOCKED: 'FLOWS_WRITE_BLOCKED',
  HARM: 'FLOWS_HARM',
} as const

/** Stable codes of the session-storage probe. */
export const SESSION_STORAGE = {
  NOT_CONFIGURED: 'SESSION_STORAGE_NOT_CONFIGURED',
  PAGE: 'SESSION_STORAGE_PAGE_FAILED',
} as const

type ValueOf<T> = T[keyof T]

/** Every code an observation's error may carry: the probe layer's own and those of the layers probes call. */
export type ProbeCode =
  | ValueOf<typeof PROBE>
  | ValueOf<typeof SOURCE>
  | ValueOf<typeof FLOWS>
  | ValueOf<typeof SESSION_STORAGE>
  | NetCode
  | DnsCode
  | BrowserCode
  | SmtpCode
  | AuthCode
  | KeychainCode
  | ApiCode
  | MailCode
  | EngineCode
  | EngagementCode
