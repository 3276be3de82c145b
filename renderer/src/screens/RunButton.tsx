// "Run the full audit" / "Run stage N", with Cancel while a run is in progress.
import { useShallow } from 'zustand/react/shallow'
import type { Stage } from '../../../src/core/types'
import { Icon } from '../components/Icon'
import { isRunning, useStore } from '../store'

/** The primary action of the overview and of each stage screen. */
export function RunButton({ stage }: { stage?: Stage }) {
  const { running, start, cancel, ws } = useStore(
    useShallow((s) => ({
      running: isRunning(s),
      start: s.startAudit,
      cancel: s.cancelAudit,
      ws: s.workspace,
    })),
  )
  if (running)
    return (
      <button type="button" className="button button--secondary" onClick={() => void cancel()}>
        <Icon name="stop" /> Cancel run
      </button>
    )
  return (
    <button
      type="button"
      className="button button--primary"
      disabled={!ws}
      onClick={() => void start(stage ? [stage] : undefined)}
    >
      <Icon name="play" /> {stage ? `Run stage ${stage}` : 'Run the full audit'}
    </button>
  )
}
