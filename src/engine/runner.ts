// The runner: plans probes from the selected checks, runs them with bounded concurrency, evaluates, stores.
import { mapLimit } from '../core/concurrency'
import { randomBytes } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import pkg from '../../package.json' with { type: 'json' }
import type { Attestation, CheckResult, Observation, Run, Stage } from '../core/types'
import type { Engagement } from '../engagement/load'
import { toResult } from '../catalogue/catalogue'
import { SessionCache } from '../auth/sessions'
import type { CheckDefinition, Finding, ObservationSet } from '../checks/check'
import { selectChecks } from '../checks/registry'
import type { CredentialStore } from '../keychain/keychain'
import { NET } from '../network/codes'
import { networkFor, Recorder, type Network } from '../network/network'
import { PROBES } from '../probes'
import { legacyProbeKey, type ProbeRequest, type ProbeResult } from '../probes/probe'
import { WriteFailure } from '../store/atomic'
import { currentProcess } from '../store/process'
import { markLiveRun, WorkspaceFileError, type Workspace } from '../store/workspace'
import { ENGINE } from './codes'
import { runCoverage } from './coverage'
import { summarize } from './summary'

/** The engine's version, recorded in every run. */
export const ENGINE_VERSION: string = pkg.version

/** Time past its deadline at which a probe is stopped: the network layer sends nothing more for it. */
const STOP_GRACE_MS = 200
/** Extra time a stopped probe gets to return what it has before it is recorded as hung. */
const HANG_GRACE_MS = 1000

/** The runner's progress: planned, each probe started and finished, each check evaluated. */
export type ProgressEvent =
  | { type: 'planned'; runId: string; probes: number; checks: number }
  | { type: 'probe-started'; key: string; kind: string; subject: string }
  | {
      type: 'probe-finished'
      key: string
      kind: string
      subject: string
      ok: boolean
      code?: string
      durationMs: number
      done: number
      total: number
    }
  | { type: 'evaluated'; results: number }

/** What one audit needs: the workspace, the selection, credentials, a cancel signal, a progress callback and the clock. */
export interface AuditOptions {
  workspace: Workspace
  /** The engagement to audit instead of the workspace's own, e.g. with consent narrowed for the CI gate. */
  engagement?: Engagement
  selection?: { stages?: Stage[]; checks?: string[] }
  credentials: CredentialStore
  signal?: AbortSignal
  onProgress?: (event: ProgressEvent) => void
  now?: () => Date
}

/** A sortable, unique run id: `20261129T120000Z-1a2b`. */
export function newRunId(at: Date): string {
  return `${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`
}

/** True when the check may run under the engagement's consent. */
export function consented(check: CheckDefinition, engagement: Engagement): boolean {
  return !check.family || engagement.scope.active.includes(check.family)
}

/** A run that finished but could not be stored: the results are here, the workspace does not have them. */
export class UnsavedRun extends WriteFailure {
  constructor(
    readonly run: Run,
    failure: WriteFailure,
  ) {
    super(failure.file, failure.code, failure.reason)
    this.message = `${failure.message}; run ${run.id} was not stored`
  }
}

/**
 * Runs the selected checks against the engagement and stores the run in the workspace. A failure to write the
 * run at the start throws a WriteFailure (nothing was probed); at the end, an UnsavedRun that carries the run.
 */
