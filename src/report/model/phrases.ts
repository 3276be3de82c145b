// The report's words: section titles and notes, table headings, the verdict and the sentences for empty lists.
// The model builder fills them with its counts; the PDF and the Markdown renderer print the same words from here.
import type { MinimumBarItem } from '../../core/types'
import type { Priority, ReportModel, ReportSectionKey } from './types'

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
const isAre = (n: number): string => (n === 1 ? 'is' : 'are')

/** Each section's title, as both renderers head it. */
export const SECTION_TITLES: Readonly<Record<ReportSectionKey, string>> = {
  minimumBar: 'Minimum bar',
  targets: 'Operational targets',
  blockers: 'Launch block list',
  risks: 'Risk register',
  regressions: 'Regressions since the baseline',
  checklist: 'Stage-by-stage checklist',
  deliverables: 'Deliverables',
  timeline: '48-hour sprint timeline',
  openRisks: 'Open risks and next steps',
  firstWeek: 'First 7 days',
  appendix: 'Appendix',
}

/** Sentences both renderers print where a list is empty. */
export const REPORT_PHRASES = {
  quietDay: 'Nothing specific is open for this day: routine checks only.',
  noRunInWindow: 'No run in this window.',
  emptyDeliverable: 'This deliverable has no content yet.',
  noCheckVersions: 'No check ran in this run.',
  noAttestations: 'No attestation was recorded for this run.',
} as const

/** Sub-headings inside sections. */
export const REPORT_HEADINGS = {
  checkVersions: 'Check versions',
  attestations: 'Attestations',
  afterSprint: 'After the 48 hours',
} as const

/** Column headings of the tables both renderers print (the PDF adds each column's share of the width). */
export const REPORT_COLUMNS = {
  minimumBar: ['Status', 'Item', 'Decided by'],
  targets: ['Status', 'Target', 'What was measured', 'Checks'],
  blockers: ['Ref', 'Severity', 'Finding', 'Next step', 'Owner'],
  risks: ['Ref', 'Severity', 'Finding', 'Owner', 'Next step'],
  regressions: ['Change', 'Finding', 'Baseline', 'This run'],
  /** The PDF's checklist shows the severity in a column, evidence under the result. */
  checklist: ['Status', 'Result', 'Severity'],
  /** The Markdown checklist puts the severity beside the status and the evidence in a column. */
  checklistWithEvidence: ['Status', 'Result', 'Evidence'],
  timeline: ['Window', 'What the sprint does', 'Runs'],
  openRisks: ['Priority', 'Due', 'Finding', 'Owner', 'Next step'],
  firstWeek: ['Day', 'Focus', 'What to watch'],
  appendix: ['Item', 'Value'],
  attestations: ['Check', 'Answer', 'By', 'At', 'Note'],
} as const

/** A checklist stage's heading. */
export const stageHeading = (stage: number, name: string): string => `Stage ${stage} · ${name}`

/** The line under a deliverable's heading: its stage, and why it is missing or what produced it. */
export const deliverableLine = (d: { stage: number; why?: string }): string =>
  `Stage ${d.stage}${d.why ? ` · ${d.why}` : ''}`

/** The appendix's facts, label and value; `runSeparator` joins the runs on record (a line break in print). */
export function appendixFacts(m: ReportModel, runSeparator: string): [string, string][] {
  const a = m.appendix
  return [
    ['Report schema', m.schema],
    ['Engine version', a.engine],
    ['Run', `${a.runId} (${a.runStatus})`],
    ['Started', a.startedAt],
    ['Finished', a.finishedAt ?? 'not recorded'],
    ['Baseline', a.baseline ?? 'none accepted'],
    ['Issued', m.meta.creationDate],
    ['Runs on record', a.runs.length > 0 ? a.runs.join(runSeparator) : 'none'],
  ]
}

