// Builds the report model from a run, its diff, attestations and deliverables: pure and deterministic.
import type { Attestation, CheckResult, Evidence, Severity } from '../../core/types'
import { SEVERITIES, STATUSES } from '../../core/types'
import { STAGES } from '../../core/stages'
import type { Diff, DiffEntry } from '../../diff/diff'
import { runCoverage, type RunCoverage } from '../../engine/coverage'
import { launchBlockers, minimumBar } from '../../engine/summary'
import {
  LATENCY_TARGET_MS,
  latencyHistogram,
  percentiles,
  type LatencyObservation,
} from '../../monitoring/latency'
import { collectDeliverables, EXPECTED_DELIVERABLES } from './deliverables'
import {
  COVER_PHRASES,
  DUE,
  ENTRY_PHRASES,
  MINIMUM_BAR_LABELS,
  SECTION_NOTES,
  SECTION_TITLES,
  TARGET_LABELS,
  VERDICT_PHRASES,
} from './phrases'
import { firstWeek, placeRuns } from './sprint'
import {
  REPORT_SCHEMA,
  type AppendixAttestation,
  type ChecklistRow,
  type LatencyFigure,
  type CheckTally,
  type MinimumBarEntry,
  type OpenRisk,
  type Priority,
  type RegressionEntry,
  type ReportInput,
  type ReportModel,
  type ResultCounts,
  type RiskEntry,
  type RunStamp,
  type StageChecklist,
  type TargetEntry,
  type TargetStatus,
} from './types'

/** Longest evidence line kept in the report; the run file keeps the whole value. */
export const EVIDENCE_LINE_MAX = 160
/** Evidence lines kept per result before a "more" line. */
export const EVIDENCE_LINES = 3

/** The report's dates, `2 December 2026`, and times, `07:05`, in UTC whatever the machine's zone. */
const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
})
const STATUS_ORDER: Record<'fail' | 'error' | 'warn', number> = { fail: 0, error: 1, warn: 2 }
const REGISTER_SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium']

