// The handover report as plain, JSON-serialisable data: built once, rendered to PDF, Markdown or JSON.
import type { Attestation, MinimumBarItem, Run, RunStatus, Severity, Stage, Status } from '../../core/types'
import type { Change, Diff } from '../../diff/diff'
import type { CoverageCheck, RunCoverage } from '../../engine/coverage'
import type { HistogramBin } from '../../monitoring/latency'

export type { RunCoverage } from '../../engine/coverage'

/** Schema tag of the JSON export. */
export const REPORT_SCHEMA = 'handover.report/1'

/** A table inside a deliverable: plain strings, one array per row. */
export interface DeliverableTable {
  columns: string[]
  rows: string[][]
}

/** An item of a deliverable a person fills in, saved as `deliverables.json` notes[deliverable id][key]. */
export interface DeliverableInput {
  key: string
  /** What to write, e.g. `Why A www.acme.test changed`. */
  label: string
  /** The saved note, or empty. */
  value: string
}

/** One block of a deliverable: an optional heading, paragraphs and/or a table. */
export interface DeliverableSection {
  heading?: string
  paragraphs?: string[]
  table?: DeliverableTable
  /** Items of this section a person fills in; the app's generic editor shows one field for each. */
  inputs?: DeliverableInput[]
}

/** A document the sprint leaves behind (auth map, rollback notes…), produced from results and attestations. */
export interface Deliverable {
  id: string
  title: string
  stage: Stage
  status: 'ready' | 'missing'
  /** Why it is missing, or a one-line note on how it was produced. */
  why?: string
  sections: DeliverableSection[]
}

/** The facts about the engagement that the report prints. */
export interface EngagementFacts {
  name: string
  client?: string
  consultant?: string
  portalUrl?: string
  hosts: string[]
}

/** The parts of an earlier run the timeline needs. */
export type RunStamp = Pick<Run, 'id' | 'startedAt'> & Partial<Pick<Run, 'finishedAt' | 'status' | 'summary'>>

/** Everything the report is built from; `now` is the report's date, so the output is reproducible. */
export interface ReportInput {
  run: Run
  engagement: EngagementFacts
  /** ISO date-time the report is issued (cover date, PDF CreationDate). */
  now: string
  /** The accepted release baseline and, when compared, the diff from it to `run`. */
  baseline?: { id: string; diff?: Diff }
  /** Defaults to the run's own attestations. */
  attestations?: readonly Attestation[]
  deliverables?: readonly Deliverable[]
  /** Other runs of the sprint, for the 48-hour timeline (the current run may be included or not). */
  earlierRuns?: readonly RunStamp[]
  /** The engine's checks, to name what a partial run left out; defaults to the registry. */
  catalogue?: readonly CoverageCheck[]
}

/** PDF document information, all from the input. */
export interface ReportMeta {
  title: string
  author: string
  subject: string
  keywords: string[]
  creator: string
  creationDate: string
}

/** How many results have each status. */
export type ResultCounts = Record<Status, number>

/** The cover page: who, what, when, and the verdict. */
export interface ReportCover {
  title: string
  subtitle: string
  engagement: string
  client: string
  portal: string
  consultant: string
  /** `Prepared by <consultant> for <client>.`, or without the consultant when none is recorded. */
  preparedBy: string
  /** ISO day, e.g. `2025-03-05`. */
  date: string
  /** Human date, e.g. `5 March 2025`. */
  dateLabel: string
  hosts: string[]
  runId: string
  runStatus: RunStatus
  launchReady: boolean
  /** `Launch-ready: yes` or `Launch-ready: no — N blockers`. */
  verdict: string
  /** One sentence saying why. */
  reason: string
  counts: ResultCounts
  /** Set when the run is not full (not complete, a subset, or checks that could not observe): what it covered. */
  caveat?: string
}

/** How the results of one deciding check came out, e.g. `2 pass, 1 fail`. */
export interface CheckTally {
  check: string
  outcome: string
}

/** One of the seven minimum-bar items, with the checks that decide it. */
export interface MinimumBarEntry {
  item: MinimumBarItem
  label: string
  status: 'pass' | 'fail' | 'not-checked'
  checks: CheckTally[]
}

/** Whether an operational target was met, missed, or could not be measured. */
export type TargetStatus = 'met' | 'not met' | 'not measured'

/** One operational target (p95 latency, error rate, secrets, mail auth, rollback). */
export interface TargetEntry {
  id: 'latency' | 'error-rate' | 'secrets' | 'mail-auth' | 'rollback'
  label: string
  status: TargetStatus
  checks: string[]
  detail: string
}

/** One core read's sampled latency, drawn in the pack as a histogram with the target line. */
export interface LatencyFigure {
  /** The result's subject: the core read's URL. */
  subject: string
  /** Answered samples drawn (2xx/3xx, request start to last body byte). */
  count: number
  p95: number
  targetMs: number
  bins: HistogramBin[]
}

