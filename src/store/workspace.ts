// The workspace folder: engagement, runs, attestations, baseline, reports (DESIGN.md §6).
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { userInfo } from 'node:os'
import type { z } from 'zod'
import {
  describeIssue,
  describeSchemaProblem,
  issuePosition,
  loadEngagement,
  parseJsonText,
  type Engagement,
} from '../engagement/load'
import { failure, ok, type Problem, type Result } from '../core/result'
import type { Attestation, Run } from '../core/types'
import { ensureFolder, toJson, writeFileAtomic } from './atomic'
import { withWorkspaceLock } from './lock'
import { describeProcess, processState } from './process'
import {
  attestationsFileSchema,
  baselineFileSchema,
  deliverablesFileSchema,
  runIdSchema,
  runSchema,
  type BaselineRecord,
  type DeliverablesFile,
} from './schemas'
import type { EngagementCode } from '../engagement/codes'

/** The engagement file's name inside a workspace. */
export const ENGAGEMENT_FILE = 'handover.json'

/** Words the first problem of a file that failed its schema, naming the file. */
type DescribeProblem = (file: string, text: string, issues: readonly z.core.$ZodIssue[]) => string

/** Reads a JSON file and validates it; a bad file is named with its first problem and left untouched. */
export async function readValidated<S extends z.ZodType>(
  file: string,
  schema: S,
  describe: DescribeProblem = describeSchemaProblem,
): Promise<Result<z.output<S>>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    return failure(
      code === 'ENOENT' ? 'FILE_MISSING' : 'FILE_UNREADABLE',
      `${file} cannot be read (${code}).`,
    )
  }
  const json = parseJsonText(text)
  if (!json.ok) return failure('FILE_JSON', `${file} is not valid JSON (${json.error.message}).`)
  const parsed = schema.safeParse(json.value)
  if (!parsed.success) {
    const newer = schemaMismatch(json.value, parsed.error.issues)
    if (newer) return failure('FILE_SCHEMA', `${file} ${newer}; nothing was changed.`)
    return failure('FILE_INVALID', describe(file, text, parsed.error.issues))
  }
  return ok(parsed.data)
}

/**
 * A run file's first problem; one inside an observation names the observation by its key (whose dots and colons are
 * not a path): `runs/x.json: observation tls.handshake:app.acme.test:443#…: data.chain[0].notAfter: … (line L, column C).`
 */
function describeRunProblem(file: string, text: string, issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0]
  const [top, key] = issue?.path ?? []
  if (!issue || top !== 'observations' || typeof key !== 'string')
    return describeSchemaProblem(file, text, issues)
  const inner = { ...issue, path: issue.path.slice(2) }
  const problem = inner.path.length > 0 ? describeIssue(inner) : issue.message
  return `${file}: observation ${key}: ${problem} (${issuePosition(text, issue)}).`
}

/** "is handover.x/2, which this Handover does not read (it reads handover.x/1)" when the file's schema differs. */
function schemaMismatch(raw: unknown, issues: readonly z.core.$ZodIssue[]): string | undefined {
  const issue = issues.find((i) => i.path.length === 1 && i.path[0] === 'schema')
  if (!issue || issue.code !== 'invalid_value') return undefined
  const found = (raw as { schema?: unknown }).schema
  const wanted = issue.values.map(String).join(' or ')
  if (typeof found !== 'string') return `has no schema field (expected ${wanted})`
  const [family, version] = found.split('/')
  const [wantedFamily, wantedVersion] = wanted.split('/')
  if (family === wantedFamily && Number(version) > Number(wantedVersion))
    return `is ${found}, written by a newer Handover; this version reads ${wanted}`
  return `is ${found}, not ${wanted}`
}

/** A short listing entry for the run history. */
export interface RunHeader {
  id: string
  startedAt: string
  status: Run['status']
  launchReady: boolean
  counts: Pick<Run['summary'], 'pass' | 'fail' | 'warn' | 'error' | 'skipped' | 'manual'>
}

/** Who is acting, for attestations and baselines. */
export function actor(): string {
  try {
    return process.env.HANDOVER_USER ?? userInfo().username
  } catch {
    return 'unknown'
  }
}

/** A workspace file that cannot be used (thrown only where a caller should have checked first). */
export class WorkspaceFileError extends Error {
  readonly code: string
  constructor(problem: Problem) {
    super(problem.message)
    this.code = problem.code
  }
}

/** A workspace folder: the engagement file, runs, attestations, baseline and deliverables, every file validated. */
export class Workspace {
  private constructor(
    readonly dir: string,
    readonly engagement: Engagement,
  ) {}