/** Plain-words name of each minimum-bar item. */
export const MINIMUM_BAR_LABELS: Readonly<Record<MinimumBarItem, string>> = {
  'auth-enforced': 'Sign-in enforced on every protected endpoint',
  'authz-server-side': 'The server checks who may see each record',
  'secrets-outside-code': 'Secrets kept out of the code and the browser',
  'input-validation': 'Every write endpoint validates its input',
  'edge-protection': 'A CDN or firewall fronts the portal and API',
  'https-everywhere': 'HTTPS forced on every host',
  'monitoring-live': 'Uptime monitoring and alerts are live',
}

/** When each next-step priority is due. */
export const DUE: Readonly<Record<Priority, string>> = {
  P1: 'Before launch',
  P2: 'Within the first week',
  P3: 'Within 30 days',
}

/** Each operational target in words. */
export const TARGET_LABELS = {
  latency: 'p95 latency of core reads under 300 ms',
  'error-rate': 'Error rate under 1 % of normal traffic',
  secrets: 'No exposed secret in code, history or bundles',
  'mail-auth': 'SPF, DKIM and DMARC in place for the mail domain',
  rollback: 'Rollback path written down before launch',
} as const

/** The cover's fixed words. */
export const COVER_PHRASES = {
  title: 'Handover pack',
  subtitle: 'Launch-ready security sprint',
  preparedBy: (client: string, consultant?: string): string =>
    `Prepared ${consultant ? `by ${consultant} ` : ''}for ${client}.`,
  caveat: (coverage: string, partial: boolean): string =>
    `${coverage} The verdict speaks only for what was run and observed${partial ? '; it may change once a full run completes' : ''}.`,
} as const

/** The verdict and its reason, for each way a run can end. */
export const VERDICT_PHRASES = {
  notEstablished: (partial: boolean, errored: number) =>
    `Launch-ready: not established — ${partial ? 'partial run' : `${plural(errored, 'check')} could not observe`}`,
  notEstablishedReason: (what: string) =>
    `No blocker was found in what this run covered, but ${what}; only a full run in which every check observed can say the portal is launch-ready.`,
  coveredOnly: (stages: readonly number[], ran: number, planned: number) =>
    `it covered only ${stages.length === 1 ? 'stage' : 'stages'} ${stages.join(', ') || 'none'} (${ran} of ${planned} checks)`,
  runStatus: (status: string) => `it is ${status}`,
  couldNotObserve: (errored: number) => `${plural(errored, 'check')} could not observe`,
  ready: 'Launch-ready: yes',
  readyReason: 'All seven minimum-bar items pass and nothing is on the launch block list.',
  barText: (short: number) =>
    short === 0
      ? 'all seven minimum-bar items pass'
      : `${short} of the seven minimum-bar items ${short === 1 ? 'does' : 'do'} not pass yet`,
  blocked: (blockers: number) => `Launch-ready: no — ${plural(blockers, 'blocker')}`,
  blockedReason: (blockers: number, barText: string) =>
    `${plural(blockers, 'finding')} must be fixed before launch, and ${barText}.`,
  barShort: (short: number) => `Launch-ready: no — ${plural(short, 'minimum-bar item')} not confirmed`,
  barShortReason: (barText: string, which: string) =>
    `Nothing is on the launch block list, but ${barText}${which}.`,
} as const

