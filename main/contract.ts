// The one contract between the engine's host (Electron main or the web bridge) and the renderer: every request
// channel with the zod schema of its arguments and the type of its result, and every event with its payload.
// Declared once; the IPC wrappers, the preload, the web bridge and the renderer all read it.
import { z } from 'zod'
import type {
  Attestation,
  CheckMode,
  CheckResult,
  ConsentFamily,
  MinimumBarItem,
  Observation,
  Run,
  RunStatus,
  Severity,
  Stage,
  Status,
} from '../src/core/types'
import type { Diff } from '../src/diff/diff'
import type { DriftCitation, ReportModel, TimelineWindow } from '../src/report/model/types'
import type { ExpectedDeliverable } from '../src/report/model/deliverables'
import type { VerifyReport } from '../src/report/sign/verify'
import { attestationStatusSchema, deliverableNoteSchema, runIdSchema } from '../src/store/schemas'

/** What crosses the bridge: a value, or an expected failure with a stable code — never a thrown Error. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

// ---- argument schemas (validated in main before any handler sees them) ----

// The store's own field schemas, so the bridge and the files agree on what a run id, an answer or a note is.
/** A run id, `latest` or `baseline`. */
const runRef = runIdSchema.max(80, { error: 'expected a run id' })
const folder = z.string().min(1).max(4096)
const credentialName = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, {
  error: 'a credential name is 1–128 letters, digits, dots, dashes or underscores',
})
const stage = z.number().int().min(1).max(7)
/** The engagement as the setup form edits it: any JSON object, validated by the engine's own schema. */
const engagementDraft = z.record(z.string(), z.unknown())
const upload = z.strictObject({
  name: z.string().min(1).max(255),
  /** The file's bytes, base64; capped so one request stays small. */
  base64: z.string().max(28_000_000),
})
/** A pack to read: a file on the engine's computer, or one the renderer uploaded. */
const packSource = z.union([z.strictObject({ path: folder }), upload])
/** A root certificate the user chose to trust for one verification (PEM text, never stored). */
const trustPem = z
  .string()
  .max(64_000)
  .regex(/-----BEGIN CERTIFICATE-----/, { error: 'expected a PEM certificate (-----BEGIN CERTIFICATE-----)' })
const trust = z.strictObject({ trustPem: trustPem.optional() })

/** Pairs an argument schema with its result type (a phantom: results are built by the engine, not parsed). */
function request<R>() {
  return <A extends z.ZodTuple>(args: A): { args: A; result?: R } => ({ args })
}

/** Every request channel: its argument tuple (zod) and, as a phantom, its result type. */
export const REQUESTS = {
  'app:info': request<AppInfo>()(z.tuple([])),
  'workspace:state': request<WorkspaceState>()(z.tuple([])),
  'workspace:open': request<WorkspaceState>()(z.tuple([folder])),
  'workspace:recent': request<string[]>()(z.tuple([])),
  'engagement:validate': request<EngagementIssue[]>()(z.tuple([engagementDraft])),
  'engagement:save': request<WorkspaceState>()(
    z.tuple([z.strictObject({ dir: folder, draft: engagementDraft, create: z.boolean() })]),
  ),
  'audit:start': request<{ runId: string }>()(
    z.tuple([
      z.strictObject({
        stages: z.array(stage).max(7).optional(),
        /** Re-probe only these checks (by id): a partial run that never replaces a stage's run. */
        checks: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
      }),
    ]),
  ),
  'audit:cancel': request<boolean>()(z.tuple([])),
  'run:get': request<RunView>()(z.tuple([runRef])),
  /** Every stored run, oldest first, with its scope and how it compares with the accepted baseline. */
  'runs:history': request<RunHistory>()(z.tuple([])),
  'run:observation': request<Observation>()(z.tuple([runRef, z.string().min(1).max(2048)])),
  'report:model': request<ReportModel>()(z.tuple([runRef])),
  'diff:get': request<DiffView>()(z.tuple([runRef, runRef])),
  'baseline:accept': request<WorkspaceState>()(
    // `partial`: the person saw that the run is partial (or could not observe everything) and accepts it anyway.
    z.tuple([runRef, z.strictObject({ partial: z.boolean() }).optional()]),
  ),
  'attest:save': request<Attestation>()(
    z.tuple([
      z.strictObject({
        check: z.string().min(1).max(128),
        status: attestationStatusSchema,
        note: z.string().max(4000),
        evidence: upload.optional(),
      }),
    ]),
  ),
  'attest:list': request<Attestation[]>()(z.tuple([])),
  'deliverable:note': request<true>()(
    z.tuple([z.string().min(1).max(128), z.string().min(1).max(512), deliverableNoteSchema]),
  ),
  'creds:list': request<CredentialsView>()(z.tuple([])),
  'creds:set': request<CredentialsView>()(z.tuple([credentialName, z.string().min(1).max(65_536)])),
  'creds:delete': request<CredentialsView>()(z.tuple([credentialName])),
  'pack:export': request<PackExport>()(z.tuple([runRef])),
  'pack:verify': request<PackVerification>()(z.tuple([packSource, trust])),
  'pack:recheck': request<RecheckView>()(
    z.tuple([z.strictObject({ source: packSource, trustPem: trustPem.optional(), dir: folder.optional() })]),
  ),
  'demo:mode': request<WorkspaceState>()(z.tuple([z.enum(['flawed', 'fixed'])])),
  'shell:openExternal': request<boolean>()(z.tuple([z.string().max(2048)])),
  'shell:pickFolder': request<string | null>()(z.tuple([])),
} as const