  /** Opens a workspace: its engagement must exist and validate. */
  static async open(dir: string): Promise<Result<Workspace, EngagementCode>> {
    const abs = path.resolve(dir)
    const engagement = await loadEngagement(path.join(abs, ENGAGEMENT_FILE))
    if (!engagement.ok) return engagement
    return ok(new Workspace(abs, engagement.value))
  }

  get runsDir(): string {
    return path.join(this.dir, 'runs')
  }

  get reportsDir(): string {
    return path.join(this.dir, 'reports')
  }

  private runFile(id: string): string {
    return path.join(this.runsDir, `${id}.json`)
  }

  /** Writes a run atomically (called at the start, with status `running`, and at the end). */
  async saveRun(run: Run): Promise<void> {
    await ensureFolder(this.runsDir, this.runFile(run.id))
    await writeFileAtomic(this.runFile(run.id), toJson(run))
  }

  /** Run ids, oldest first (ids sort by time). */
  async runIds(): Promise<string[]> {
    try {
      const names = await readdir(this.runsDir)
      return names
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .map((n) => n.slice(0, -5))
        .sort()
    } catch {
      return []
    }
  }

  /**
   * Loads a run by id, `latest` or `baseline`. A run left `running` by a dead process (its writer's pid gone or
   * reused) reads as `interrupted`; one another live process still writes stays `running`.
   */
  async loadRun(ref: string): Promise<Result<Run>> {
    let id = ref
    if (ref === 'latest') {
      const ids = await this.completeRunIds()
      const last = ids.at(-1)
      if (!last)
        return failure('NO_RUNS', `${this.dir} has no completed run yet; run \`handover audit\` first.`)
      id = last
    } else if (ref === 'baseline') {
      const baseline = await this.baseline()
      if (!baseline.ok) return baseline
      if (!baseline.value)
        return failure(
          'NO_BASELINE',
          `${this.dir} has no accepted baseline; accept a run with \`handover baseline\`.`,
        )
      id = baseline.value.run
    } else if (!runIdSchema.safeParse(ref).success) {
      return failure('RUN_ID', `"${ref}" is not a run id.`)
    }
    const run = await readValidated(this.runFile(id), runSchema, describeRunProblem)
    if (!run.ok) {
      return run.error.code === 'FILE_MISSING'
        ? failure('RUN_MISSING', `No run ${id} in ${this.runsDir}.`)
        : run
    }
    const value = run.value
    if (value.status === 'running' && !isOwnLiveRun(value.id) && !writerAlive(value))
      value.status = 'interrupted'
    return ok(value)
  }

  /** Ids of complete runs, oldest first; unreadable files are skipped (and reported by `history`). */
  async completeRunIds(): Promise<string[]> {
    const out: string[] = []
    for (const id of await this.runIds()) {
      const run = await this.loadRun(id)
      if (run.ok && run.value.status === 'complete') out.push(id)
    }
    return out
  }

  /** Every run with its headline figures; problems with individual files are listed beside them. */
  async history(): Promise<{ runs: RunHeader[]; problems: string[] }> {
    const runs: RunHeader[] = []
    const problems: string[] = []
    for (const id of await this.runIds()) {
      const run = await this.loadRun(id)
      if (!run.ok) {
        problems.push(run.error.message)
        continue
      }
      const { pass, fail, warn, error, skipped, manual, launchReady } = run.value.summary
      runs.push({
        id,
        startedAt: run.value.startedAt,
        status: run.value.status,
        launchReady,
        counts: { pass, fail, warn, error, skipped, manual },
      })
    }
    return { runs, problems }
  }

  async attestations(): Promise<Result<Attestation[]>> {
    const file = path.join(this.dir, 'attestations.json')
    const read = await readValidated(file, attestationsFileSchema)
    if (!read.ok) return read.error.code === 'FILE_MISSING' ? ok([]) : read
    return ok(read.value.attestations)
  }

  /** Adds (or replaces, for the same check and subject) an attestation; refuses to touch an invalid file. */
  async attest(attestation: Attestation): Promise<Result<void>> {
    return withWorkspaceLock(this.dir, async () => {
      const current = await this.attestations()
      if (!current.ok) return current
      const rest = current.value.filter(
        (a) => !(a.check === attestation.check && a.subject === attestation.subject),
      )
      const file = path.join(this.dir, 'attestations.json')
      await writeFileAtomic(
        file,
        toJson({ schema: 'handover.attestations/1', attestations: [...rest, attestation] }),
      )
      return ok(undefined)
    })
  }

