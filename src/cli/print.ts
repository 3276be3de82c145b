// The audit summary as people read it in a terminal: by stage, worst first, then the verdict.
import type { CheckResult, Run, Severity } from '../core/types'
import { SEVERITIES } from '../core/types'
import { STAGES } from '../core/stages'
import type { Diff } from '../diff/diff'
import { runCoverage } from '../engine/coverage'
import { palette, type Io } from './io'

const MARK: Record<CheckResult['status'], string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  error: '?',
  skipped: '-',
  manual: '…',
}

function rank(r: CheckResult): number {
  const order = ['fail', 'error', 'warn', 'manual', 'skipped', 'pass']
  const sev = r.severity ? SEVERITIES.indexOf(r.severity) : SEVERITIES.length
  return order.indexOf(r.status) * 10 + sev
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length)
}

/** Prints the run summary, stage by stage; passing results are counted, not listed, unless `verbose`. */
export function printSummary(run: Run, io: Io, options: { verbose?: boolean } = {}): void {
  const c = palette(io.out, io.env)
  const w = (s: string): boolean => io.out.write(`${s}\n`)
  const colour = (r: CheckResult, s: string): string =>
    r.status === 'fail'
      ? r.severity === 'critical' || r.severity === 'high'
        ? c.red(s)
        : c.yellow(s)
      : r.status === 'error'
        ? c.yellow(s)
        : r.status === 'warn'
          ? c.yellow(s)
          : r.status === 'pass'
            ? c.green(s)
            : c.dim(s)
  w(c.bold(`Handover audit — ${run.engagement.name}`))
  w(
    c.dim(
      `run ${run.id} · ${run.status} · ${run.results.length} results from ${Object.keys(run.checks).length} checks · ${(run.timings.totalMs / 1000).toFixed(1)} s`,
    ),
  )
  for (const stage of STAGES) {
    const results = run.results.filter((r) => r.stage === stage.stage)
    if (results.length === 0) continue
    w('')
    w(c.bold(`Stage ${stage.stage} · ${stage.name}`))
    const shown = results
      .filter((r) => options.verbose || r.status !== 'pass')
      .sort((a, b) => rank(a) - rank(b))
    for (const r of shown) {
      const label =
        r.status === 'fail' || r.status === 'error' || r.status === 'warn'
          ? `${r.status} ${r.severity ?? ''}`.trim()
          : r.status
      w(
        `  ${colour(r, `${MARK[r.status]} ${pad(label, 14)}`)}${pad(r.check, 21)}${pad(r.subject, 24)}${r.title}`,
      )
    }
    const passed = results.filter((r) => r.status === 'pass').length
    if (passed > 0 && !options.verbose) w(`  ${c.green(`✓ ${passed} passed`)}`)
  }
  const s = run.summary
  w('')
  w(c.bold('Minimum bar'))
  for (const item of s.minimumBar) {
    const mark =
      item.status === 'pass'
        ? c.green('✓ pass       ')
        : item.status === 'fail'
          ? c.red('✗ fail       ')
          : c.dim('- not checked')
    w(`  ${mark} ${pad(item.item, 22)}${c.dim(item.checks.join(', '))}`)
  }
  w('')
  const coverage = runCoverage(run)
  const verdict = s.launchReady
    ? c.green('Launch-ready: yes')
    : s.blockers === 0 && !coverage.full
      ? c.yellow(
          `Launch-ready: not established — ${coverage.partial ? 'partial run' : `${coverage.errored.length} check${coverage.errored.length === 1 ? '' : 's'} could not observe`}`,
        )
      : c.red(`Launch-ready: no — ${s.blockers} blocker${s.blockers === 1 ? '' : 's'}`)
  const notChecked = s.minimumBar.filter((b) => b.status === 'not-checked').length
  w(
    `${c.bold(verdict)}${!s.launchReady && notChecked > 0 ? c.dim(` (and ${notChecked} minimum-bar item${notChecked === 1 ? '' : 's'} not checked yet)`) : ''}`,
  )
  if (!coverage.full) w(c.dim(coverage.sentence))
  w(
    `${s.pass} pass · ${s.fail} fail · ${s.warn} warn · ${s.error} error · ${s.skipped} skipped · ${s.manual} manual`,
  )
}

const CHANGE_ORDER = ['regressed', 'new', 'fixed', 'gone', 'check-changed'] as const

/** Prints a diff: regressions first. */
export function printDiff(diff: Diff, from: string, to: string, io: Io): void {
  const c = palette(io.out, io.env)
  const w = (s: string): boolean => io.out.write(`${s}\n`)
  w(c.bold(`Changes from ${from} to ${to}`))
  for (const change of CHANGE_ORDER) {
    const entries = diff.entries.filter((e) => e.change === change)
    if (entries.length === 0) continue
    w('')
    const head =
      change === 'regressed' ? c.red : change === 'fixed' ? c.green : change === 'new' ? c.yellow : c.dim
    w(head(`${change} (${entries.length})`))
    for (const e of entries) {
      const before = e.from ? `${e.from.status}${e.from.severity ? ` ${e.from.severity}` : ''}` : 'absent'
      const after = e.to ? `${e.to.status}${e.to.severity ? ` ${e.to.severity}` : ''}` : 'absent'
      const title = e.to?.title ?? e.from?.title ?? ''
      w(`  ${pad(e.check, 21)}${pad(e.subject, 24)}${pad(`${before} → ${after}`, 30)}${c.dim(title)}`)
    }
  }
  w('')
  const n = diff.counts
  w(
    `${n.regressed} regressed · ${n.fixed} fixed · ${n.new} new · ${n.gone} gone · ${n.unchanged} unchanged · ${n['check-changed']} check-changed`,
  )
  if (diff.regressions.length > 0)
    w(
      c.red(
        `${diff.regressions.length} regression${diff.regressions.length === 1 ? '' : 's'} since ${from}.`,
      ),
    )
  else w(c.green(`No regression since ${from}.`))
}

/** Severity ordering for --fail-on. */
export function atOrAbove(severity: Severity | undefined, threshold: Severity): boolean {
  if (!severity) return false
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold)
}
