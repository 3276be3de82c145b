// The window's first screen: the sprint's stages. The wizard itself comes with its own issue.
import { useEffect } from 'react'
import { useStore } from './store'

export function App() {
  const info = useStore((s) => s.info)
  const error = useStore((s) => s.error)
  const loadInfo = useStore((s) => s.loadInfo)
  useEffect(() => {
    void loadInfo()
  }, [loadInfo])
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '2rem auto' }}>
      <h1>Handover {info ? <small style={{ fontWeight: 400 }}>{info.version}</small> : null}</h1>
      {error ? <p role="alert">{error}</p> : null}
      <ol>
        {info?.stages.map((s) => (
          <li key={s.stage}>
            <strong>{s.name}</strong> — {s.goal} <em>(hours {s.hours})</em>
          </li>
        ))}
      </ol>
    </main>
  )
}
