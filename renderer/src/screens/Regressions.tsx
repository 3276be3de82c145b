// Regressions and fixes since the accepted baseline, and "accept as baseline" with a warning when it would
// accept regressions as the new normal.
import { useShallow } from 'zustand/react/shallow'
import type { Change } from '../../../src/diff/diff'
import { Badge } from '../components/Badge'
import { shortRun, when } from '../components/format'
import { useStore } from '../store'

const ORDER: { change: Change; title: string; open: boolean }[] = [
  { change: 'regressed', title: 'Regressed', open: true },
  { change: 'new', title: 'New', open: true },
  { change: 'fixed', title: 'Fixed', open: true },
  { change: 'gone', title: 'Gone', open: false },
  { change: 'check-changed', title: 'Check changed', open: false },
  { change: 'unchanged', title: 'Unchanged', open: false },
]

/** The regressions screen. */
export function Regressions() {
  const { ws, diff, diffError, openPopup, navigate } = useStore(
    useShallow((s) => ({
      ws: s.workspace,
      diff: s.diff,
      diffError: s.diffError,
      openPopup: s.openPopup,
      navigate: s.navigate,
    })),
  )
  const latest = ws?.latest
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1>Regressions</h1>
          <p className="muted">
            {ws?.baseline
              ? `Baseline: run ${shortRun(ws.baseline.run)} (accepted ${when(ws.baseline.acceptedAt)} by ${ws.baseline.acceptedBy}) → latest: run ${shortRun(latest)}`
              : 'No baseline yet. Accept a clean run as the release baseline; later runs are compared with it.'}
          </p>
        </div>
        {latest ? (
          <button
            type="button"
            className="button button--primary"
            disabled={ws?.baseline?.run === latest}
            onClick={() =>
              openPopup({
                kind: 'accept-baseline',
                runId: latest,
                regressions: diff?.diff.regressions.length ?? 0,
              })
            }
          >
            Accept run {shortRun(latest)} as baseline…
          </button>
        ) : null}
      </div>
      {diffError ? <p className="card empty">{diffError}</p> : null}
      {diff ? (
        <>
          <ul className="counts" aria-label="Changes since the baseline">
            {ORDER.map((o) => (
              <li key={o.change}>
                <span className="count">{diff.diff.counts[o.change]}</span> {o.title.toLowerCase()}
              </li>
            ))}
          </ul>
          {ORDER.map((o) => {
            const entries = diff.diff.entries.filter((e) => e.change === o.change)
            if (entries.length === 0) return null
            return (
              <details key={o.change} className={`group group--${o.change}`} open={o.open}>
                <summary>
                  <span className="group-title">{o.title}</span>{' '}
                  <span className="group-count">{entries.length}</span>
                </summary>
                {o.change === 'check-changed' ? (
                  <p className="muted small">
                    The check's logic changed between the runs, so these are not counted as regressions.
                  </p>
                ) : null}
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Check</th>
                      <th scope="col">Subject</th>
                      <th scope="col">Change</th>
                      <th scope="col">Finding</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((e) => {
                      const r = diff.results[e.fingerprint]
                      return (
                        <tr key={e.fingerprint}>
                          <td className="mono">{e.check}</td>
                          <td className="mono">{e.subject}</td>
                          <td>
                            <span className="change">
                              {e.from ? (
                                <Badge family="status" value={e.from.status} />
                              ) : (
                                <span className="muted">none</span>
                              )}
                              <span aria-hidden="true">→</span>
                              {e.to ? (
                                <Badge family="status" value={e.to.status} />
                              ) : (
                                <span className="muted">none</span>
                              )}
                              {e.to?.severity && (e.to.status === 'fail' || e.to.status === 'warn') ? (
                                <Badge family="severity" value={e.to.severity} />
                              ) : null}
                              <span className="visually-hidden">
                                was {e.from?.status ?? 'absent'}, now {e.to?.status ?? 'absent'}
                              </span>
                            </span>
                          </td>
                          <td>
                            {r && e.to ? (
                              <a
                                href={`#/stage/${r.stage}/${encodeURIComponent(e.fingerprint)}`}
                                onClick={(ev) => {
                                  ev.preventDefault()
                                  navigate({ screen: 'stage', stage: r.stage, finding: e.fingerprint })
                                }}
                              >
                                {diff.titles[e.fingerprint]}
                              </a>
                            ) : (
                              diff.titles[e.fingerprint]
                            )}
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
              </details>
            )
          })}
        </>
      ) : ws?.baseline && ws.baseline.run === latest ? (
        <p className="card empty">
          The latest run is the baseline: run a stage or the full audit to compare with it.
        </p>
      ) : null}
    </div>
  )
}
