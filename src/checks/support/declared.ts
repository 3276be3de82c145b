// What a check asks and finds when the engagement may not declare what it tests: the generic `not-configured`.
import type { Engagement } from '../../engagement/load'
import type { ProbeRequest } from '../../probes/probe'
import type { GenericFinding } from '../define'

/** The generic not-configured finding: the engagement lacks what the check tests, `reason` says what to set. */
export function notConfigured(subject: string, reason: string): GenericFinding {
  return { subject, outcome: 'not-configured', facts: { reason } }
}

/** Probe requests of a check that asks one request: none when `requestOf` finds nothing declared to ask. */
export function needsIfDeclared(requestOf: (e: Engagement) => ProbeRequest | undefined) {
  return (e: Engagement): ProbeRequest[] => {
    const req = requestOf(e)
    return req ? [req] : []
  }
}
