// The mail deliverability checklist: SPF, DKIM, DMARC, MX and MTA-STS as measured, plus the inbox test.
import type { CheckResult, Run } from '../core/types'
import type { Deliverable } from '../report/model/types'

const ITEMS: { check: string; item: string }[] = [
  { check: 'mail.mx', item: 'Mail exchangers (MX)' },
  { check: 'mail.spf', item: 'Sender policy (SPF)' },
  { check: 'mail.dkim', item: 'Signing keys (DKIM)' },
  { check: 'mail.dmarc', item: 'Domain policy (DMARC)' },
  { check: 'mail.mta-sts', item: 'Transport security (MTA-STS, TLS-RPT)' },
  { check: 'mail.deliverability', item: 'Inbox placement at Gmail and Outlook' },
]

const mark = (r: CheckResult): string =>
  r.status === 'pass'
    ? 'done'
    : r.status === 'warn'
      ? 'weak'
      : r.status === 'manual'
        ? 'to test'
        : r.status === 'skipped'
          ? 'n/a'
          : 'open'

/** The checklist from a run's mail results; missing when no mail check ran. */
export function buildMailChecklist(run: Run): Deliverable {
  const base = { id: 'mail-checklist', title: 'Mail deliverability checklist', stage: 4 as const }
  const results = run.results.filter((r) => r.check.startsWith('mail.'))
  if (results.length === 0)
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} ran no mail check; run stage 4 with a mail section in handover.json.`,
      sections: [],
    }
  const rows = ITEMS.flatMap(({ check, item }) =>
    results
      .filter((r) => r.check === check)
      .map((r) => [
        item,
        r.subject,
        mark(r),
        r.status === 'pass' ? r.summary : `${r.title}. ${r.remediation}`,
      ]),
  )
  return {
    ...base,
    status: 'ready',
    why: `From the mail checks of run ${run.id}.`,
    sections: [
      { table: { columns: ['Item', 'Record', 'State', 'Detail or next step'], rows } },
      {
        heading: 'Inbox test',
        paragraphs: [
          'Send a real invite and a password reset from the portal to a Gmail and an Outlook mailbox. Confirm both land in the inbox and that the Authentication-Results header shows spf=pass, dkim=pass and dmarc=pass, then record it with `handover attest mail.deliverability`.',
        ],
      },
    ],
  }
}
