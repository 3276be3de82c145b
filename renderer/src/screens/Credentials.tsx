// Credentials: names, where the engagement uses them, and whether the keychain holds them. Values are never shown:
// the renderer never receives one, so there is nothing to reveal.
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../store'

/** The credentials screen. */
export function Credentials() {
  const { view, load, openPopup, ws } = useStore(
    useShallow((s) => ({
      view: s.credentials,
      load: s.loadCredentials,
      openPopup: s.openPopup,
      ws: s.workspace,
    })),
  )
  useEffect(() => {
    void load()
  }, [load, ws?.dir])
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1>Credentials</h1>
          <p className="muted">
            Kept only in the {view?.keychain ?? 'OS keychain'} and read at the moment of use. handover.json
            holds references such as keychain:acme-alice, never a value.
          </p>
        </div>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => openPopup({ kind: 'credential', name: '', replacing: false })}
        >
          Add a credential…
        </button>
      </div>
      {view && !view.available ? (
        <p className="card empty" role="alert">
          {view.problem} Passive checks still run; checks that sign in report that they could not.
        </p>
      ) : null}
      <div className="card card--flush">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Used by</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(view?.rows ?? []).map((r) => (
              <tr key={r.name}>
                <td className="mono">{r.name}</td>
                <td className="mono small">
                  {r.usedBy.join(', ') || <span className="muted">not referenced</span>}
                </td>
                <td data-testid={`cred-state-${r.name}`}>
                  {r.state === 'set' ? (
                    <span className="state state--set">Set</span>
                  ) : r.state === 'demo' ? (
                    <span className="state state--demo">Demo lab (in memory)</span>
                  ) : (
                    <span className="state state--unset">Not set</span>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      openPopup({ kind: 'credential', name: r.name, replacing: r.state === 'set' })
                    }
                    aria-label={`${r.state === 'set' ? 'Replace' : 'Set'} ${r.name}`}
                  >
                    {r.state === 'set' ? 'Replace' : 'Set'}
                  </button>
                  {r.state === 'set' ? (
                    <button
                      type="button"
                      className="button button--small button--danger"
                      onClick={() => openPopup({ kind: 'delete-credential', name: r.name })}
                      aria-label={`Delete ${r.name}`}
                    >
                      Delete
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {view && view.rows.length === 0 ? (
          <p className="muted pad">The engagement references no credential.</p>
        ) : null}
      </div>
    </div>
  )
}