export async function runAudit(options: AuditOptions): Promise<Run> {
  const { workspace, credentials } = options
  const engagement = options.engagement ?? workspace.engagement
  const now = options.now ?? (() => new Date())
  const started = now()
  const checks = selectChecks(options.selection ?? {})
  const attestationsRead = await workspace.attestations()
  // An unreadable answers file stops the audit before anything is written: read as "no answers", attested
  // checks would silently go back to waiting. Callers check first (`handover audit` exits 2), this is the guard.
  if (!attestationsRead.ok) throw new WorkspaceFileError(attestationsRead.error)
  const attestations = attestationsRead.value
  const plan = planProbes(checks, engagement)
  const run: Run = {
    schema: 'handover.run/1',
    engine: ENGINE_VERSION,
    id: newRunId(started),
    startedAt: started.toISOString(),
    status: 'running',
    engagement: {
      name: engagement.name,
      ...(engagement.client ? { client: engagement.client } : {}),
      hosts: engagement.hosts,
    },
    selection: {
      ...(options.selection?.stages ? { stages: options.selection.stages } : {}),
      ...(options.selection?.checks ? { checks: options.selection.checks } : {}),
    },
    checks: Object.fromEntries(checks.map((c) => [c.id, c.version])),
    results: [],
    observations: {},
    attestations,
    timings: { totalMs: 0, probesMs: 0, probes: plan.length },
    summary: summarize([]),
    writer: currentProcess(),
  }
  markLiveRun(run.id, true)
  let network: Network | undefined
  try {
    await workspace.saveRun(run)
    options.onProgress?.({ type: 'planned', runId: run.id, probes: plan.length, checks: checks.length })
    network = networkFor(engagement, options.signal)
    const probeStart = performance.now()
    const sessions = new SessionCache(network, engagement, credentials)
    run.observations = await runProbes(
      plan,
      { network, engagement, credentials, sessions, workspace: workspace.dir },
      options,
    )
    run.timings.probesMs = Math.round(performance.now() - probeStart)
    run.results = await evaluateChecks(checks, run.observations, { engagement, now: now(), attestations })
    options.onProgress?.({ type: 'evaluated', results: run.results.length })
    const baselineRecord = await workspace.baseline()
    if (baselineRecord.ok && baselineRecord.value) run.baseline = baselineRecord.value.run
    run.status = options.signal?.aborted ? 'cancelled' : 'complete'
    run.summary = summarize(run.results, runCoverage(run).full)
    run.finishedAt = now().toISOString()
    run.timings.totalMs = new Date(run.finishedAt).getTime() - started.getTime()
    try {
      await workspace.saveRun(run)
    } catch (err) {
      // The audit ran; only storing it failed. The caller still has the results to show.
      if (err instanceof WriteFailure) throw new UnsavedRun(run, err)
      throw err
    }
    return run
  } finally {
    // Whatever still waits for a request slot (a slow scope.maxRps) ends with the run.
    network?.limiter.close()
    markLiveRun(run.id, false)
  }
}

/** Every probe the checks need, once each, in a stable order. */
export function planProbes(checks: readonly CheckDefinition[], engagement: Engagement): ProbeRequest[] {
  const plan = new Map<string, ProbeRequest>()
  for (const check of checks) {
    if (!consented(check, engagement)) continue
    for (const req of check.needs(engagement)) if (!plan.has(req.key)) plan.set(req.key, req)
  }
  return [...plan.values()]
}

/** What every probe of a run shares. */
export interface ProbeEnvironment {
  network: Network
  engagement: Engagement
  credentials: CredentialStore
  sessions: SessionCache
  workspace: string
}

/** Runs probes with bounded concurrency; a failing or hanging probe becomes an error observation. */
export async function runProbes(
  plan: readonly ProbeRequest[],
  env: ProbeEnvironment,
  options: Pick<AuditOptions, 'onProgress' | 'signal'>,
): Promise<Record<string, Observation>> {
  const observations: Record<string, Observation> = {}
  let done = 0
  const one = async (req: ProbeRequest): Promise<void> => {
    options.onProgress?.({ type: 'probe-started', key: req.key, kind: req.kind, subject: req.subject })
    const obs = await runOneProbe(req, env, options.signal)
    observations[req.key] = obs
    done++
    options.onProgress?.({
      type: 'probe-finished',
      key: req.key,
      kind: req.kind,
      subject: req.subject,
      ok: !obs.error,
      ...(obs.error ? { code: obs.error.code } : {}),
      durationMs: obs.durationMs,
      done,
      total: plan.length,
    })
  }
  // Exclusive probes (measurements) run one at a time once every other probe has finished.
  const alone = (req: ProbeRequest): boolean => PROBES.get(req.kind)?.exclusive === true
  const shared = plan.filter((req) => !alone(req))
  await mapLimit(shared, env.engagement.net.concurrency, one)
  await mapLimit(plan.filter(alone), 1, one)
  // Keep the plan's order in the stored run, whatever order probes finished in.
  return Object.fromEntries(plan.map((req) => [req.key, observations[req.key]!]))
}

