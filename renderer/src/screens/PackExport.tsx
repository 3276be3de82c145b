// The handover pack: a checklist of what is not ready yet, then Export signed PDF → Verify now.
import { useShallow } from 'zustand/react/shallow'
import { Badge } from '../components/Badge'
import { kb, plural, shortRun } from '../components/format'
import { useStore } from '../store'

/** The pack export screen. */
export function PackExport() {
  const { ws, report, exporting, exported, exportPack, verifyPath, navigate } = useStore(
    useShallow((s) => ({
      ws: s.workspace,
      report: s.report,
      exporting: s.exporting,
      exported: s.exported,
      exportPack: s.exportPack,
      verifyPath: s.verifyPath,
      navigate: s.navigate,
    })),
  )
  if (!report || !ws?.latest)
    return (
      <div className="screen">
        <h1>Handover pack</h1>
        <p className="card empty">The pack is built from a complete run; run the audit first.</p>
      </div>
    )
  const missing = report.deliverables.items.filter((d) => d.status === 'missing')
  const manual = report.cover.counts.manual
  const items = [
    { ok: report.cover.launchReady, text: report.cover.verdict, to: 'register' as const },
    {
      ok: report.blockers.items.length === 0,
      text: `${plural(report.blockers.items.length, 'open blocker')}`,
      to: 'register' as const,
    },
    {
      ok: missing.length === 0,
      text: `${plural(missing.length, 'deliverable')} missing`,
      to: 'deliverables' as const,
    },
    { ok: manual === 0, text: `${plural(manual, 'manual check')} unanswered`, to: 'overview' as const },
  ]
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1>Handover pack</h1>
          <p className="muted">
            The signed PDF of run {shortRun(ws.latest)}: the same report model as every screen here, signed
            with your identity.
          </p>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={exporting}
          onClick={() => void exportPack(ws.latest!)}
        >
          {exporting ? 'Signing…' : 'Export signed PDF'}
        </button>
      </div>
      <section className="card" aria-labelledby="ready-h">
        <h2 id="ready-h">Before you send it</h2>
        <ul className="checklist">
          {items.map((i) => (
            <li key={i.text}>
              <Badge family="bar" value={i.ok ? 'pass' : 'fail'} label={i.ok ? 'READY' : 'OPEN'} />
              <a
                href={`#/${i.to}`}
                onClick={(e) => {
                  e.preventDefault()
                  navigate({ screen: i.to })
                }}
              >
                {i.text}
              </a>
            </li>
          ))}
        </ul>
        <p className="muted small">
          A pack with open items can still be sent: it says so on its cover, and the founder sees the same
          list.
        </p>
      </section>
      {exported ? (
        <section className="card" aria-labelledby="saved-h" data-testid="pack-saved">
          <h2 id="saved-h">Saved</h2>
          <p>
            <span className="mono">{exported.pdf}</span> · {kb(exported.bytes)} · rendered in{' '}
            {exported.renderMs} ms, signed in {exported.signMs} ms
          </p>
          <p>
            Signed by <strong>{exported.signer}</strong>; signing root SHA-256{' '}
            <span className="mono small">{exported.rootFingerprint}</span>
          </p>
          <button
            type="button"
            className="button button--secondary"
            onClick={async () => {
              await verifyPath(exported.pdf)
              navigate({ screen: 'verify' })
            }}
          >
            Verify now
          </button>
        </section>
      ) : null}
    </div>
  )
}