/** Collapses whitespace and cuts to `max` characters with an ellipsis. */
export function capLine(text: string, max = EVIDENCE_LINE_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`
}

function dayLabel(iso: string): string {
  return DAY.format(new Date(iso))
}

function timeLabel(iso: string): string {
  return `${dayLabel(iso)}, ${TIME.format(new Date(iso))} UTC`
}

function countStatuses(results: readonly CheckResult[]): ResultCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as ResultCounts
  for (const r of results) counts[r.status]++
  return counts
}

function tally(check: string, results: readonly CheckResult[]): CheckTally {
  const mine = results.filter((r) => r.check === check)
  if (mine.length === 0) return { check, outcome: 'not run' }
  const counts = countStatuses(mine)
  const outcome = STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ')
  return { check, outcome }
}

function evidenceLine(e: Evidence): string {
  const value = e.file ? `${e.file}${e.sha256 ? ` (sha256 ${e.sha256.slice(0, 12)}…)` : ''}` : (e.value ?? '')
  return capLine(value ? `${e.label}: ${value}` : e.label)
}

function evidenceLines(evidence: readonly Evidence[]): string[] {
  const lines = evidence.slice(0, EVIDENCE_LINES).map(evidenceLine)
  const rest = evidence.length - EVIDENCE_LINES
  if (rest > 0) lines.push(ENTRY_PHRASES.moreEvidence(rest))
  return lines
}

/** The latest attestation that covers a result: same check, and same subject when the attestation names one. */
function attestationFor(r: CheckResult, attestations: readonly Attestation[]): Attestation | undefined {
  return attestations
    .filter((a) => a.check === r.check && (a.subject === undefined || a.subject === r.subject))
    .reduce<Attestation | undefined>((latest, a) => (!latest || a.at >= latest.at ? a : latest), undefined)
}

function effectiveSeverity(r: CheckResult): Severity {
  // A warning without a severity is weak, not dangerous; a failure without one is treated as medium.
  return r.severity ?? (r.status === 'warn' ? 'low' : 'medium')
}

function risks(
  results: readonly CheckResult[],
  attestations: readonly Attestation[],
): Map<CheckResult, RiskEntry> {
  const blocking = new Set(launchBlockers(results))
  const findings = results
    .filter(
      (r): r is CheckResult & { status: 'fail' | 'error' | 'warn' } =>
        r.status === 'fail' || r.status === 'error' || r.status === 'warn',
    )
    .map((r) => ({ r, severity: effectiveSeverity(r) }))
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        STATUS_ORDER[a.r.status] - STATUS_ORDER[b.r.status] ||
        a.r.stage - b.r.stage ||
        a.r.check.localeCompare(b.r.check) ||
        a.r.subject.localeCompare(b.r.subject),
    )
  const width = Math.max(2, String(findings.length).length)
  return new Map(
    findings.map(({ r, severity }, i) => [
      r,
      {
        ref: `R${String(i + 1).padStart(width, '0')}`,
        severity,
        status: r.status,
        stage: r.stage,
        check: r.check,
        subject: r.subject,
        title: r.title,
        owner: attestationFor(r, attestations)?.by ?? 'unassigned',
        nextStep: r.remediation,
        blocker: blocking.has(r),
        fingerprint: r.fingerprint,
      },
    ]),
  )
}

function priorityOf(risk: RiskEntry): Priority {
  if (risk.blocker) return 'P1'
  if (risk.status !== 'warn' && REGISTER_SEVERITIES.includes(risk.severity)) return 'P2'
  return 'P3'
}

/** Why a check produced no usable measurement, in a few words. */
function unobserved(check: string, results: readonly CheckResult[]): string {
  const mine = results.filter((r) => r.check === check)
  const first = mine[0]
  if (!first) return ENTRY_PHRASES.didNotRun(check)
  if (first.status === 'error') return ENTRY_PHRASES.couldNotObserve(check, first.code)
  if (first.status === 'manual') return ENTRY_PHRASES.awaitingAnswer(check)
  return ENTRY_PHRASES.skipped(check, first.summary)
}

function target(
  id: TargetEntry['id'],
  results: readonly CheckResult[],
  matches: (check: string) => boolean,
  required: readonly string[],
): TargetEntry {
  const mine = results.filter((r) => matches(r.check))
  const checks = [...new Set([...required, ...mine.map((r) => r.check)])].sort()
  const observed = (c: string): boolean =>
    mine.some((r) => r.check === c && (r.status === 'pass' || r.status === 'fail' || r.status === 'warn'))
  const failing = mine.filter((r) => r.status === 'fail')
  const weak = mine.filter((r) => r.status === 'warn')
  const missing = required.filter((c) => !observed(c))
  let status: TargetStatus
  let detail: string
  // One result is described by its summary (it carries the measurement); several by their titles, to stay short.
  const describe = (rs: readonly CheckResult[]): string =>
    rs.length === 1 ? (rs[0]?.summary ?? '') : `${rs.map((r) => r.title).join('; ')}.`
  if (failing.length > 0) {
    status = 'not met'
    detail = describe(failing)
  } else if (missing.length === 0) {
    status = 'met'
    const shown = required
      .map((c) => mine.find((r) => r.check === c && observed(c)))
      .filter((r) => r !== undefined)
    detail = describe(shown)
    const alsoWeak = weak.filter((r) => !shown.includes(r))
    if (alsoWeak.length > 0) detail += ENTRY_PHRASES.weak(alsoWeak.map((r) => r.title))
  } else {
    status = 'not measured'
    detail = `${missing.map((c) => unobserved(c, results)).join('; ')}.`
  }
  return { id, label: TARGET_LABELS[id], status, checks, detail: capLine(detail, 320) }
}

function targets(results: readonly CheckResult[]): TargetEntry[] {
  const is = (id: string) => (c: string) => c === id
  return [
    target('latency', results, is('monitor.latency'), ['monitor.latency']),
    target('error-rate', results, is('monitor.error-rate'), ['monitor.error-rate']),
    target('secrets', results, (c) => c.startsWith('secrets.'), ['secrets.frontend', 'secrets.repo']),
    target('mail-auth', results, (c) => c === 'mail.spf' || c === 'mail.dkim' || c === 'mail.dmarc', [
      'mail.spf',
      'mail.dkim',
      'mail.dmarc',
    ]),
    target('rollback', results, is('handover.rollback'), ['handover.rollback']),
  ]
}

/** Each measured core read's latency distribution, from the observation its monitor.latency result cites. */
function latencyFigures(run: ReportInput['run']): LatencyFigure[] {
  const figures: LatencyFigure[] = []
  for (const r of run.results) {
    if (r.check !== 'monitor.latency') continue
    const key = r.evidence.find((e) => e.observation)?.observation
    const obs = key ? run.observations[key] : undefined
    const samples =
      obs?.kind === 'monitor.latency' ? (obs.data as LatencyObservation | undefined)?.samplesMs : undefined
    if (!samples || samples.length === 0) continue
    figures.push({
      subject: r.subject,
      count: samples.length,
      p95: percentiles(samples).p95,
      targetMs: LATENCY_TARGET_MS,
      bins: latencyHistogram(samples),
    })
  }
  return figures
}

function side(s: DiffEntry['from']): string {
  return s ? `${s.status}${s.severity && s.status !== 'pass' ? ` (${s.severity})` : ''}` : 'absent'
}

function regressionsSection(
  baseline: ReportInput['baseline'],
  byFingerprint: ReadonlyMap<string, CheckResult>,
): ReportModel['regressions'] {
  const title = SECTION_TITLES.regressions
  if (!baseline) return { title, note: SECTION_NOTES.noBaseline, items: [] }
  if (!baseline.diff) {
    return { title, baseline: baseline.id, note: SECTION_NOTES.baselineWithoutDiff(baseline.id), items: [] }
  }
  const diff: Diff = baseline.diff
  const items: RegressionEntry[] = diff.regressions.map((e) => ({
    change: e.change,
    check: e.check,
    subject: e.subject,
    title: e.to?.title ?? byFingerprint.get(e.fingerprint)?.title ?? e.from?.title ?? e.check,
    from: side(e.from),
    to: side(e.to),
  }))
  const c = diff.counts
  const note = SECTION_NOTES.regressions(items.length, baseline.id, c)
  return { title, baseline: baseline.id, counts: { ...c }, note, items }
}

function checklistRow(r: CheckResult, ref: string | undefined): ChecklistRow {
  return {
    status: r.status,
    ...(r.severity && r.status !== 'pass' ? { severity: r.severity } : {}),
    check: r.check,
    subject: r.subject,
    title: r.title,
    evidence: evidenceLines(r.evidence),
    ...(ref ? { ref } : {}),
  }
}

function checklist(
  results: readonly CheckResult[],
  refs: ReadonlyMap<CheckResult, RiskEntry>,
): StageChecklist[] {
  return STAGES.map(({ stage, name, goal }) => {
    const mine = results.filter((r) => r.stage === stage)
    const counts = countStatuses(mine)
    const summary = STATUSES.filter((s) => counts[s] > 0)
      .map((s) => `${counts[s]} ${s}`)
      .join(', ')
    return {
      stage,
      name,
      goal,
      counts,
      note: SECTION_NOTES.stage(mine.length, summary),
      rows: mine.map((r) => checklistRow(r, refs.get(r)?.ref)),
    }
  })
}

function openRisks(
  register: readonly RiskEntry[],
  bar: readonly MinimumBarEntry[],
  results: readonly CheckResult[],
): OpenRisk[] {
  const fromFindings = register.map((r): OpenRisk => {
    const priority = priorityOf(r)
    return {
      priority,
      due: DUE[priority],
      ref: r.ref,
      stage: r.stage,
      check: r.check,
      subject: r.subject,
      title: r.title,
      owner: r.owner,
      nextStep: r.nextStep,
    }
  })
  const fromBar = bar
    .filter((b) => b.status === 'not-checked')
    .map((b): OpenRisk => {
      const notRun = b.checks.filter((c) => c.outcome === 'not run' || !/pass|fail|error/.test(c.outcome))
      return {
        priority: 'P1',
        due: DUE.P1,
        title: ENTRY_PHRASES.barNotConfirmed(b.label),
        owner: 'unassigned',
        nextStep: ENTRY_PHRASES.runToConfirm(notRun.map((c) => c.check)),
      }
    })
  const awaiting = results
    .filter((r) => r.status === 'manual')
    .map((r): OpenRisk => ({
      priority: 'P2',
      due: DUE.P2,
      stage: r.stage,
      check: r.check,
      subject: r.subject,
      title: r.title,
      owner: 'unassigned',
      nextStep: ENTRY_PHRASES.attest(r.check, r.summary),
    }))
  const rank: Record<Priority, number> = { P1: 0, P2: 1, P3: 2 }
  return [...fromFindings, ...fromBar, ...awaiting].sort((a, b) => rank[a.priority] - rank[b.priority])
}

function verdict(
  blockers: number,
  bar: readonly MinimumBarEntry[],
  coverage: RunCoverage,
): { ready: boolean; verdict: string; reason: string } {
  const V = VERDICT_PHRASES
  const short = bar.filter((b) => b.status !== 'pass')
  // What was not run or not observed proves nothing: without blockers, such a run cannot give a verdict.
  if (blockers === 0 && !coverage.full) {
    const what = coverage.partial
      ? coverage.checksNotRun.length > 0
        ? V.coveredOnly(
            coverage.stages,
            coverage.checks.length,
            coverage.checks.length + coverage.checksNotRun.length,
          )
        : V.runStatus(coverage.status)
      : V.couldNotObserve(coverage.errored.length)
    return {
      ready: false,
      verdict: V.notEstablished(coverage.partial, coverage.errored.length),
      reason: V.notEstablishedReason(what),
    }
  }
  if (blockers === 0 && short.length === 0) return { ready: true, verdict: V.ready, reason: V.readyReason }
  const barText = V.barText(short.length)
  if (blockers > 0) {
    return { ready: false, verdict: V.blocked(blockers), reason: V.blockedReason(blockers, barText) }
  }
  // Name the items when there are few; a long list belongs in the minimum-bar section.
  const which = short.length <= 2 ? `: ${short.map((b) => b.label).join('; ')}` : ''
  return { ready: false, verdict: V.barShort(short.length), reason: V.barShortReason(barText, which) }
}

/** Builds the whole report; every date comes from the input, so equal input gives equal output. */
export function buildReport(input: ReportInput): ReportModel {
  const { run, engagement } = input
  const results = run.results
  const attestations = input.attestations ?? run.attestations
  const issued = new Date(input.now).toISOString()
  const counts = countStatuses(results)
  const byFingerprint = new Map(results.map((r) => [r.fingerprint, r]))

  const bar: MinimumBarEntry[] = minimumBar(results).map((b) => ({
    item: b.item,
    label: MINIMUM_BAR_LABELS[b.item],
    status: b.status,
    checks: b.checks.map((c) => tally(c, results)),
  }))
  const barPassing = bar.filter((b) => b.status === 'pass').length
  const barFailing = bar.filter((b) => b.status === 'fail').length
  const barUnchecked = bar.length - barPassing - barFailing

  const riskByResult = risks(results, attestations)
  const allRisks = [...riskByResult.values()]
  const register = allRisks.filter((r) => REGISTER_SEVERITIES.includes(r.severity))
  const blockerList = allRisks.filter((r) => r.blocker)
  const targetList = targets(results)
  const open = openRisks(allRisks, bar, results)
  const coverage = runCoverage(run, input.catalogue)
  const v = verdict(blockerList.length, bar, coverage)

  // The run records the baseline it was compared with; without a diff the report can only name it.
  const baseline = input.baseline ?? (run.baseline ? { id: run.baseline } : undefined)
  const baselineId = baseline?.id
  const stamps: RunStamp[] = [...(input.earlierRuns ?? []).filter((r) => r.id !== run.id), run]
  const timeline = placeRuns(stamps, run.id, baselineId)
  const runCount = timeline.windows.reduce((n, w) => n + w.runs.length, timeline.afterSprint.length)
  const orderedRuns = [...timeline.windows.flatMap((w) => w.runs), ...timeline.afterSprint].map((r) => r.id)

  const deliverables = collectDeliverables(input.deliverables ?? [])
  const ready = deliverables.filter((d) => d.status === 'ready').length

  const client = engagement.client ?? run.engagement.client ?? engagement.name
  const consultant = engagement.consultant ?? 'not recorded'
  const portal = engagement.portalUrl ?? engagement.hosts[0] ?? run.engagement.hosts[0] ?? 'not recorded'
  const hosts = engagement.hosts.length > 0 ? [...engagement.hosts] : [...run.engagement.hosts]
  const metTargets = targetList.filter((t) => t.status === 'met').length
  const unmeasured = targetList.filter((t) => t.status === 'not measured').length
  const unmet = targetList.length - metTargets - unmeasured
  const minor = allRisks.length - register.length

  const attested: AppendixAttestation[] = [...attestations]
    .sort((a, b) => a.at.localeCompare(b.at) || a.check.localeCompare(b.check))
    .map((a) => ({
      check: a.check,
      ...(a.subject ? { subject: a.subject } : {}),
      status: a.status,
      by: a.by,
      at: a.at,
      ...(a.note ? { note: capLine(a.note, 240) } : {}),
    }))

  return {
    schema: REPORT_SCHEMA,
    meta: {
      title: `Handover pack — ${engagement.name}`,
      author: engagement.consultant ?? 'Handover',
      subject: `Launch-ready security sprint for ${client} (${portal}). ${v.verdict}.`,
      keywords: ['handover', 'launch-ready', 'security sprint', client, ...hosts],
      creator: `Handover ${run.engine}`,
      creationDate: issued,
    },
    cover: {
      title: COVER_PHRASES.title,
      subtitle: COVER_PHRASES.subtitle,
      engagement: engagement.name,
      client,
      portal,
      consultant,
      preparedBy: COVER_PHRASES.preparedBy(client, engagement.consultant),
      date: issued.slice(0, 10),
      dateLabel: dayLabel(issued),
      hosts,
      runId: run.id,
      runStatus: run.status,
      launchReady: v.ready,
      verdict: v.verdict,
      reason: v.reason,
      counts,
      ...(!coverage.full ? { caveat: COVER_PHRASES.caveat(coverage.sentence, coverage.partial) } : {}),
    },
    coverage,
    minimumBar: {
      title: SECTION_TITLES.minimumBar,
      note: SECTION_NOTES.minimumBar(results.length > 0, barPassing, barFailing, barUnchecked),
      items: bar,
    },
    targets: {
      title: SECTION_TITLES.targets,
      note: SECTION_NOTES.targets(metTargets, targetList.length, unmet, unmeasured),
      items: targetList,
      latency: latencyFigures(run),
    },
    blockers: {
      title: SECTION_TITLES.blockers,
      note: SECTION_NOTES.blockers(blockerList.length, coverage.full),
      items: blockerList,
    },
    risks: {
      title: SECTION_TITLES.risks,
      note: SECTION_NOTES.risks(register.length, minor),
      items: register,
      minor,
    },
    regressions: regressionsSection(baseline, byFingerprint),
    checklist: {
      title: SECTION_TITLES.checklist,
      note: SECTION_NOTES.checklist(results.length > 0, EVIDENCE_LINES, EVIDENCE_LINE_MAX),
      stages: checklist(results, riskByResult),
    },
    deliverables: {
      title: SECTION_TITLES.deliverables,
      note: SECTION_NOTES.deliverables(ready, EXPECTED_DELIVERABLES.length, deliverables.length),
      items: deliverables,
    },
    timeline: {
      title: SECTION_TITLES.timeline,
      note: SECTION_NOTES.timeline(runCount, timeLabel(timeline.start ?? run.startedAt)),
      ...(timeline.start ? { start: timeline.start } : {}),
      windows: timeline.windows,
      afterSprint: timeline.afterSprint,
    },
    openRisks: {
      title: SECTION_TITLES.openRisks,
      note: SECTION_NOTES.openRisks(open.length),
      items: open,
    },
    firstWeek: {
      title: SECTION_TITLES.firstWeek,
      note: SECTION_NOTES.firstWeek,
      days: firstWeek(open, targetList),
    },
    appendix: {
      title: SECTION_TITLES.appendix,
      note: SECTION_NOTES.appendix,
      engine: run.engine,
      runId: run.id,
      runStatus: run.status,
      startedAt: run.startedAt,
      ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
      ...(baselineId ? { baseline: baselineId } : {}),
      runs: orderedRuns,
      checks: Object.entries(run.checks)
        .map(([id, version]) => ({ id, version }))
        .sort((a, b) => a.id.localeCompare(b.id)),
      attestations: attested,
    },
  }
}
