// The monitoring and alert routing map (stage 6): what is watched and by what, how often the uptime provider looks
// and whom it alerts, and where an alert goes and whether the test alert arrived — all as measured in one run.
import type { CheckResult, Run } from '../core/types'
import type { Deliverable } from '../report/model/types'

/** What each stage-6 check says about the portal's watch, in the map's words. */
const WATCHES: { check: string; what: string; by: string | ((r: CheckResult) => string) }[] = [
  {
    check: 'monitor.uptime',
    what: 'Homepage and authenticated health endpoint',
    by: 'this audit (single reads)',
  },
  { check: 'monitor.coverage', what: 'Uptime monitor per host', by: 'the uptime provider (read by API)' },
  { check: 'monitor.latency', what: 'p95 latency of core reads', by: 'this audit (sampled)' },
  { check: 'monitor.error-rate', what: 'Error rate of core reads', by: 'this audit (sampled)' },
  { check: 'monitor.request-id', what: 'Request ids for tracing', by: 'this audit (response headers)' },
  { check: 'monitor.error-tracking', what: 'Front-end and API error tracking', by: trackerOf },
  { check: 'monitor.status-page', what: 'Public status page', by: 'the status page' },
]

/** The error tracker a monitor.error-tracking result names (its evidence is labelled by provider), in words. */
function trackerOf(r: CheckResult): string {
  if (r.outcome.startsWith('attested') || r.outcome === 'not-applicable') return 'a person (attested)'
  const provider = r.evidence
    .map((e) => e.label.replace(/ ingest$/, ''))
    .find((label) => !['looked at', 'attested', 'evidence file', 'error'].includes(label))
  return provider ? `${provider} (seen by this audit)` : 'no tracker recognised'
}

const state = (r: CheckResult): string =>
  r.status === 'pass'
    ? 'watched'
    : r.status === 'warn'
      ? 'weak'
      : r.status === 'manual'
        ? 'to confirm'
        : r.status === 'skipped'
          ? 'not set up'
          : r.status === 'error'
            ? 'not observed'
            : 'gap'

/** A stage-6 result in a detail column: its summary, then its next step unless it passed. */
export const monitorDetail = (r: CheckResult): string =>
  r.status === 'pass' ? r.summary : `${r.summary} ${r.remediation}`

/** The map from a run's monitor.* results; missing when no stage-6 check ran. */
export function buildMonitoringMap(run: Run): Deliverable {
  const base = { id: 'monitoring-map', title: 'Monitoring and alert routing map', stage: 6 as const }
  const results = run.results.filter((r) => r.check.startsWith('monitor.'))
  if (results.length === 0)
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} ran no monitoring check; run stage 6 with a monitoring section in handover.json.`,
      sections: [],
    }
  const watched = WATCHES.flatMap(({ check, what, by }) =>
    results
      .filter((r) => r.check === check)
      .map((r) => [what, r.subject, typeof by === 'string' ? by : by(r), state(r), monitorDetail(r)]),
  )
  const routes = results
    .filter((r) => r.check === 'monitor.alerting')
    .map((r) => [
      r.subject,
      r.status === 'pass' ? 'arrived' : r.status === 'skipped' ? 'not sent' : 'did not arrive',
      monitorDetail(r),
    ])
  return {
    ...base,
    status: 'ready',
    why: `From the monitoring checks of run ${run.id}.`,
    sections: [
      {
        heading: 'What is watched, and by what',
        table: { columns: ['Watch', 'Subject', 'By', 'State', 'Detail or next step'], rows: watched },
      },
      {
        heading: 'Where alerts go',
        paragraphs: [
          routes.length > 0
            ? 'Each route got one clearly marked [TEST] alert during the audit; the marker in the result is the one to look for at the receiver. The uptime provider’s check interval and alert contacts are in the uptime monitor rows above.'
            : 'No alert route was tested in this run: name a webhook (keychain) or an e-mail address in the monitoring section and consent to `alerts`.',
        ],
        ...(routes.length > 0
          ? { table: { columns: ['Route', 'Test alert', 'Detail or next step'], rows: routes } }
          : {}),
      },
    ],
  }
}
