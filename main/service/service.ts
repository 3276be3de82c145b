// The engine behind the contract, free of Electron: both the desktop main process and the web bridge serve
// these handlers. Read top to bottom: state, the view builders, then one handler per request channel.
import { mkdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import { failure, ok, type Result } from '../../src/core/result'
import type { Attestation, Observation, Run, Stage, Status } from '../../src/core/types'
import { STATUSES } from '../../src/core/types'
import { selectChecks, checkById } from '../../src/checks/registry'
import { diffResults } from '../../src/diff/diff'
import { engagementSchema } from '../../src/engagement/schema'
import { parseEngagement } from '../../src/engagement/load'
import { planProbes, runAudit } from '../../src/engine/runner'
import { baselineRefusal } from '../../src/engine/coverage'
import { credentialRefs, MemoryCredentials, type CredentialStore } from '../../src/keychain/keychain'
import { identityDir, reportModel } from '../../src/report/pack'
import { readIdentityCertificates } from '../../src/report/sign/identity-store'
import { missingCredentials, openPackForRecheck, driftSince, workspaceForPack } from '../../src/report/drift'
import { openPack, type OpenedPack } from '../../src/report/pack-read'
import { producePack } from '../../src/cli/commands/report'
import { toJson, writeFileAtomic } from '../../src/store/atomic'
import { withWorkspaceLock } from '../../src/store/lock'
import { actor, ENGAGEMENT_FILE, Workspace } from '../../src/store/workspace'
import {
  REQUESTS,
  isRequestChannel,
  type BridgeResult,
  type CredentialRow,
  type CredentialsView,
  type DiffView,
  type PackContentsView,
  type RecheckView,
  type EngagementIssue,
  type EventChannel,
  type Events,
  type RequestChannel,
  type RequestValue,
  type RunHistory,
  type RunListing,
  type RunView,
  type WorkspaceState,
} from '../contract'
import { runHistory } from './history'
import { appInfo } from './info'
import { documentInfo } from './pdf-info'
import { ProgressThrottle } from './progress'

/** The running demo lab, as far as the wizard needs it. */
export interface DemoLab {
  readonly workspace: string
  readonly mode: 'flawed' | 'fixed'
  setMode(mode: 'flawed' | 'fixed'): void
  /** Lab account passwords by keychain name; they stay in this process. */
  credentials(): Record<string, string>
}

/** What a host gives the service: where credentials live, how to send events, and native helpers. */
export interface ServiceOptions {
  host: 'desktop' | 'web'
  credentials: CredentialStore
  /** A folder of the app's own state (recent engagements). */
  stateDir: string
  emit<E extends EventChannel>(channel: E, payload: Events[E]): void
  demo?: DemoLab
  pickFolder?: () => Promise<string | null>
  openExternal?: (url: string) => Promise<boolean>
  progressIntervalMs?: number
}

type Args<C extends RequestChannel> = z.output<(typeof REQUESTS)[C]['args']>
type Handlers = { [C in RequestChannel]: (...args: Args<C>) => Promise<Result<RequestValue<C>>> }

/** Strings in an observation longer than this are cut for the viewer (UI-NOTES C3: big bodies freeze UIs). */
const VIEW_STRING_MAX = 64 * 1024
const VIEW_TRANSCRIPT_MAX = 400
const RECENT_MAX = 8

/** A copy of an observation safe to render: long strings cut with their size said, long transcripts paged. */
export function viewableObservation(obs: Observation): Observation {
  const cut = (v: unknown): unknown => {
    if (typeof v === 'string' && v.length > VIEW_STRING_MAX)
      return `${v.slice(0, VIEW_STRING_MAX)}\n… [first ${VIEW_STRING_MAX / 1024} KB of ${Math.round(v.length / 1024)} KB shown]`
    if (Array.isArray(v)) return v.map(cut)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]))
    return v
  }
  const copy = cut(obs) as Observation
  if (copy.transcript && copy.transcript.length > VIEW_TRANSCRIPT_MAX)
    copy.transcript = copy.transcript.slice(0, VIEW_TRANSCRIPT_MAX)
  return copy
}

