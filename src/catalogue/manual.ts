// Texts for the checks a person answers (attestations).
import type { Severity } from '../core/types'
import type { CheckText } from './types'

interface ManualSpec {
  name: string
  purpose: string
  /** The question put to the person, shown while the check waits. */
  question: string
  severity: Severity
  remediation: string
}

function manual(spec: ManualSpec): CheckText {
  return {
    name: spec.name,
    purpose: spec.purpose,
    outcomes: {
      awaiting: {
        status: 'manual',
        title: `${spec.name}: waiting for an answer`,
        summary: spec.question,
        remediation:
          'Answer with `handover attest` (pass, fail or not-applicable), with a note and, if you have one, an evidence file.',
      },
      'attested-pass': {
        status: 'pass',
        title: `${spec.name}: confirmed`,
        summary: 'Confirmed by {by} on {at}: {note}',
        remediation: 'Nothing to do; keep the evidence with the handover pack.',
      },
      'attested-fail': {
        status: 'fail',
        severity: spec.severity,
        title: `${spec.name}: not in place`,
        summary: 'Reported missing by {by} on {at}: {note}',
        remediation: spec.remediation,
      },
      'not-applicable': {
        status: 'skipped',
        title: `${spec.name}: not applicable`,
        summary: 'Marked not applicable by {by} on {at}: {note}',
        remediation: 'Nothing to do.',
      },
    },
  }
}

/** Names, purposes and outcome texts of the checks a person answers (attestations), by check id. */
export const MANUAL_TEXTS: Record<string, CheckText> = {
  'mail.deliverability': manual({
    name: 'Mail lands in the inbox',
    purpose: 'Password resets and invites that land in spam look like a broken product.',
    question:
      'Did a test message from the portal (invite or reset) land in the inbox at both Gmail and Outlook?',
    severity: 'medium',
    remediation:
      'Send test messages to Gmail and Outlook, read the Authentication-Results headers, and fix SPF, DKIM or DMARC alignment until both land in the inbox.',
  }),
  'handover.ownership': manual({
    name: 'Ownership is written down',
    purpose:
      'When something breaks, someone must know who holds the domain, DNS, edge, mail DNS, status page, secrets and deploys.',
    question:
      'Is the owner (person and account) of the domain, DNS, edge/CDN, e-mail DNS, status page, secrets and deployment recorded?',
    severity: 'high',
    remediation:
      'Fill in the ownership table of the handover pack: for each item, the account, the person who holds it, and where the recovery codes live.',
  }),
  'handover.rollback': manual({
    name: 'Rollback is documented',
    purpose: 'A bad release must be reversible in minutes by someone who did not write it.',
    question: 'Are there written, tested steps to roll back a failed release?',
    severity: 'high',
    remediation:
      'Write the rollback steps (which command or button, who may press it, how to confirm) and try them once on staging.',
  }),
  'handover.backups': manual({
    name: 'Backups are clear',
    purpose:
      'If the portal stores customer data, everyone must know how often it is backed up and how to restore it.',
    question:
      'Are backup frequency, retention and the restore procedure for stored customer data written down (and a restore tried)?',
    severity: 'medium',
    remediation:
      'Record what is backed up, how often, for how long, and the restore steps; test one restore.',
  }),
}
