// Manual checks: answered by a person through attestations, which become part of the run record.
import type { Stage } from '../core/types'
import type { CheckDefinition, Finding } from './check'

function manualCheck(id: string, stage: Stage): CheckDefinition {
  return {
    id,
    version: 1,
    stage,
    mode: 'manual',
    outcomes: ['awaiting', 'attested-pass', 'attested-fail', 'not-applicable'],
    needs: () => [],
    evaluate(_observations, { attestations }): Finding[] {
      const subject = 'engagement'
      const answer = attestations.filter((a) => a.check === id).at(-1)
      if (!answer) return [{ subject, outcome: 'awaiting' }]
      const outcome =
        answer.status === 'pass'
          ? 'attested-pass'
          : answer.status === 'fail'
            ? 'attested-fail'
            : 'not-applicable'
      const evidence = [
        {
          label: 'attested',
          value: `${answer.status} by ${answer.by} on ${answer.at}${answer.note ? `: ${answer.note}` : ''}`,
        },
      ]
      if (answer.evidence)
        evidence.push({
          label: 'evidence file',
          value: answer.evidence.file,
          ...{ file: answer.evidence.file, sha256: answer.evidence.sha256 },
        })
      return [
        {
          subject,
          outcome,
          facts: { by: answer.by, at: answer.at.slice(0, 10), note: answer.note ?? '(no note)' },
          evidence,
        },
      ]
    },
  }
}

/** The checks a person answers with an attestation, one per manual catalogue entry. */
export const MANUAL_CHECKS: CheckDefinition[] = [
  manualCheck('mail.deliverability', 4),
  manualCheck('handover.ownership', 7),
  manualCheck('handover.rollback', 7),
  manualCheck('handover.backups', 7),
]
