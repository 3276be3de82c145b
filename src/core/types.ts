// The engine's domain vocabulary (DESIGN.md §2–§3). Everything here is plain, JSON-serialisable data.
import type { ProbeCode } from '../probes/codes'

/** Status of one check result. */
export type Status = 'pass' | 'fail' | 'warn' | 'error' | 'skipped' | 'manual'

/** Severity of a failing result, worst first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info'

/** Severities, worst first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info']
/** Result statuses in report order. */
export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'error', 'skipped', 'manual']

/** Sprint stage, 1–7. */
export type Stage = 1 | 2 | 3 | 4 | 5 | 6 | 7

/** How a check touches the portal. */
export type CheckMode = 'passive' | 'active' | 'manual' | 'hybrid' | 'integration'

/** Consent families for active checks (DESIGN.md §6). */
export type ConsentFamily =
  'authz' | 'input' | 'rate-limit' | 'flows' | 'uploads' | 'assistant' | 'alerts' | 'webhooks'

/** One piece of evidence attached to a result: always redacted before it gets here. */
export interface Evidence {
  label: string
  /** Short human-readable value, e.g. a header line or a certificate field. */
  value?: string
  /** Key of the observation this evidence came from, to find the transcript. */
  observation?: string
  /** Path of a file attached by a person (attestations), relative to the workspace. */
  file?: string
  /** SHA-256 of the attached file, so a later edit is visible. */
  sha256?: string
}

/** One result of one check for one subject. */
export interface CheckResult {
  check: string
  checkVersion: number
  stage: Stage
  subject: string
  status: Status
  severity?: Severity
  /** Outcome id within the check, e.g. `expired`; the catalogue is keyed by it. */
  outcome: string
  title: string
  summary: string
  evidence: Evidence[]
  remediation: string
  fingerprint: string
  /** Stable error code when status is `error`. */
  code?: string
}

/** An expected failure of I/O, carried as data; its code is one of the layers' registries (src/probes/codes.ts). */
export interface ProbeError {
  code: ProbeCode
  message: string
}

/** What a probe saw: either data or a coded error, plus its transcript. */
export interface Observation<T = unknown> {
  key: string
  kind: string
  subject: string
  startedAt: string
  durationMs: number
  data?: T
  error?: ProbeError
  transcript?: TranscriptEntry[]
}

/** One network event kept as evidence; secret values are already redacted. */
export interface TranscriptEntry {
  at: string
  kind: 'dns' | 'tcp' | 'tls' | 'http' | 'refused' | 'note'
  target: string
  detail: string
  code?: string
}

/** A person's answer to a manual check. */
export interface Attestation {
  check: string
  subject?: string
  status: 'pass' | 'fail' | 'not-applicable'
  note?: string
  evidence?: { file: string; sha256: string }
  by: string
  at: string
}

/** The launch-ready minimum bar: items every run reports on. */
export type MinimumBarItem =
  | 'auth-enforced'
  | 'authz-server-side'
  | 'secrets-outside-code'
  | 'input-validation'
  | 'edge-protection'
  | 'https-everywhere'
  | 'monitoring-live'

/** `not-checked`: the checks that decide the item did not run or are not available yet. */
export interface MinimumBarStatus {
  item: MinimumBarItem
  status: 'pass' | 'fail' | 'not-checked'
  checks: string[]
}

/** Counts of a run's results by status, the minimum bar and the launch blockers. */
export interface RunSummary {
  pass: number
  fail: number
  warn: number
  error: number
  skipped: number
  manual: number
  launchReady: boolean
  blockers: number
  minimumBar: MinimumBarStatus[]
}

/** Where a run stands: running, complete, cancelled by the user, or interrupted. */
export type RunStatus = 'running' | 'complete' | 'cancelled' | 'interrupted'

/** The process that writes a run: a run still `running` is live while this process is (pid, host, start). */
export interface RunWriter {
  pid: number
  host: string
  startedAt: string
  /** Linux /proc start tick: tells the writer from a later process that got its pid. */
  procStart?: string
}

/** One execution of a set of checks (`handover.run/1`). */
export interface Run {
  schema: 'handover.run/1'
  engine: string
  id: string
  startedAt: string
  finishedAt?: string
  status: RunStatus
  engagement: { name: string; client?: string; hosts: string[] }
  selection: { stages?: Stage[]; checks?: string[] }
  checks: Record<string, number>
  results: CheckResult[]
  observations: Record<string, Observation>
  attestations: Attestation[]
  baseline?: string
  timings: { totalMs: number; probesMs: number; probes: number }
  summary: RunSummary
  /** Who writes (wrote) the run; absent in runs from before it was recorded. */
  writer?: RunWriter
}
