// Regressions and fixes since the accepted baseline, and "accept as baseline" with a warning when it would
// accept regressions as the new normal.
import { useShallow } from 'zustand/react/shallow'
import { ChangeList } from '../components/ChangeList'
import { shortRun, when } from '../components/format'
import { useStore } from '../store'

/** The regressions screen. */
export function Regressions() {
  const { ws, diff, diffError, openPopup } = useStore(
    useShallow((s) => ({
      ws: s.workspace,
      diff: s.diff,
      diffError: s.diffError,
      openPopup: s.openPopup,
    })),
  )
  const latest = ws?.latest
  const listing = ws?.runs.find((r) => r.id === latest)
  // What the baseline would not cover, said before it is accepted (the CLI asks for --partial instead).
  const partial = !listing
    ? undefined
    : listing.status !== 'complete'
      ? `This run is ${listing.status}: it holds only what ran before it stopped.`
      : listing.checks || listing.stages !== 'all'
        ? `This run covers ${listing.checks ? `only ${listing.checks.join(', ')}` : `stage ${listing.stages === 'all' ? '' : listing.stages.join(', ')} only`}: the other stages are not in the baseline, and later runs of them have nothing to be compared with.`
        : listing.counts.error > 0
          ? `${listing.counts.error} result${listing.counts.error === 1 ? '' : 's'} of this run could not observe: the baseline would hold them as errors.`
          : undefined
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
                ...(partial ? { partial } : {}),
              })
            }
          >
            Accept run {shortRun(latest)} as baseline…
          </button>
        ) : null}
      </div>
      {diffError ? <p className="card empty">{diffError}</p> : null}
      {diff ? (
        <ChangeList view={diff} label="Changes since the baseline" />
      ) : ws?.baseline && ws.baseline.run === latest ? (
        <p className="card empty">
          The latest run is the baseline: run a stage or the full audit to compare with it.
        </p>
      ) : null}
    </div>
  )
}
