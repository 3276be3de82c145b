// The catalogue's shapes, apart from catalogue.ts so that the family files need not import the file that imports them.
import type { Severity, Status } from '../core/types'

/** How one outcome reads: status, severity when failing, and the words shown to people. */
export interface OutcomeText {
  status: Status
  severity?: Severity
  title: string
  /** May use `{subject}` and the finding's facts, e.g. `{days}`. */
  summary: string
  remediation: string
}

/** A check's name, why it matters, and its outcomes. */
export interface CheckText {
  name: string
  purpose: string
  outcomes: Record<string, OutcomeText>
}
