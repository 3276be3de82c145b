// The one convention for a credential missing from the keychain (README, "Credentials"): every subject that needed
// it is the generic `error` outcome with the keychain's code (isNoCredential), never not-configured, a skip or a pass.
import { isNoCredential } from '../../keychain/codes'
import type { SessionFacts } from '../../probes/identity-inventory'
import type { ErrorFinding } from '../check'
import type { GenericFinding } from '../define'
import { notConfigured } from './declared'

/** A session of the run that could not be opened for want of its credential. */
export interface CredentialGap {
  account: string
  code: string
  message: string
}

/** The code of a failure recorded in a probe's data: a missing credential's own code, else the check's `otherwise`. */
export function errorCode(code: string | undefined, otherwise: string): string {
  return code !== undefined && isNoCredential(code) ? code : otherwise
}

/** The first of the run's sessions among `accounts` (every one when omitted) not opened for want of a credential. */
export function credentialGap(
  sessions: readonly SessionFacts[],
  accounts?: readonly string[],
): CredentialGap | undefined {
  const s = sessions.find(
    (x) => !x.ok && isNoCredential(x.error?.code) && (!accounts || accounts.includes(x.account)),
  )
  return s?.error ? { account: s.account, code: s.error.code, message: s.error.message } : undefined
}

/** The generic error for a subject that could not be tested because an account had no credential. */
export function credentialError(subject: string, gap: CredentialGap, observation?: string): ErrorFinding {
  return {
    subject,
    outcome: 'error',
    code: gap.code,
    facts: { reason: `${gap.account} could not sign in: ${gap.message}` },
    evidence: [
      { label: 'error', value: `${gap.code} ${gap.message}`, ...(observation ? { observation } : {}) },
    ],
  }
}

/**
 * The finding of a probe that sent nothing (`skipped` says why): the generic error with the keychain's code when an
 * account had no credential, else not-configured.
 */
export function notSentFinding(subject: string, skipped: string, code: string | undefined): GenericFinding {
  return code !== undefined && isNoCredential(code)
    ? { subject, outcome: 'error', code, facts: { reason: skipped } }
    : notConfigured(subject, skipped)
}