/** The sentence under each section's title, from the counts the builder found. */
export const SECTION_NOTES = {
  minimumBar: (ran: boolean, passing: number, failing: number, unchecked: number): string =>
    !ran
      ? 'No check ran, so none of the seven items can be confirmed.'
      : `${passing} of the seven items pass, ${failing} ${failing === 1 ? 'fails' : 'fail'} and ${unchecked} ${isAre(unchecked)} not checked. An item passes only when every check deciding it ran and none of their results failed or went unobserved.`,
  targets: (met: number, all: number, unmet: number, unmeasured: number): string =>
    `${met} of the ${all} targets met, ${unmet} not met, ${unmeasured} not measured. A target counts as met only when its checks produced a measurement.`,
  blockers: (blockers: number, full: boolean): string =>
    blockers === 0
      ? full
        ? 'Nothing blocks the launch: no critical or high failure, and no critical check left unobserved.'
        : 'Nothing on the launch block list from what this run covered: no critical or high failure, and no critical check left unobserved. What was not run or not observed is not on it (see the cover).'
      : `${plural(blockers, 'finding')} must be fixed before launch: every critical or high failure, and every critical check that could not observe.`,
  risks: (register: number, minor: number): string =>
    (register === 0
      ? 'No failure, error or warning rated medium or above in this run.'
      : `${plural(register, 'finding')} rated critical, high or medium, most severe first. The owner is whoever attested the check; the next step comes from the check's remediation.`) +
    (minor > 0
      ? ` ${plural(minor, 'low or informational finding')} ${isAre(minor)} listed in the checklist and the open risks only.`
      : ''),
  noBaseline:
    'No release baseline has been accepted yet, so there is nothing to compare against. Accept a clean run with `handover baseline`, and every later run will show what drifted.',
  baselineWithoutDiff: (baseline: string): string =>
    `Run ${baseline} is the accepted baseline, but no comparison with it was supplied for this report.`,
  regressions: (
    regressed: number,
    baseline: string,
    c: { fixed: number; unchanged: number; new: number; gone: number; 'check-changed': number },
  ): string => {
    const rest = `${c.fixed} fixed, ${c.unchanged} unchanged, ${c.new} new, ${c.gone} gone`
    const changed = c['check-changed']
      ? ` ${plural(c['check-changed'], 'result')} came from a newer check version and ${c['check-changed'] === 1 ? 'is not counted as a regression' : 'are not counted as regressions'}.`
      : ''
    return regressed === 0
      ? `Nothing got worse since baseline ${baseline} (${rest}).${changed}`
      : `${plural(regressed, 'result')} got worse since baseline ${baseline} (${rest}).${changed}`
  },
  checklist: (ran: boolean, lines: number, lineMax: number): string =>
    !ran
      ? 'This run has no results, so there is nothing to list yet: run the audit first.'
      : `Every result of the run, stage by stage. Evidence was redacted when it was recorded and is shortened here to ${lines} lines of at most ${lineMax} characters per result; the run file holds it in full.`,
  stage: (results: number, summary: string): string =>
    results === 0 ? 'No check of this stage ran in this run.' : `${plural(results, 'result')}: ${summary}.`,
  deliverables: (ready: number, expected: number, all: number): string =>
    `${ready} of the ${expected} expected documents are ready${all > expected ? `, plus ${all - expected} more` : ''}. Missing ones say which stage and checks produce them.`,
  timeline: (runs: number, start: string): string =>
    runs <= 1
      ? 'Only this run is on record, so the windows show the plan rather than the pace of the work.'
      : `Hours are counted from the start of the first run (${start}); ${runs} runs are on record.`,
  openRisks: (open: number): string =>
    open === 0
      ? 'No open risk: every check passed or was answered.'
      : 'P1 must be done before launch, P2 within the first week, P3 within 30 days.',
  firstWeek:
    'What to watch on each of the first seven days after launch, with the open items that belong to that day.',
  appendix: 'Versions and identifiers needed to reproduce this report from the workspace.',
} as const

/** Lines the builder writes into entries: evidence cut short, a check not observed, a next step to take. */
export const ENTRY_PHRASES = {
  moreEvidence: (rest: number): string => `… and ${plural(rest, 'more item')} in the run file`,
  didNotRun: (check: string): string => `${check} did not run`,
  couldNotObserve: (check: string, code?: string): string =>
    `${check} could not observe${code ? ` (${code})` : ''}`,
  awaitingAnswer: (check: string): string => `${check} is waiting for an answer`,
  skipped: (check: string, summary: string): string => `${check} was skipped: ${summary}`,
  weak: (titles: readonly string[]): string => ` Weak: ${titles.join('; ')}.`,
  barNotConfirmed: (label: string): string => `Minimum bar not confirmed: ${label}`,
  runToConfirm: (checks: readonly string[]): string =>
    `Run ${checks.join(' and ') || 'its deciding checks'} so this item can be confirmed; the portal cannot be called launch-ready until it is.`,
  attest: (check: string, summary: string): string => `Answer with \`handover attest ${check}\`: ${summary}`,
} as const
