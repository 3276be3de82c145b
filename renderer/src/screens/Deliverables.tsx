// One generic editor for every deliverable, driven by its sections in the report model: tables and text as the
// pack prints them, and a field for each item a person fills in (section.inputs). A new deliverable needs no UI code.
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Deliverable, DeliverableInput } from '../../../src/report/model/types'
import { Badge } from '../components/Badge'
import { useStore } from '../store'

function InputField({ deliverable, input }: { deliverable: string; input: DeliverableInput }) {
  const save = useStore((s) => s.setDeliverableNote)
  const [value, setValue] = useState(input.value)
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle')
  const id = `in-${deliverable}-${input.key}`.replace(/[^A-Za-z0-9_-]/g, '_')
  return (
    <div className="field field--inline">
      <label htmlFor={id}>{input.label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={async () => {
          if (value === input.value) return
          setState('saving')
          const ok = await save(deliverable, input.key, value)
          setState(ok ? 'saved' : 'idle')
        }}
      />
      <span className="muted small" aria-live="polite">
        {state === 'saving' ? 'Saving…' : state === 'saved' ? 'Saved' : ''}
      </span>
    </div>
  )
}

function DeliverableCard({ d, index }: { d: Deliverable; index: number }) {
  return (
    <section className="card deliverable" aria-labelledby={`d-${d.id}`}>
      <div className="card-head">
        <h2 id={`d-${d.id}`}>{d.title}</h2>
        <span className="badges">
          <span className="muted small">
            stage {d.stage} · deliverable {index + 1} of the pack
          </span>
          <Badge family="deliverable" value={d.status} />
        </span>
      </div>
      {d.why ? <p className="muted small">{d.why}</p> : null}
      {d.sections.map((s, i) => (
        <div key={i} className="deliverable-section">
          {s.heading ? <h3>{s.heading}</h3> : null}
          {s.paragraphs?.map((p, j) => (
            <p key={j}>{p}</p>
          ))}
          {s.table ? (
            <div className="table-scroll">
              <table className="table table--compact">
                <thead>
                  <tr>
                    {s.table.columns.map((c) => (
                      <th scope="col" key={c}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {s.table.rows.map((row, j) => (
                    <tr key={j}>
                      {row.map((cell, k) => (
                        <td key={k} className="pre">
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {s.inputs?.length ? (
            <fieldset className="inputs">
              <legend>Fill in</legend>
              {s.inputs.map((input) => (
                <InputField key={input.key} deliverable={d.id} input={input} />
              ))}
            </fieldset>
          ) : null}
        </div>
      ))}
    </section>
  )
}

/** The deliverables screen. */
export function Deliverables() {
  const { report, reportError } = useStore(
    useShallow((s) => ({ report: s.report, reportError: s.reportError })),
  )
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1>Deliverables</h1>
          <p className="muted">
            {report?.deliverables.note ?? 'The documents the sprint leaves behind, as the pack prints them.'}
          </p>
        </div>
      </div>
      {!report ? <p className="card empty">{reportError ?? 'No complete run yet.'}</p> : null}
      {report?.deliverables.items.map((d, i) => (
        <DeliverableCard key={d.id} d={d} index={i} />
      ))}
    </div>
  )
}
