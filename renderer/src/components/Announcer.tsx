// One polite live region for milestones, and the visible notices (errors are alerts).
import { useStore } from '../store'

/** The screen-reader announcer and the notice stack. */
export function Announcer() {
  const announcement = useStore((s) => s.announcement)
  const notices = useStore((s) => s.notices)
  const dismiss = useStore((s) => s.dismiss)
  return (
    <>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>
      <div className="notices">
        {notices.map((n) => (
          <div
            key={n.id}
            className={`notice notice--${n.tone}`}
            role={n.tone === 'error' ? 'alert' : 'status'}
          >
            <span>{n.text}</span>
            <button type="button" className="icon-button" onClick={() => dismiss(n.id)} aria-label="Dismiss">
              ×
            </button>
          </div>
        ))}
      </div>
    </>
  )
}
