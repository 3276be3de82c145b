// The run-history strip: the engagement's runs over time (oldest left), each a link to its own results, with its
// scope, its counts, the baseline marked and what regressed since the baseline. Data from `runs:history`.
import { useShallow } from 'zustand/react/shallow'
import type { RunHistoryEntry } from '../../../main/contract'
import { useStore } from '../store'
import { plural, shortRun, when } from './format'

/** "stage 4", "stages 1 and 4", "all stages", or the re-probed checks. */
export function scopeText(r: RunHistoryEntry): string {
  if (r.checks) return r.checks.length === 1 ? r.checks[0]! : plural(r.checks.length, 'check')
  if (r.scope === 'full' || r.stages.length === 7) return 'all stages'
  return r.stages.length === 1 ? `stage ${r.stages[0]}` : `stages ${r.stages.join(', ')}`
}

/** "2 regressions · 3 fixed" vs the baseline, or what the run is to it. */
export function driftText(r: RunHistoryEntry): string {
  if (r.baseline) return 'the baseline'
  if (!r.vsBaseline) return 'no baseline to compare'
  const parts = [
    r.vsBaseline.regressions > 0 ? plural(r.vsBaseline.regressions, 'regression') : 'no regression',
    ...(r.vsBaseline.fixed > 0 ? [`${r.vsBaseline.fixed} fixed`] : []),
  ]
  return parts.join(' · ')
}

function RunCell({ r }: { r: RunHistoryEntry }) {
  const navigate = useStore((s) => s.navigate)
  const regressed = (r.vsBaseline?.regressions ?? 0) > 0
  const sep = <span className="visually-hidden">, </span>
  return (
    <li
      className={`history-run${r.baseline ? ' history-run--baseline' : ''}${regressed ? ' history-run--regressed' : ''}`}
    >
      <a
        href={`#/run/${encodeURIComponent(r.id)}`}
        className="history-link"
        data-testid={`history-${r.id}`}
        onClick={(e) => {
          e.preventDefault()
          navigate({ screen: 'run', run: r.id })
        }}
      >
        <span className="history-when">{when(r.startedAt)}</span>
        {sep}
        <span className="history-scope">
          <span className={`chip chip--${r.scope}`}>{r.scope}</span> {scopeText(r)}
          {r.status !== 'complete' ? ` · ${r.status}` : ''}
        </span>
        {sep}
        <span className="history-counts">
          <span className="history-count history-count--fail">{r.counts.fail} fail</span>{' '}
          <span className="history-count">{r.counts.warn} warn</span>{' '}
          <span className="history-count">{r.counts.error} error</span>{' '}
          <span className="history-count">{r.counts.pass} pass</span>
        </span>
        {sep}
        <span className="history-drift">
          {r.baseline ? <span className="chip chip--baseline">Baseline</span> : driftText(r)}
        </span>
      </a>
    </li>
  )
}

/** The strip, newest runs kept in view (the list scrolls sideways when there are many). */
export function RunHistory({ limit = 12 }: { limit?: number }) {
  const { history, navigate } = useStore(useShallow((s) => ({ history: s.history, navigate: s.navigate })))
  if (!history || history.runs.length === 0) return null
  const shown = history.runs.slice(-limit)
  const regressing = history.runs.filter((r) => (r.vsBaseline?.regressions ?? 0) > 0).length
  return (
    <section className="card" aria-labelledby="history-h">
      <div className="card-head">
        <h2 id="history-h">Run history</h2>
        <p className="muted small">
          {plural(history.runs.length, 'run')}
          {history.runs.length > shown.length ? `, the last ${shown.length} shown` : ''}
          {history.baseline
            ? ` · baseline ${shortRun(history.baseline)}${regressing > 0 ? ` · ${plural(regressing, 'run')} with regressions` : ''}`
            : ' · no baseline accepted yet'}
          {history.baseline ? (
            <>
              {' · '}
              <button
                type="button"
                className="link-button"
                onClick={() => navigate({ screen: 'regressions' })}
              >
                Regressions →
              </button>
            </>
          ) : null}
        </p>
      </div>
      <ol className="history" aria-label="Runs, oldest first">
        {shown.map((r) => (
          <RunCell key={r.id} r={r} />
        ))}
      </ol>
      {history.problems.map((p) => (
        <p key={p} className="muted small" role="note">
          {p}
        </p>
      ))}
    </section>
  )
}
