// One run, opened from the history strip: when, what it covered, its counts, what changed since the baseline, and
// its results by stage with the same evidence drawer as the stage screens (for this run, not the latest).
import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Badge, ResultBadges } from '../components/Badge'
import { ChangeList } from '../components/ChangeList'
import { plural, shortRun, when } from '../components/format'
import { driftText, scopeText } from '../components/RunHistory'
import { useStore } from '../store'
import { Drawer, groups, ResultGroup } from './Stage'

/** The run screen. */
export function RunScreen({ runId, finding }: { runId: string; finding?: string }) {
  const { info, history, runs, runDiffs, ws, loadRun, loadRunDiff, navigate } = useStore(
    useShallow((s) => ({
      info: s.info,
      history: s.history,
      runs: s.runs,
      runDiffs: s.runDiffs,
      ws: s.workspace,
      loadRun: s.loadRun,
      loadRunDiff: s.loadRunDiff,
      navigate: s.navigate,
    })),
  )
  useEffect(() => {
    void loadRun(runId)
  }, [runId, loadRun])
  const entry = history?.runs.find((r) => r.id === runId)
  const compare = Boolean(ws?.baseline && entry && !entry.baseline)
  useEffect(() => {
    if (compare) void loadRunDiff(runId)
  }, [compare, runId, loadRunDiff])
  const run = runs[runId]
  const results = useMemo(() => run?.results.filter((r) => r.status !== 'manual') ?? [], [run])
  const stages = [...new Set(results.map((r) => r.stage))].sort((a, b) => a - b)
  const selected = finding ? run?.results.find((r) => r.fingerprint === finding) : undefined
  const diff = runDiffs[runId]
  return (
    <div className={`screen stage ${selected ? 'stage--with-drawer' : ''}`}>
      <div className="stage-main">
        <div className="screen-head">
          <div>
            <p className="eyebrow">
              <a
                href="#/overview"
                onClick={(e) => {
                  e.preventDefault()
                  navigate({ screen: 'overview' })
                }}
              >
                Run history
              </a>
            </p>
            <h1>
              Run {shortRun(runId)} · {when(entry?.startedAt ?? run?.startedAt)}
            </h1>
            {entry ? (
              <p className="lead">
                <span className={`chip chip--${entry.scope}`}>{entry.scope}</span> {scopeText(entry)} ·{' '}
                {entry.status} · {driftText(entry)}
                {entry.baseline ? '' : ws?.latest === runId ? ' · the latest run' : ''}
              </p>
            ) : null}
          </div>
        </div>
        {entry ? (
          <section className="card" aria-labelledby="run-cover-h">
            <h2 id="run-cover-h" className="small-heading">
              What this run covered
            </h2>
            <p>{entry.coverage}</p>
            <ul className="verdict-counts verdict-counts--inline" aria-label="Results by status">
              {(['fail', 'warn', 'error', 'manual', 'skipped', 'pass'] as const).map((s) => (
                <li key={s}>
                  <span className="verdict-count">{entry.counts[s]}</span> <Badge family="status" value={s} />
                </li>
              ))}
            </ul>
            <p className="muted small">
              {entry.launchReady ? 'Launch-ready' : `Not launch-ready: ${plural(entry.blockers, 'blocker')}`}
              {entry.errored > 0 ? ` · ${plural(entry.errored, 'check')} could not observe` : ''}
            </p>
          </section>
        ) : null}
        {compare ? (
          <section aria-labelledby="run-diff-h">
            <h2 id="run-diff-h">Since the baseline ({shortRun(ws?.baseline?.run)})</h2>
            {diff ? (
              <ChangeList
                view={diff}
                label="Changes since the baseline"
                link={(f) => ({ screen: 'run', run: runId, finding: f })}
              />
            ) : (
              <p className="muted">Comparing with the baseline…</p>
            )}
          </section>
        ) : null}
        <section aria-labelledby="run-results-h">
          <h2 id="run-results-h">Results</h2>
          {!run ? <p className="muted">Loading run {shortRun(runId)}…</p> : null}
          {run && results.length === 0 ? (
            <p className="card empty">This run holds no probed result.</p>
          ) : null}
          {stages.map((stage) => {
            const meta = info?.stages.find((s) => s.stage === stage)
            return (
              <div key={stage} className="run-stage">
                <h3>
                  Stage {stage}
                  {meta ? ` · ${meta.name}` : ''}
                </h3>
                {groups(results.filter((r) => r.stage === stage)).map((g) => (
                  <ResultGroup key={g.id} group={g}>
                    <ul className="results">
                      {g.results.map((r) => (
                        <li key={r.fingerprint}>
                          <button
                            type="button"
                            className="result-row"
                            aria-current={selected?.fingerprint === r.fingerprint ? 'true' : undefined}
                            onClick={() => navigate({ screen: 'run', run: runId, finding: r.fingerprint })}
                          >
                            <ResultBadges status={r.status} severity={r.severity} />
                            <span className="result-title">{r.title}</span>
                            <span className="result-subject mono">{r.subject}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </ResultGroup>
                ))}
              </div>
            )
          })}
        </section>
      </div>
      {selected && run ? (
        <Drawer result={selected} runId={run.id} onClose={() => navigate({ screen: 'run', run: runId })} />
      ) : null}
    </div>
  )
}
