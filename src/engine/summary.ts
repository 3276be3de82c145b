// Counts, the minimum bar and the launch block list of a run (DESIGN.md §3 and §5).
import type { CheckResult, MinimumBarItem, MinimumBarStatus, RunSummary } from '../core/types'

/** Which checks decide each minimum-bar item. */
export const MINIMUM_BAR: readonly { item: MinimumBarItem; checks: string[] }[] = [
  { item: 'auth-enforced', checks: ['surface.unauth-data'] },
  { item: 'authz-server-side', checks: ['authz.bola', 'authz.bfla'] },
  { item: 'secrets-outside-code', checks: ['secrets.frontend', 'secrets.repo', 'secrets.env-files'] },
  { item: 'input-validation', checks: ['surface.input-validation'] },
  { item: 'edge-protection', checks: ['edge.protection'] },
  { item: 'https-everywhere', checks: ['tls.https-forced', 'tls.cert-valid'] },
  { item: 'monitoring-live', checks: ['monitor.uptime', 'monitor.alerting'] },
]

/** Every fail of severity critical or high, plus every critical error. */
export function launchBlockers(results: readonly CheckResult[]): CheckResult[] {
  return results.filter(
    (r) =>
      (r.status === 'fail' && (r.severity === 'critical' || r.severity === 'high')) ||
      (r.status === 'error' && r.severity === 'critical'),
  )
}

/** An item passes when every deciding check ran and none of its results failed or could not observe. */
export function minimumBar(results: readonly CheckResult[]): MinimumBarStatus[] {
  return MINIMUM_BAR.map(({ item, checks }) => {
    const mine = results.filter((r) => checks.includes(r.check))
    const allRan = checks.every((c) =>
      mine.some((r) => r.check === c && r.status !== 'skipped' && r.status !== 'manual'),
    )
    const bad = mine.some((r) => r.status === 'fail' || r.status === 'error')
    return { item, checks, status: bad ? 'fail' : allRan ? 'pass' : 'not-checked' }
  })
}

/**
 * Counts by status, the minimum bar and the number of launch blockers of a set of results. `covered` is false for a
 * run that did not run everything or could not observe everything (engine/coverage.ts): it is never launch-ready.
 */
export function summarize(results: readonly CheckResult[], covered = true): RunSummary {
  const count = (s: CheckResult['status']): number => results.filter((r) => r.status === s).length
  const bar = minimumBar(results)
  const blockers = launchBlockers(results).length
  return {
    pass: count('pass'),
    fail: count('fail'),
    warn: count('warn'),
    error: count('error'),
    skipped: count('skipped'),
    manual: count('manual'),
    launchReady: covered && blockers === 0 && bar.every((b) => b.status === 'pass'),
    blockers,
    minimumBar: bar,
  }
}