/** A request channel name. */
export type RequestChannel = keyof typeof REQUESTS
/** The arguments a channel takes, as the caller writes them. */
export type RequestArgs<C extends RequestChannel> = z.input<(typeof REQUESTS)[C]['args']>
/** The value a channel answers with. */
export type RequestValue<C extends RequestChannel> = Exclude<(typeof REQUESTS)[C]['result'], undefined>

/** Every event main sends to the renderer, with its payload. */
export interface Events {
  'audit:progress': AuditProgress
  'audit:finished': { runId: string; status: RunStatus; state: WorkspaceState }
  /** A native menu item or shortcut the renderer acts on (desktop only). */
  'app:command': AppCommand
}

/** What the desktop menus ask the renderer to do. */
export type AppCommand =
  | { command: 'new-engagement' | 'verify-pack' | 'toggle-theme' | 'settings' }
  | { command: 'opened'; state: WorkspaceState }

/** An event channel name. */
export type EventChannel = keyof Events

/** True when `name` is a request channel of the contract. */
export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(REQUESTS, name)
}

// ---- the views that cross (plain JSON; never a secret) ----

/** A stage as the wizard shows it: the brief's structure in our words, with its hour windows. */
export interface StageView {
  stage: Stage
  name: string
  goal: string
  hours: string
  /** What the stage looks at, in plain words. */
  looksAt: string[]
  /** "You're in trouble if…" */
  failureSignals: string[]
}

/** A check from the registry joined with its catalogue text: enough to list it before it has run. */
export interface CheckInfo {
  id: string
  version: number
  stage: Stage
  mode: CheckMode
  family?: ConsentFamily
  name: string
  purpose: string
  outcomes: { id: string; status: Status; severity?: Severity; title: string; summary: string }[]
}

/** A consent family for active tests, explained for the person who signs it off. */
export interface FamilyInfo {
  id: ConsentFamily
  title: string
  explanation: string
  checks: string[]
}

/** Everything static the wizard is generated from. */
export interface AppInfo {
  version: string
  host: 'desktop' | 'web'
  stages: StageView[]
  checks: CheckInfo[]
  families: FamilyInfo[]
  deliverables: ExpectedDeliverable[]
  minimumBar: { item: MinimumBarItem; label: string; checks: string[] }[]
  windows: Omit<TimelineWindow, 'runs'>[]
}

/** One stored run in the history list. */
export interface RunListing {
  id: string
  startedAt: string
  finishedAt?: string
  status: RunStatus
  stages: Stage[] | 'all'
  /** Set for a re-probe: the only checks the run evaluated. */
  checks?: string[]
  launchReady: boolean
  blockers: number
  counts: Record<Status, number>
}

/** How a run compares with the accepted baseline (baseline → this run). */
export interface BaselineComparison {
  regressed: number
  fixed: number
  new: number
  /** What would fail a deploy: regressed results, plus new ones that fail or error. */
  regressions: number
}

/** One run in the history strip: when, what it covered, its counts, and its drift from the baseline. */
export interface RunHistoryEntry {
  id: string
  startedAt: string
  finishedAt?: string
  status: RunStatus
  /** `partial` when it did not complete or ran a subset of the checks (`--stage`, `--check`, a re-probe). */
  scope: 'full' | 'partial'
  /** The stages it ran checks of. */
  stages: Stage[]
  /** Set for a re-probe: the only checks the run evaluated. */
  checks?: string[]
  /** Checks that ran but could not observe (an error result). */
  errored: number
  /** What the run covered, in one or two sentences (the pack's coverage sentence). */
  coverage: string
  counts: Record<Status, number>
  launchReady: boolean
  blockers: number
  /** This run is the accepted release baseline. */
  baseline: boolean
  /** Baseline → this run; absent for the baseline itself, and when no baseline is accepted. */
  vsBaseline?: BaselineComparison
}

