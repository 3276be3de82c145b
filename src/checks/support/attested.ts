// A person's answer to a manual or hybrid check, as a finding: one outcome rule, one set of facts, one evidence
// form (the attestation line, then the attached file), shared by every check a person can answer.
import type { Attestation, Evidence } from '../../core/types'

/** The outcome a person's answer gives. */
export function attestedOutcome(answer: Attestation): 'attested-pass' | 'attested-fail' | 'not-applicable' {
  return answer.status === 'pass'
    ? 'attested-pass'
    : answer.status === 'fail'
      ? 'attested-fail'
      : 'not-applicable'
}

/** Who answered, on which day, and their note. */
export function attestedFacts(answer: Attestation): { by: string; at: string; note: string } {
  return { by: answer.by, at: answer.at.slice(0, 10), note: answer.note ?? '(no note)' }
}

/** The attestation as evidence: who said what when, and the file they attached (with its SHA-256), if any. */
export function attestationEvidence(answer: Attestation): Evidence[] {
  return [
    {
      label: 'attested',
      value: `${answer.status} by ${answer.by} on ${answer.at}${answer.note ? `: ${answer.note}` : ''}`,
    },
    ...(answer.evidence
      ? [
          {
            label: 'evidence file',
            value: answer.evidence.file,
            file: answer.evidence.file,
            sha256: answer.evidence.sha256,
          },
        ]
      : []),
  ]
}
