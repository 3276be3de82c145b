// The error of a behaviour check whose probe did not hear every case it sent: an inconclusive run is never a pass.
import type { Evidence } from '../../core/types'
import type { ErrorFinding } from '../check'
import { CHECK } from '../codes'

/** Not every case was answered: the probe's stop on harm (`stopped`, its reason) if it stopped, else `unanswered`. */
export function unfinishedError(
  subject: string,
  stopped: string | undefined,
  unanswered: string,
  evidence: Evidence[],
): ErrorFinding {
  return {
    subject,
    outcome: 'error',
    code: stopped ? CHECK.STOPPED_ON_HARM : CHECK.NOT_ANSWERED,
    facts: { reason: stopped ?? unanswered },
    evidence,
  }
}