/** One fail, error or warn, in severity order; `ref` (R01…) is shared by every section that cites it. */
export interface RiskEntry {
  ref: string
  severity: Severity
  status: 'fail' | 'error' | 'warn'
  stage: Stage
  check: string
  subject: string
  title: string
  owner: string
  nextStep: string
  blocker: boolean
  fingerprint: string
}

/** Next-step priority: P1 before launch, P2 within the first week, P3 within 30 days. */
export type Priority = 'P1' | 'P2' | 'P3'

/** Something still open at handover, with its priority and next step. */
export interface OpenRisk {
  priority: Priority
  /** When it should be done, in words. */
  due: string
  ref?: string
  stage?: Stage
  check?: string
  subject?: string
  title: string
  owner: string
  nextStep: string
}

/** A result that got worse since the baseline. */
export interface RegressionEntry {
  change: Change
  check: string
  subject: string
  title: string
  from: string
  to: string
}

/** One result in the stage-by-stage checklist. */
export interface ChecklistRow {
  status: Status
  severity?: Severity
  check: string
  subject: string
  title: string
  /** Redacted upstream; each line capped at `EVIDENCE_LINE_MAX` characters, at most `EVIDENCE_LINES` lines. */
  evidence: string[]
  ref?: string
}

/** The results of one sprint stage. */
export interface StageChecklist {
  stage: Stage
  name: string
  goal: string
  counts: ResultCounts
  note: string
  rows: ChecklistRow[]
}

/** A run placed on the 48-hour timeline. */
export interface TimelineRun {
  id: string
  startedAt: string
  /** Hours since the first run started, one decimal. */
  hour: number
  current: boolean
  baseline: boolean
  launchReady?: boolean
  blockers?: number
  fail?: number
}

/** One working window of the sprint and the runs made in it. */
export interface TimelineWindow {
  from: number
  to: number
  label: string
  work: string
  stages: Stage[]
  runs: TimelineRun[]
}

/** One day of the first week after launch. */
export interface FirstWeekDay {
  day: number
  focus: string
  watch: string[]
}

/** An attestation as listed in the appendix. */
export interface AppendixAttestation {
  check: string
  subject?: string
  status: Attestation['status']
  by: string
  at: string
  note?: string
}

/** Common to every section: a title, and a sentence that says what it shows or why data is missing. */
export interface SectionHead {
  title: string
  note: string
}

/** The signed pack a drift report compares with (issue 15): which file and signature, by whom, which run. */
export interface DriftCitation {
  /** SHA-256 of the original PDF file, as `sha256sum` prints it. */
  fileSha256: string
  /** SHA-256 of the original signature value (the DER of its CMS). */
  signatureSha256: string
  signer: { name: string; email?: string; organization?: string; certificateFingerprint: string }
  signedAt: string
  /** The run the pack reported: the signed baseline. */
  baselineRun: string
}

/** The whole report. */
export interface ReportModel {
  schema: typeof REPORT_SCHEMA
  meta: ReportMeta
  cover: ReportCover
  /** Which stages and checks the run covered, left out, or could not observe. */
  coverage: RunCoverage
  minimumBar: SectionHead & { items: MinimumBarEntry[] }
  targets: SectionHead & { items: TargetEntry[]; latency: LatencyFigure[] }
  blockers: SectionHead & { items: RiskEntry[] }
  risks: SectionHead & { items: RiskEntry[]; minor: number }
  regressions: SectionHead & { baseline?: string; counts?: Record<Change, number>; items: RegressionEntry[] }
  checklist: SectionHead & { stages: StageChecklist[] }
  deliverables: SectionHead & { items: Deliverable[] }
  timeline: SectionHead & { start?: string; windows: TimelineWindow[]; afterSprint: TimelineRun[] }
  openRisks: SectionHead & { items: OpenRisk[] }
  firstWeek: SectionHead & { days: FirstWeekDay[] }
  appendix: SectionHead & {
    engine: string
    runId: string
    runStatus: RunStatus
    startedAt: string
    finishedAt?: string
    baseline?: string
    runs: string[]
    checks: { id: string; version: number }[]
    attestations: AppendixAttestation[]
  }
  /** Set in a drift report: the signed pack it compares with. */
  drift?: DriftCitation
}

/** The sections in reading order, as keys of the model. */
export const REPORT_SECTIONS = [
  'minimumBar',
  'targets',
  'blockers',
  'risks',
  'regressions',
  'checklist',
  'deliverables',
  'timeline',
  'openRisks',
  'firstWeek',
  'appendix',
] as const satisfies readonly (keyof ReportModel)[]

/** A section of the report, by model key. */
export type ReportSectionKey = (typeof REPORT_SECTIONS)[number]
