// What a run covered (issue 7 item 10): which stages and checks ran, which did not, and which could not observe.
import type { Run, RunStatus, Stage } from '../core/types'
import { CHECKS } from '../checks/registry'

/** A check as the coverage needs it: its id and stage. */
export interface CoverageCheck {
  id: string
  stage: Stage
}

/** What a run covered, carried by the run summary's readers, the report model and the pack. */
export interface RunCoverage {
  /** True when the run completed, ran every check of the engine, and every check observed. */
  full: boolean
  /** True when the run did not complete or ran only a subset of the checks (`--stage`, `--check`). */
  partial: boolean
  status: RunStatus
  /** Stages with at least one check in the run, and the stages none of whose checks ran. */
  stages: Stage[]
  stagesNotRun: Stage[]
  /** Checks the run selected, and the engine's checks it left out. */
  checks: string[]
  checksNotRun: string[]
  /** Checks with at least one `error` result: they ran but could not observe. */
  errored: string[]
  /** The whole of it in one or two plain sentences, for the cover and the CLI. */
  sentence: string
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** "1", "1 and 2", "1, 2 and 3". */
function list(items: readonly (string | number)[]): string {
  const s = items.map(String)
  return s.length <= 1 ? (s[0] ?? '') : `${s.slice(0, -1).join(', ')} and ${s.at(-1)}`
}

function stagesText(stages: readonly Stage[]): string {
  return `${stages.length === 1 ? 'stage' : 'stages'} ${list(stages)}`
}

/** Names up to `max` ids, then "and N more". */
function some(ids: readonly string[], max = 6): string {
  return ids.length <= max ? list(ids) : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`
}

/**
 * The coverage of a run against the engine's checks (default: the registry). A run without a selection ran every
 * check its engine had, so checks added since it was stored do not make it partial.
 */
export function runCoverage(
  run: Pick<Run, 'status' | 'selection' | 'checks' | 'results'>,
  catalogue: readonly CoverageCheck[] = CHECKS,
): RunCoverage {
  const selected = Object.keys(run.checks)
  const chosen = new Set(selected)
  const subset = Boolean(run.selection.stages?.length || run.selection.checks?.length)
  const checksNotRun = subset ? catalogue.filter((c) => !chosen.has(c.id)).map((c) => c.id) : []
  const stageOf = new Map<string, Stage>(catalogue.map((c) => [c.id, c.stage]))
  for (const r of run.results) if (!stageOf.has(r.check)) stageOf.set(r.check, r.stage)
  const ranStages = new Set(selected.map((id) => stageOf.get(id)).filter((s) => s !== undefined))
  const allStages = [...new Set([...catalogue.map((c) => c.stage), ...ranStages])].sort((a, b) => a - b)
  const stages = allStages.filter((s) => ranStages.has(s))
  const stagesNotRun = subset ? allStages.filter((s) => !ranStages.has(s)) : []
  const errored = [...new Set(run.results.filter((r) => r.status === 'error').map((r) => r.check))].sort()
  const partial = run.status !== 'complete' || checksNotRun.length > 0
  const sentences: string[] = []
  if (run.status === 'cancelled') sentences.push('This run was cancelled before it finished.')
  else if (run.status === 'interrupted') sentences.push('This run was interrupted before it finished.')
  else if (run.status === 'running') sentences.push('This run is still running.')
  if (checksNotRun.length > 0) {
    const notRun = `${plural(checksNotRun.length, 'check')} ${checksNotRun.length === 1 ? 'was' : 'were'} not run (${some(checksNotRun)})`
    const left =
      stagesNotRun.length > 0 ? `${stagesText(stagesNotRun)} did not run at all, and ${notRun}` : notRun
    sentences.push(
      `Partial run: only ${stages.length > 0 ? stagesText(stages) : 'no stage'} (${selected.length} of ${selected.length + checksNotRun.length} checks) ${stages.length === 1 ? 'was' : 'were'} run; ${left}.`,
    )
  } else if (run.status === 'complete') {
    sentences.push(`All ${plural(selected.length, 'check')} ran (${stagesText(stages)}).`)
  }
  if (run.status !== 'complete' && run.results.length === 0) sentences.push('It has no results.')
  if (errored.length > 0)
    sentences.push(
      `${plural(errored.length, 'check')} could not observe, so ${errored.length === 1 ? 'its result proves' : 'their results prove'} nothing either way: ${some(errored)}.`,
    )
  return {
    full: !partial && errored.length === 0,
    partial,
    status: run.status,
    stages,
    stagesNotRun,
    checks: selected.sort(),
    checksNotRun,
    errored,
    sentence: sentences.join(' '),
  }
}

/**
 * Why `run` may not become the release baseline, or undefined: a partial run (not complete, or a subset of the
 * checks) or one with checks that could not observe is refused unless `partial` is given (`--partial`).
 */
export function baselineRefusal(
  run: Pick<Run, 'id' | 'status' | 'selection' | 'checks' | 'results'>,
  partial: boolean,
  /** How the store words the run's state ("is interrupted (its writer, pid N…)"), for a run that did not complete. */
  state = `is ${run.status}`,
  catalogue: readonly CoverageCheck[] = CHECKS,
): string | undefined {
  const coverage = runCoverage(run, catalogue)
  if (coverage.full || partial) return undefined
  const what =
    run.status !== 'complete'
      ? `${state}, a partial run`
      : coverage.partial
        ? 'is a partial run'
        : 'has checks that could not observe'
  return `Run ${run.id} ${what}, so it cannot stand for the release: ${coverage.sentence} Accept it anyway with \`handover baseline --partial\`, or run a full audit first.`
}