  /**
   * Keeps an attestation's evidence file inside the workspace as evidence/<first 12 hex of its SHA-256>-<name>
   * (the name reduced to letters, digits, `.`, `_` and `-`), atomically and under the workspace lock; the CLI and
   * the wizard both store evidence through here. Returns the workspace-relative path and the digest.
   */
  async storeEvidence(name: string, bytes: Buffer): Promise<Result<{ file: string; sha256: string }>> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const safe = path.basename(name).replace(/[^A-Za-z0-9._-]/g, '_') || 'evidence'
    const file = path.join('evidence', `${sha256.slice(0, 12)}-${safe}`)
    const target = path.join(this.dir, file)
    return withWorkspaceLock(this.dir, async () => {
      await ensureFolder(path.dirname(target), target)
      await writeFileAtomic(target, bytes)
      return ok({ file, sha256 })
    })
  }

  /** Notes people added to deliverables (deliverables.json); an absent file means none yet. */
  async deliverableNotes(): Promise<Result<DeliverablesFile['notes']>> {
    const read = await readValidated(path.join(this.dir, 'deliverables.json'), deliverablesFileSchema)
    if (!read.ok) return read.error.code === 'FILE_MISSING' ? ok({}) : read
    return ok(read.value.notes)
  }

  /** Sets (or, with an empty text, removes) the note on one item of a deliverable. */
  async setDeliverableNote(deliverable: string, key: string, text: string): Promise<Result<void>> {
    return withWorkspaceLock(this.dir, async () => {
      const current = await this.deliverableNotes()
      if (!current.ok) return current
      const notes = { ...current.value, [deliverable]: { ...current.value[deliverable] } }
      if (text) notes[deliverable]![key] = text
      else delete notes[deliverable]![key]
      await writeFileAtomic(
        path.join(this.dir, 'deliverables.json'),
        toJson({ schema: 'handover.deliverables/1', notes }),
      )
      return ok(undefined)
    })
  }

  /** Complete runs, oldest first (loads each; for timelines and deliverables that span the sprint). */
  async completeRuns(): Promise<Run[]> {
    const runs: Run[] = []
    for (const id of await this.completeRunIds()) {
      const run = await this.loadRun(id)
      if (run.ok) runs.push(run.value)
    }
    return runs
  }

  async baseline(): Promise<Result<BaselineRecord | undefined>> {
    const read = await readValidated(path.join(this.dir, 'baseline'), baselineFileSchema)
    if (!read.ok) return read.error.code === 'FILE_MISSING' ? ok(undefined) : read
    return ok(read.value)
  }

  /** Accepts a complete run as the release baseline. */
  async setBaseline(
    runId: string,
    options: {
      /**
       * Says why this run may not be the baseline (engine/coverage.ts `baselineRefusal`), or undefined; `state`
       * words a run that did not complete (`runState`).
       */
      refuse?: (run: Run, state: string) => string | undefined
    } = {},
  ): Promise<Result<BaselineRecord>> {
    return withWorkspaceLock(this.dir, async () => {
      const current = await this.baseline()
      if (!current.ok) return current
      const run = await this.loadRun(runId)
      if (!run.ok) return run
      if (run.value.status === 'running' || (!options.refuse && run.value.status !== 'complete')) {
        return failure(
          'RUN_INCOMPLETE',
          `Run ${run.value.id} ${runState(run.value)}; only a complete run can be the baseline.`,
        )
      }
      const refused = options.refuse?.(run.value, runState(run.value))
      if (refused) return failure('RUN_PARTIAL', refused)
      const record: BaselineRecord = {
        schema: 'handover.baseline/1',
        run: run.value.id,
        acceptedAt: new Date().toISOString(),
        acceptedBy: actor(),
      }
      await writeFileAtomic(path.join(this.dir, 'baseline'), toJson(record))
      return ok(record)
    })
  }
}

const liveRuns = new Set<string>()

/** Marks a run as being written by this process, so it is not mistaken for an interrupted one. */
export function markLiveRun(id: string, live: boolean): void {
  if (live) liveRuns.add(id)
  else liveRuns.delete(id)
}

function isOwnLiveRun(id: string): boolean {
  return liveRuns.has(id)
}

/** A writer on another host cannot be asked: it counts as live (losing a live run is worse than a stale one). */
function writerAlive(run: Run): boolean {
  if (!run.writer) return false
  const state = processState(run.writer)
  return state === 'live' || state === 'other-host'
}

/** "is still running in pid 1234 (process 1234 on h, started T)", "is interrupted", "is cancelled". */
export function runState(run: Run): string {
  if (run.status === 'running' && run.writer)
    return `is still running in pid ${run.writer.pid} (${describeProcess(run.writer)})`
  if (run.status === 'interrupted' && run.writer)
    return `is interrupted (its writer, pid ${run.writer.pid} on ${run.writer.host}, stopped before it finished)`
  return `is ${run.status}`
}