async function runOneProbe(
  req: ProbeRequest,
  env: ProbeEnvironment,
  signal?: AbortSignal,
): Promise<Observation> {
  const startedAt = new Date()
  const t0 = performance.now()
  // The probe's own stop: aborted past its deadline, so a hung probe stops sending instead of spending the budget.
  const stop = new AbortController()
  // Every in-flight question and connection of the probe listens; its concurrency bounds them, not Node's 10.
  setMaxListeners(1000, stop.signal)
  const cancel = (): void => stop.abort()
  signal?.addEventListener('abort', cancel, { once: true })
  const rec = new Recorder(env.network.redactor, stop.signal)
  const base = { key: req.key, kind: req.kind, subject: req.subject, startedAt: startedAt.toISOString() }
  const finish = (part: Pick<Observation, 'data' | 'error'>): Observation => ({
    ...base,
    durationMs: Math.round(performance.now() - t0),
    ...part,
    // A copy: whatever a stopped probe still records after this is not part of the observation.
    transcript: [...rec.entries],
  })
  const probe = PROBES.get(req.kind)
  if (!probe)
    return finish({ error: { code: ENGINE.PROBE_UNKNOWN, message: `no probe of kind ${req.kind}` } })
  if (signal?.aborted) return finish({ error: { code: NET.CANCELLED, message: 'the run was cancelled' } })
  const limit = (probe.timeLimitMs as ((p: unknown, e: Engagement) => number) | undefined)?.(
    req.params,
    env.engagement,
  )
  const deadline = limit !== undefined ? Date.now() + limit : env.network.deadline()
  const stopTimer = setTimeout(() => stop.abort(), deadline - Date.now() + STOP_GRACE_MS)
  let hangTimer: NodeJS.Timeout | undefined
  const hung = new Promise<'hung'>((resolve) => {
    hangTimer = setTimeout(() => resolve('hung'), deadline - Date.now() + HANG_GRACE_MS)
  })
  try {
    const ctx = { ...env, rec, deadline }
    const run = probe.run as (params: unknown, context: typeof ctx) => Promise<ProbeResult<unknown>>
    const outcome = await Promise.race([run(req.params, ctx), hung])
    if (outcome === 'hung') {
      return finish({
        error: {
          code: ENGINE.PROBE_HUNG,
          message: `${req.kind} for ${req.subject} did not finish within ${limit ?? env.engagement.net.totalMs} ms`,
        },
      })
    }
    return outcome.ok ? finish({ data: outcome.value }) : finish({ error: outcome.error })
  } catch (err) {
    return finish({
      error: {
        code: ENGINE.PROBE_CRASHED,
        message: env.network.redactor.text(err instanceof Error ? err.message : String(err)),
      },
    })
  } finally {
    clearTimeout(stopTimer)
    clearTimeout(hangTimer)
    signal?.removeEventListener('abort', cancel)
    // Whatever the probe left running stops here: nothing more is sent on its behalf.
    stop.abort()
  }
}

/**
 * Pure evaluation of stored observations: re-running it on an old run gives the same results. Async only
 * because some checks replay recorded DNS through async engines (SPF, DMARC); nothing here touches the network.
 */
export async function evaluateChecks(
  checks: readonly CheckDefinition[],
  observations: Readonly<Record<string, Observation>>,
  ctx: { engagement: Engagement; now: Date; attestations: readonly Attestation[] },
): Promise<CheckResult[]> {
  const set: ObservationSet = {
    // Runs stored before keys covered the params are read by their old `kind:subject` keys.
    get: <T>(req: ProbeRequest) =>
      (observations[req.key] ?? observations[legacyProbeKey(req)]) as Observation<T> | undefined,
  }
  const results: CheckResult[] = []
  const ordered = [...checks.filter((c) => c.phase !== 'after'), ...checks.filter((c) => c.phase === 'after')]
  for (const check of ordered) {
    let findings: Finding[]
    if (!consented(check, ctx.engagement)) {
      findings = [{ subject: ctx.engagement.name, outcome: 'no-consent' }]
    } else {
      try {
        findings = await check.evaluate(set, { ...ctx, results })
      } catch (err) {
        // A bug in one check must not cost the others their results.
        findings = [
          {
            subject: 'check',
            outcome: 'error',
            code: ENGINE.CHECK_CRASHED,
            facts: { reason: err instanceof Error ? err.message : String(err) },
          },
        ]
      }
    }
    for (const f of findings) results.push(toResult(check, f))
  }
  return results
}