/** The engagement's runs over time, oldest first. */
export interface RunHistory {
  baseline?: string
  runs: RunHistoryEntry[]
  /** Runs that could not be read, one sentence each. */
  problems: string[]
}

/** The open workspace: its engagement (keychain references only), runs and baseline. */
export interface WorkspaceState {
  dir: string
  /** The engagement file as written (defaults applied); it never holds a secret. */
  engagement: Record<string, unknown>
  name: string
  client?: string
  runs: RunListing[]
  problems: string[]
  baseline?: { run: string; acceptedAt: string; acceptedBy: string }
  /** The latest complete run that covered each stage (re-probes of single checks are not counted). */
  latestByStage: Partial<Record<Stage, string>>
  latest?: string
  /** When the sprint started: the first run's start, as the pack's timeline counts it. */
  sprintStart?: string
  /** Set for the bundled demo engagement: the lab's current mode. */
  demo?: { mode: 'flawed' | 'fixed' }
  /** The run in progress, if any. */
  auditing?: string
}

/** One problem with an engagement draft, at a field path the form can point to. */
export interface EngagementIssue {
  path: (string | number)[]
  message: string
}

/** A stored run without its observations (those are fetched one by one for the evidence viewer). */
export interface RunView extends Omit<Run, 'observations'> {
  observations: { key: string; kind: string; subject: string; durationMs: number; error?: string }[]
}

/** A diff between two runs, with the titles of both sides. */
export interface DiffView {
  from: string
  to: string
  diff: Diff
  titles: Record<string, string>
  results: Record<string, Pick<CheckResult, 'stage' | 'severity' | 'status' | 'title'>>
}

/** One credential name: where the engagement uses it and whether the keychain holds it. The value never crosses. */
export interface CredentialRow {
  name: string
  usedBy: string[]
  state: 'set' | 'not-set' | 'demo'
}

/** The credentials screen: the keychain's state and every referenced or stored name. */
export interface CredentialsView {
  keychain: string
  available: boolean
  problem?: string
  rows: CredentialRow[]
}

/** A written, signed pack. */
export interface PackExport {
  pdf: string
  bytes: number
  renderMs: number
  signMs: number
  signer: string
  rootFingerprint: string
  runId: string
}

/** The founder's view of a pack: the signature verdict, and what the signed document says about itself. */
export interface PackVerification {
  file: string
  bytes: number
  report: VerifyReport
  /** The signed document's own title, author and subject (the subject carries the verdict). */
  document: { title?: string; author?: string; subject?: string; created?: string }
  /** What the pack carries inside its signed bytes (issue 15), and whether it can drive a re-check. */
  contents: PackContentsView
}

/** The files a pack embeds, whether the signature covers them, and what they say about the handover. */
export interface PackContentsView {
  files: { name: string; bytes: number; sha256: string; description?: string }[]
  /** Every embedded file lies inside the signed bytes of a valid whole-file signature. */
  covered: boolean
  /** Why the contents cannot be relied on (missing file, digest disagreeing); empty when all is well. */
  problems: string[]
  engagement?: { name: string; apex?: string }
  baseline?: { id: string; startedAt: string; results: number }
  engineVersion?: string
  /** The pack can drive "Re-check the portal now": valid, covered, complete (the signer's trust aside). */
  recheckable: boolean
}

/** A re-check from a pack: the new run diffed against the signed baseline, with the founder's headline. */
export interface RecheckView extends DiffView {
  /** "Since handover on DATE, signed by NAME: N regressed, M fixed, K new". */
  headline: string
  citation: DriftCitation
  /** The workspace the re-check ran in, and whether it was recreated from the pack's engagement. */
  workspace: string
  created: boolean
  /** Keychain names the engagement refers to that this keychain lacks (those checks report an error). */
  missingCredentials: string[]
}

/** One probe's line in the live progress list. */
export interface ProbeProgress {
  key: string
  kind: string
  subject: string
  state: 'queued' | 'running' | 'done' | 'error'
  durationMs?: number
  code?: string
}

/** Throttled progress of the running audit: the counts, and only the probes that changed since the last event. */
export interface AuditProgress {
  runId: string
  phase: 'planned' | 'probing' | 'evaluating' | 'finished'
  done: number
  total: number
  checks: number
  changed: ProbeProgress[]
}