// Every `keychain:NAME` reference in an engagement; the engine's, re-exported for the service's callers.
export { credentialRefs }

function listing(run: Run): RunListing {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, run.summary[s] ?? 0])) as Record<Status, number>
  return {
    id: run.id,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    status: run.status,
    stages: run.selection.stages?.length
      ? [...run.selection.stages]
      : run.selection.checks?.length
        ? [...new Set(run.results.map((r) => r.stage))].sort()
        : 'all',
    ...(run.selection.checks?.length ? { checks: [...run.selection.checks] } : {}),
    launchReady: run.summary.launchReady,
    blockers: run.summary.blockers,
    counts,
  }
}

/** Two runs' diff with the titles and statuses the regression list shows. */
function diffView(from: Run, to: Run): DiffView {
  const titles: Record<string, string> = {}
  const results: DiffView['results'] = {}
  for (const r of [...from.results, ...to.results]) {
    titles[r.fingerprint] = r.title
    results[r.fingerprint] = {
      stage: r.stage,
      status: r.status,
      title: r.title,
      ...(r.severity ? { severity: r.severity } : {}),
    }
  }
  return { from: from.id, to: to.id, diff: diffResults(from.results, to.results), titles, results }
}

/** What a pack carries, as the verify screen lists it (bytes stay in the engine). */
function contentsView(pack: OpenedPack): PackContentsView {
  const valid = pack.report.status === 'valid'
  const apex = (pack.engagement?.domains as { apex?: unknown } | undefined)?.apex
  return {
    files: pack.listing.files.map((f) => ({
      name: f.name,
      bytes: f.bytes.length,
      sha256: f.sha256,
      ...(f.description ? { description: f.description } : {}),
    })),
    covered: pack.listing.covered,
    problems: pack.problems,
    ...(pack.engagement
      ? {
          engagement: {
            name: String(pack.engagement.name ?? ''),
            ...(typeof apex === 'string' ? { apex } : {}),
          },
        }
      : {}),
    ...(pack.baseline
      ? {
          baseline: {
            id: pack.baseline.id,
            startedAt: pack.baseline.startedAt,
            results: pack.baseline.results.length,
          },
        }
      : {}),
    ...(pack.manifest ? { engineVersion: pack.manifest.engine } : {}),
    recheckable:
      valid &&
      pack.listing.covered &&
      pack.problems.length === 0 &&
      pack.engagement !== undefined &&
      pack.baseline !== undefined,
  }
}

/** A file name's safe form, for the folder a re-check recreates a workspace in. */
const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'engagement'

/** The wizard's engine: one open workspace, at most one audit at a time. */
export class WizardService {
  private workspace: Workspace | undefined
  private readonly runs = new Map<string, Run>()
  private audit: { runId: string; controller: AbortController } | undefined
  readonly handlers: Handlers

  constructor(private readonly options: ServiceOptions) {
    this.handlers = this.makeHandlers()
  }

