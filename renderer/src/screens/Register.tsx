// The risk register and launch block list, read from the same report model the signed pack prints.
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Badge } from '../components/Badge'
import { useStore } from '../store'

/** The risk register screen. */
export function Register() {
  const { report, reportError, navigate } = useStore(
    useShallow((s) => ({ report: s.report, reportError: s.reportError, navigate: s.navigate })),
  )
  const [blockersOnly, setBlockersOnly] = useState(false)
  if (!report)
    return (
      <div className="screen">
        <h1>Risk register</h1>
        <p className="card empty">
          {reportError ?? 'No complete run yet: the register is built from the latest run.'}
        </p>
      </div>
    )
  const rows = report.risks.items.filter((r) => !blockersOnly || r.blocker)
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1>Risk register</h1>
          <p className="muted">{report.risks.note}</p>
        </div>
        <label className="toggle">
          <input type="checkbox" checked={blockersOnly} onChange={(e) => setBlockersOnly(e.target.checked)} />{' '}
          Launch blockers only ({report.blockers.items.length})
        </label>
      </div>
      <div className="card card--flush">
        <table className="table">
          <caption className="visually-hidden">Risk register, worst first</caption>
          <thead>
            <tr>
              <th scope="col">Ref</th>
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
              <th scope="col">Stage</th>
              <th scope="col">Owner</th>
              <th scope="col">Next step</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.ref} className={r.blocker ? 'row--blocker' : undefined}>
                <td className="mono">
                  {r.ref}
                  {r.blocker ? <span className="visually-hidden"> (blocker)</span> : null}
                </td>
                <td>
                  <span className="badges">
                    <Badge family="severity" value={r.severity} />
                    {r.status !== 'fail' ? <Badge family="status" value={r.status} /> : null}
                  </span>
                </td>
                <td>
                  <a
                    href={`#/stage/${r.stage}/${encodeURIComponent(r.fingerprint)}`}
                    onClick={(e) => {
                      e.preventDefault()
                      navigate({ screen: 'stage', stage: r.stage, finding: r.fingerprint })
                    }}
                  >
                    {r.title}
                  </a>
                  <div className="mono muted small">{r.subject}</div>
                </td>
                <td>{r.stage}</td>
                <td>{r.owner}</td>
                <td className="small">{r.nextStep}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.risks.minor > 0 ? (
          <p className="muted small pad">
            {report.risks.minor} minor items are listed in the stage checklists.
          </p>
        ) : null}
      </div>
    </div>
  )
}
