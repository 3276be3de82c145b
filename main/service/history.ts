// The run-history strip's data: every stored run with its scope (the pack's coverage), its counts and how it
// compares with the accepted baseline. Pure: the service reads the runs, this only describes them.
import type { Run, Status } from '../../src/core/types'
import { STATUSES } from '../../src/core/types'
import { diffResults } from '../../src/diff/diff'
import { runCoverage, type CoverageCheck } from '../../src/engine/coverage'
import type { RunHistory, RunHistoryEntry } from '../contract'

/** One history entry; `baseline` is the accepted baseline's run when there is one (and it is not `run`). */
export function historyEntry(
  run: Run,
  baseline: Run | undefined,
  catalogue?: readonly CoverageCheck[],
): RunHistoryEntry {
  const coverage = runCoverage(run, catalogue)
  const counts = Object.fromEntries(STATUSES.map((s) => [s, run.summary[s] ?? 0])) as Record<Status, number>
  const isBaseline = baseline?.id === run.id
  const diff = baseline && !isBaseline ? diffResults(baseline.results, run.results) : undefined
  return {
    id: run.id,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    status: run.status,
    scope: coverage.partial ? 'partial' : 'full',
    stages: coverage.stages,
    ...(run.selection.checks?.length ? { checks: [...run.selection.checks] } : {}),
    errored: coverage.errored.length,
    coverage: coverage.sentence,
    counts,
    launchReady: run.summary.launchReady,
    blockers: run.summary.blockers,
    baseline: isBaseline,
    ...(diff
      ? {
          vsBaseline: {
            regressed: diff.counts.regressed,
            fixed: diff.counts.fixed,
            new: diff.counts.new,
            regressions: diff.regressions.length,
          },
        }
      : {}),
  }
}

/** The history of `runs` (any order in, oldest first out) against the baseline run id, if one is accepted. */
export function runHistory(
  runs: readonly Run[],
  baselineId: string | undefined,
  problems: string[] = [],
  catalogue?: readonly CoverageCheck[],
): RunHistory {
  const baseline = baselineId ? runs.find((r) => r.id === baselineId) : undefined
  const ordered = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id))
  const missing =
    baselineId && !baseline ? [`The baseline's run ${baselineId} is not among the stored runs.`] : []
  return {
    ...(baselineId ? { baseline: baselineId } : {}),
    runs: ordered.map((r) => historyEntry(r, baseline, catalogue)),
    problems: [...problems, ...missing],
  }
}
