// The changes between two runs as counts and one collapsible table per kind of change (regressed, new, fixed…),
// each finding linked to its stage screen. The regressions screen and the founder's re-check both show it.
import { useShallow } from 'zustand/react/shallow'
import type { DiffView } from '../../../main/contract'
import type { Change } from '../../../src/diff/diff'
import type { Stage } from '../../../src/core/types'
import { useStore } from '../store'
import { routeToHash, type Route } from '../store/types'
import { Badge } from './Badge'

const ORDER: { change: Change; title: string; open: boolean }[] = [
  { change: 'regressed', title: 'Regressed', open: true },
  { change: 'new', title: 'New', open: true },
  { change: 'fixed', title: 'Fixed', open: true },
  { change: 'gone', title: 'Gone', open: false },
  { change: 'check-changed', title: 'Check changed', open: false },
  { change: 'unchanged', title: 'Unchanged', open: false },
]

/** Counts and grouped tables of `view`'s changes. */
export function ChangeList({
  view,
  label,
  link = (finding, stage) => ({ screen: 'stage', stage, finding }),
}: {
  view: DiffView
  label: string
  /** Where a finding of the later run opens; the default is its stage screen (which shows the latest run). */
  link?: (fingerprint: string, stage: Stage) => Route
}) {
  const { navigate } = useStore(useShallow((s) => ({ navigate: s.navigate })))
  return (
    <>
      <ul className="counts" aria-label={label}>
        {ORDER.map((o) => (
          <li key={o.change}>
            <span className="count">{view.diff.counts[o.change]}</span> {o.title.toLowerCase()}
          </li>
        ))}
      </ul>
      {ORDER.map((o) => {
        const entries = view.diff.entries.filter((e) => e.change === o.change)
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
                  const r = view.results[e.fingerprint]
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
                            href={routeToHash(link(e.fingerprint, r.stage))}
                            onClick={(ev) => {
                              ev.preventDefault()
                              navigate(link(e.fingerprint, r.stage))
                            }}
                          >
                            {view.titles[e.fingerprint]}
                          </a>
                        ) : (
                          view.titles[e.fingerprint]
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
  )
}
