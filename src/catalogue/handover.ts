// Texts for the release baseline check of stage 7.
import type { CheckText } from './types'

/** Names, purposes and outcome texts of the handover.* checks, by check id. */
export const HANDOVER_TEXTS = {
  'handover.baseline': {
    name: 'Release baseline holds',
    purpose: 'An accepted baseline lets every later run show what drifted back into an unsafe state.',
    outcomes: {
      holds: {
        status: 'pass',
        title: 'No regression against the baseline',
        summary:
          'Compared with baseline run {run} (accepted {acceptedAt}): {fixed} fixed, {unchanged} unchanged, no regression.',
        remediation: 'Nothing to do; accept a new baseline after each approved release.',
      },
      'no-baseline': {
        status: 'fail',
        severity: 'high',
        title: 'No accepted baseline',
        summary: 'No run has been accepted as the release baseline yet, so drift cannot be detected.',
        remediation:
          'Once the launch block list is empty, accept the run with `handover baseline` and run the audit in CI before every deploy.',
      },
      regressed: {
        status: 'fail',
        severity: 'high',
        title: 'Regressed since the baseline',
        summary: '{count} result(s) got worse since baseline run {run}: {list}.',
        remediation:
          'Fix the regressions listed by `handover diff`, or, if a change was intended, accept a new baseline.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