  /** Validates a request's arguments against the contract, then runs its handler; bugs become INTERNAL. */
  async dispatch(channel: string, raw: unknown): Promise<BridgeResult<unknown>> {
    if (!isRequestChannel(channel))
      return { ok: false, error: { code: 'BRIDGE_CHANNEL', message: `There is no request "${channel}".` } }
    const parsed = REQUESTS[channel].args.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : ''
      return {
        ok: false,
        error: {
          code: 'BRIDGE_ARGS',
          message: `${channel}: bad arguments${where}: ${issue?.message ?? 'invalid'}.`,
        },
      }
    }
    try {
      const handler = this.handlers[channel] as (...a: unknown[]) => Promise<Result<unknown>>
      return await handler(...(parsed.data as unknown[]))
    } catch (err) {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `${channel} failed unexpectedly: ${(err as Error).message}` },
      }
    }
  }

  /** Opens a workspace folder as the current one. */
  async open(dir: string): Promise<Result<WorkspaceState>> {
    const ws = await Workspace.open(dir)
    if (!ws.ok) return ws
    this.workspace = ws.value
    this.runs.clear()
    await this.remember(ws.value.dir)
    return ok(await this.state())
  }

  /** Stops a running audit (when the window or the server closes). */
  cancel(): void {
    this.audit?.controller.abort()
  }

  private get isDemo(): boolean {
    return Boolean(
      this.options.demo && this.workspace && path.resolve(this.options.demo.workspace) === this.workspace.dir,
    )
  }

  private credentials(): CredentialStore {
    if (!this.isDemo) return this.options.credentials
    return new MemoryCredentials(this.options.demo!.credentials(), this.options.credentials)
  }

  private need(): Result<Workspace> {
    return this.workspace
      ? ok(this.workspace)
      : failure(
          'NO_WORKSPACE',
          'No engagement is open; open a workspace folder or create an engagement first.',
        )
  }

  private async loadRun(ref: string): Promise<Result<Run>> {
    const ws = this.need()
    if (!ws.ok) return ws
    const cached = this.runs.get(ref)
    if (cached) return ok(cached)
    const run = await ws.value.loadRun(ref)
    // Complete runs never change again: keep them, so a screen switch costs no disk read.
    if (run.ok && run.value.status === 'complete') this.runs.set(run.value.id, run.value)
    return run
  }

  private async state(): Promise<WorkspaceState> {
    const ws = this.workspace!
    const runs: RunListing[] = []
    const problems: string[] = []
    for (const id of await ws.runIds()) {
      const run = await this.loadRun(id)
      if (run.ok) runs.push(listing(run.value))
      else problems.push(run.error.message)
    }
    const latestByStage: Partial<Record<Stage, string>> = {}
    // A re-probe of one check is partial: it never stands for a stage, nor for the pack's run.
    const whole = runs.filter((x) => x.status === 'complete' && !x.checks)
    for (const r of whole) {
      for (const s of r.stages === 'all' ? ([1, 2, 3, 4, 5, 6, 7] as Stage[]) : r.stages)
        latestByStage[s] = r.id
    }
    const baseline = await ws.baseline()
    if (!baseline.ok) problems.push(baseline.error.message)
    const raw = JSON.parse(await readFile(path.join(ws.dir, ENGAGEMENT_FILE), 'utf8')) as Record<
      string,
      unknown
    >
    const latest = whole.at(-1)
    return {
      dir: ws.dir,
      engagement: raw,
      name: ws.engagement.name,
      ...(ws.engagement.client ? { client: ws.engagement.client } : {}),
      runs,
      problems,
      ...(baseline.ok && baseline.value
        ? {
            baseline: {
              run: baseline.value.run,
              acceptedAt: baseline.value.acceptedAt,
              acceptedBy: baseline.value.acceptedBy,
            },
          }
        : {}),
      latestByStage,
      ...(latest ? { latest: latest.id } : {}),
      ...(runs[0] ? { sprintStart: runs[0].startedAt } : {}),
      ...(this.isDemo ? { demo: { mode: this.options.demo!.mode } } : {}),
      ...(this.audit ? { auditing: this.audit.runId } : {}),
    }
  }

  /** Every stored run with its scope and its drift from the accepted baseline (the overview's strip). */
  private async history(): Promise<Result<RunHistory>> {
    const ws = this.need()
    if (!ws.ok) return ws
    const runs: Run[] = []
    const problems: string[] = []
    for (const id of await ws.value.runIds()) {
      const run = await this.loadRun(id)
      if (run.ok) runs.push(run.value)
      else problems.push(run.error.message)
    }
    const baseline = await ws.value.baseline()
    if (!baseline.ok) problems.push(baseline.error.message)
    return ok(runHistory(runs, baseline.ok ? baseline.value?.run : undefined, problems))
  }

  private async recentFile(): Promise<string> {
    await mkdir(this.options.stateDir, { recursive: true })
    return path.join(this.options.stateDir, 'recent.json')
  }

  private async recent(): Promise<string[]> {
    try {
      const list = JSON.parse(await readFile(await this.recentFile(), 'utf8')) as unknown
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []
    } catch {
      return []
    }
  }

  private async remember(dir: string): Promise<void> {
    const list = [dir, ...(await this.recent()).filter((d) => d !== dir)].slice(0, RECENT_MAX)
    await writeFileAtomic(await this.recentFile(), toJson(list))
  }

  private async credentialsView(): Promise<CredentialsView> {
    const store = this.options.credentials
    const refs = this.workspace
      ? credentialRefs(JSON.parse(await readFile(path.join(this.workspace.dir, ENGAGEMENT_FILE), 'utf8')))
      : []
    const demo = this.isDemo ? this.options.demo!.credentials() : {}
    const stored = await store.list()
    const names = new Set([...refs.map((r) => r.name), ...(stored.ok ? stored.value : [])])
    const rows: CredentialRow[] = [...names].sort().map((name) => ({
      name,
      usedBy: refs.filter((r) => r.name === name).map((r) => r.usedBy),
      state: stored.ok && stored.value.includes(name) ? 'set' : name in demo ? 'demo' : 'not-set',
    }))
    return {
      keychain: store.description,
      available: stored.ok,
      ...(stored.ok ? {} : { problem: stored.error.message }),
      rows,
    }
  }

  private async validate(draft: Record<string, unknown>, dir: string): Promise<EngagementIssue[]> {
    const parsed = engagementSchema.safeParse(draft)
    if (!parsed.success)
      return parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: i.message.replace(/^Invalid input: /, ''),
      }))
    const checked = await parseEngagement(JSON.stringify(draft), path.join(dir, ENGAGEMENT_FILE))
    if (checked.ok) return []
    const where: Record<string, (string | number)[]> = {
      ENGAGEMENT_NO_HOSTS: ['domains', 'apex'],
      ENGAGEMENT_SCOPE: ['scope', 'allow'],
      ENGAGEMENT_CA: ['network', 'caFile'],
    }
    return [
      {
        path: where[checked.error.code] ?? [],
        message: checked.error.message.replace(/^handover\.json: /, ''),
      },
    ]
  }

  /** The bytes of a pack named by path or uploaded by the renderer. */
  private async readPack(source: Args<'pack:verify'>[0]): Promise<Result<{ file: string; bytes: Buffer }>> {
    if (!('path' in source))
      return ok({ file: path.basename(source.name), bytes: Buffer.from(source.base64, 'base64') })
    const file = path.resolve(source.path)
    try {
      return ok({ file, bytes: await readFile(file) })
    } catch (err) {
      return failure(
        'FILE_UNREADABLE',
        `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      )
    }
  }

  /** Who is trusted for one verification: the identities kept here, and a root the user chose for this pack. */
  private async verifyOptions(trustPem: string | undefined) {
    return {
      knownIdentityPem: await readIdentityCertificates(identityDir()),
      ...(trustPem ? { trustedRootsPem: [trustPem] } : {}),
    }
  }

  /**
   * "Re-check the portal now" (issue 15): verifies the pack (refusing what `handover audit --against` refuses,
   * before anything is contacted), reuses the open workspace when it holds the pack's engagement or recreates one,
   * runs the audit the baseline ran, and diffs the new run against the signed baseline.
   */
  private async recheck(input: Args<'pack:recheck'>[0]): Promise<Result<RecheckView>> {
    const read = await this.readPack(input.source)
    if (!read.ok) return read
    const pack = await openPackForRecheck(
      read.value.bytes,
      read.value.file,
      await this.verifyOptions(input.trustPem),
    )
    if (!pack.ok) return pack
    const name = String(pack.value.engagement.name ?? '')
    const current = this.workspace
    const dir = input.dir
      ? path.resolve(input.dir)
      : current &&
          current.engagement.name === name &&
          current.engagement.domains?.apex ===
            (pack.value.engagement.domains as { apex?: unknown } | undefined)?.apex
        ? current.dir
        : path.join(this.options.stateDir, 'rechecks', slug(name))
    const opened = await workspaceForPack(pack.value, dir)
    if (!opened.ok) return opened
    this.workspace = opened.value.ws
    await this.remember(opened.value.ws.dir)
    const missing = await missingCredentials(opened.value.ws, this.credentials())
    const launched = await this.launchAudit(pack.value.baseline.selection)
    if (!launched.ok) return launched
    const run = await launched.value.finished
    if (!run) return failure('AUDIT_FAILED', `The re-check's run ${launched.value.runId} did not finish.`)
    if (run.status === 'cancelled')
      return failure('AUDIT_CANCELLED', `The re-check was cancelled; the partial run is stored as ${run.id}.`)
    const drift = driftSince(pack.value, run)
    return ok({
      ...diffView(pack.value.baseline, run),
      diff: drift.diff,
      headline: drift.headline,
      citation: drift.citation,
      workspace: opened.value.ws.dir,
      created: opened.value.created,
      missingCredentials: missing,
    })
  }

  private async startAudit(
    stages: Stage[] | undefined,
    checks: string[] | undefined,
  ): Promise<Result<{ runId: string }>> {
    for (const id of checks ?? []) {
      const check = checkById(id)
      if (!check) return failure('CHECK_UNKNOWN', `There is no check named ${id}.`)
      if (check.mode === 'manual')
        return failure('CHECK_NOT_PROBED', `${id} is a manual check: it is answered, not probed.`)
    }
    const launched = await this.launchAudit({
      ...(stages?.length ? { stages } : {}),
      ...(checks?.length ? { checks: [...new Set(checks)] } : {}),
    })
    return launched.ok ? ok({ runId: launched.value.runId }) : launched
  }

  /** Starts an audit of the open workspace; `finished` settles with the run (undefined when it broke). */
  private async launchAudit(
    selection: Run['selection'],
  ): Promise<Result<{ runId: string; finished: Promise<Run | undefined> }>> {
    const ws = this.need()
    if (!ws.ok) return ws
    if (this.audit) return failure('AUDIT_RUNNING', `Run ${this.audit.runId} is still in progress.`)
    // Re-read the engagement: the setup screen may have changed it since it was opened.
    const fresh = await Workspace.open(ws.value.dir)
    if (!fresh.ok) return fresh
    this.workspace = fresh.value
    const checks = selectChecks(selection)
    const plan = planProbes(checks, fresh.value.engagement)
    const controller = new AbortController()
    let throttle: ProgressThrottle | undefined
    let resolveStarted!: (id: string) => void
    const started = new Promise<string>((resolve) => (resolveStarted = resolve))
    const finished = runAudit({
      workspace: fresh.value,
      selection,
      credentials: this.credentials(),
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'planned') {
          this.audit = { runId: event.runId, controller }
          throttle = new ProgressThrottle(
            event.runId,
            (p) => this.options.emit('audit:progress', p),
            this.options.progressIntervalMs,
          )
          throttle.plan(plan, event.checks)
          resolveStarted(event.runId)
        } else throttle?.take(event)
      },
    })
    const outcome = await Promise.race([
      started,
      finished.then(
        () => undefined,
        (err: Error) => err,
      ),
    ])
    if (outcome instanceof Error || outcome === undefined) {
      this.audit = undefined
      return failure('AUDIT_FAILED', `The audit did not start: ${outcome?.message ?? 'no plan'}.`)
    }
    const settled = finished.then(
      async (run) => {
        this.runs.delete(run.id)
        throttle?.finish()
        this.audit = undefined
        this.options.emit('audit:finished', { runId: run.id, status: run.status, state: await this.state() })
        return run
      },
      async () => {
        throttle?.finish()
        const runId = this.audit?.runId ?? outcome
        this.audit = undefined
        this.options.emit('audit:finished', { runId, status: 'interrupted', state: await this.state() })
        return undefined
      },
    )
    return ok({ runId: outcome, finished: settled })
  }

  private async attest(input: Args<'attest:save'>[0]): Promise<Result<Attestation>> {
    const ws = this.need()
    if (!ws.ok) return ws
    const check = checkById(input.check)
    if (!check) return failure('CHECK_UNKNOWN', `There is no check named ${input.check}.`)
    if (check.mode !== 'manual' && check.mode !== 'hybrid')
      return failure(
        'CHECK_NOT_MANUAL',
        `${check.id} is measured by the audit (${check.mode}); only manual and hybrid checks take answers.`,
      )
    if (input.status !== 'pass' && !input.note.trim())
      return failure('NOTE_REQUIRED', 'Say why in the note: it is required for "fail" and "not applicable".')
    const attestation: Attestation = {
      check: check.id,
      status: input.status,
      by: actor(),
      at: new Date().toISOString(),
      ...(input.note.trim() ? { note: input.note.trim() } : {}),
    }
    if (input.evidence) {
      // Same layout as `handover attest --evidence`, never outside the workspace (Workspace.storeEvidence).
      const stored = await ws.value.storeEvidence(
        input.evidence.name,
        Buffer.from(input.evidence.base64, 'base64'),
      )
      if (!stored.ok) return stored
      attestation.evidence = stored.value
    }
    const saved = await ws.value.attest(attestation)
    return saved.ok ? ok(attestation) : saved
  }

  private makeHandlers(): Handlers {
    const withState = async (): Promise<Result<WorkspaceState>> => {
      const ws = this.need()
      return ws.ok ? ok(await this.state()) : ws
    }
    return {
      'app:info': async () => ok(appInfo(this.options.host)),
      'workspace:state': withState,
      'workspace:open': (dir) => this.open(dir),
      'workspace:recent': async () => ok(await this.recent()),
      'engagement:validate': async (draft) =>
        ok(await this.validate(draft, this.workspace?.dir ?? this.options.stateDir)),
      'engagement:save': async ({ dir, draft, create }) => {
        const target = path.resolve(dir)
        const file = path.join(target, ENGAGEMENT_FILE)
        const exists = await stat(file).then(
          () => true,
          () => false,
        )
        if (create && exists)
          return failure('WORKSPACE_EXISTS', `${file} already exists; open it instead of creating a new one.`)
        if (!create && !exists) return failure('WORKSPACE_MISSING', `${file} does not exist.`)
        const issues = await this.validate(draft, target)
        if (issues.length > 0) {
          const first = issues[0]!
          return failure(
            'ENGAGEMENT_INVALID',
            `${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}`,
          )
        }
        await mkdir(target, { recursive: true })
        const saved = await withWorkspaceLock(target, async () =>
          ok(await writeFileAtomic(file, toJson(draft))),
        )
        if (!saved.ok) return saved
        return this.open(target)
      },
      'audit:start': ({ stages, checks }) => this.startAudit(stages as Stage[] | undefined, checks),
      'audit:cancel': async () => {
        if (!this.audit) return ok(false)
        this.audit.controller.abort()
        return ok(true)
      },
      'run:get': async (ref) => {
        const run = await this.loadRun(ref)
        if (!run.ok) return run
        const { observations, ...rest } = run.value
        const view: RunView = {
          ...rest,
          observations: Object.values(observations).map((o) => ({
            key: o.key,
            kind: o.kind,
            subject: o.subject,
            durationMs: o.durationMs,
            ...(o.error ? { error: o.error.code } : {}),
          })),
        }
        return ok(view)
      },
      'runs:history': () => this.history(),
      'run:observation': async (ref, key) => {
        const run = await this.loadRun(ref)
        if (!run.ok) return run
        const obs = run.value.observations[key]
        return obs
          ? ok(viewableObservation(obs))
          : failure('OBSERVATION_MISSING', `Run ${run.value.id} has no observation ${key}.`)
      },
      'report:model': async (ref) => {
        const ws = this.need()
        if (!ws.ok) return ws
        const built = await reportModel(ws.value, ref)
        return built.ok ? ok(built.value.model) : built
      },
      'diff:get': async (fromRef, toRef) => {
        const from = await this.loadRun(fromRef)
        if (!from.ok) return from
        const to = await this.loadRun(toRef)
        if (!to.ok) return to
        return ok(diffView(from.value, to.value))
      },
      'baseline:accept': async (ref, options) => {
        const ws = this.need()
        if (!ws.ok) return ws
        const run = await this.loadRun(ref)
        if (!run.ok) return run
        // A partial run is refused with the reason unless the dialog said so and the person accepted it anyway
        // (the CLI's --partial).
        const accepted = await ws.value.setBaseline(run.value.id, {
          refuse: (r, state) => baselineRefusal(r, options?.partial === true, state),
        })
        return accepted.ok ? ok(await this.state()) : accepted
      },
      'attest:save': (input) => this.attest(input),
      'attest:list': async () => {
        const ws = this.need()
        if (!ws.ok) return ws
        return ws.value.attestations()
      },
      'deliverable:note': async (deliverable, key, text) => {
        const ws = this.need()
        if (!ws.ok) return ws
        const saved = await ws.value.setDeliverableNote(deliverable, key, text.trim())
        return saved.ok ? ok(true as const) : saved
      },
      'creds:list': async () => ok(await this.credentialsView()),
      'creds:set': async (name, value) => {
        const stored = await this.options.credentials.set(name, value)
        return stored.ok ? ok(await this.credentialsView()) : stored
      },
      'creds:delete': async (name) => {
        const deleted = await this.options.credentials.delete(name)
        return deleted.ok ? ok(await this.credentialsView()) : deleted
      },
      'pack:export': async (ref) => {
        const ws = this.need()
        if (!ws.ok) return ws
        const run = await this.loadRun(ref)
        if (!run.ok) return run
        const base = path.join(ws.value.reportsDir, `handover-${run.value.id}`)
        const pack = await producePack(ws.value, {
          runRef: run.value.id,
          out: `${base}.pdf`,
          markdown: `${base}.md`,
          json: `${base}.json`,
          credentials: this.options.credentials,
        })
        if (!pack.ok) return pack
        return ok({
          pdf: pack.value.pdf,
          bytes: pack.value.bytes,
          renderMs: pack.value.renderMs,
          signMs: pack.value.signMs,
          signer: pack.value.signer,
          rootFingerprint: pack.value.fingerprint,
          runId: run.value.id,
        })
      },
      'pack:verify': async (source, { trustPem }) => {
        const read = await this.readPack(source)
        if (!read.ok) return read
        const { file, bytes } = read.value
        const pack = await openPack(bytes, await this.verifyOptions(trustPem))
        return ok({
          file,
          bytes: bytes.length,
          report: pack.report,
          document: documentInfo(bytes),
          contents: contentsView(pack),
        })
      },
      'pack:recheck': (input) => this.recheck(input),
      'demo:mode': async (mode) => {
        if (!this.isDemo)
          return failure('NOT_DEMO', 'The lab can only be switched while the demo engagement is open.')
        this.options.demo!.setMode(mode)
        return ok(await this.state())
      },
      'shell:openExternal': async (url) =>
        this.options.openExternal
          ? ok(await this.options.openExternal(url))
          : failure('NOT_AVAILABLE', 'Links open in your own browser in web mode; copy the address instead.'),
      'shell:pickFolder': async () => ok(this.options.pickFolder ? await this.options.pickFolder() : null),
    }
  }
}
