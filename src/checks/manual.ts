// Manual checks: answered by a person through attestations, which become part of the run record.
import type { Stage } from '../core/types'
import type { CheckDefinition, Finding } from './check'
import { attestationEvidence, attestedFacts, attestedOutcome } from './support/attested'

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
      return [
        {
          subject,
          outcome: attestedOutcome(answer),
          facts: attestedFacts(answer),
          evidence: attestationEvidence(answer),
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
