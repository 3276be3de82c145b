// One template for all seven stages, generated from stages.json, the registry and the catalogue: goal and failure
// signals, Run stage with live progress, results grouped by seriousness and consolidated by check, the evidence
// drawer, manual checks to attest, and the stage's deliverables. A new check appears here without UI code.
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { ProbeProgress } from '../../../main/contract'
import { useShallow } from 'zustand/react/shallow'
import type { CheckResult, Stage } from '../../../src/core/types'
import { Badge, ResultBadges } from '../components/Badge'
import { plural, shortRun, when } from '../components/format'
import { isRunning, useStore } from '../store'
import { toUpload } from '../store/pack-slice'
import { ObservationView } from './Evidence'
import { RunButton } from './RunButton'

type Group = { id: string; title: string; results: CheckResult[]; open: boolean }

/** Results grouped by seriousness: blockers, other failures, warnings, could not observe, skipped, passed. */
export function groups(results: CheckResult[]): Group[] {
  const blocker = (r: CheckResult): boolean =>
    (r.status === 'fail' && (r.severity === 'critical' || r.severity === 'high')) ||
    (r.status === 'error' && r.severity === 'critical')
  const rank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 }
  const sorted = [...results].sort(
    (a, b) =>
      (rank[a.severity ?? 'info'] ?? 5) - (rank[b.severity ?? 'info'] ?? 5) || a.check.localeCompare(b.check),
  )
  const g = (id: string, title: string, f: (r: CheckResult) => boolean, open = true): Group => ({
    id,
    title,
    results: sorted.filter(f),
    open,
  })
  return [
    g('blockers', 'Blockers', blocker),
    g('failures', 'Other failures', (r) => r.status === 'fail' && !blocker(r)),
    g('warnings', 'Warnings', (r) => r.status === 'warn'),
    g('errors', 'Could not observe', (r) => r.status === 'error' && !blocker(r)),
    g('skipped', 'Skipped', (r) => r.status === 'skipped', false),
    g('passed', 'Passed', (r) => r.status === 'pass', false),
  ].filter((x) => x.results.length > 0)
}

const PROBE_STATE = { queued: 'Queued', running: 'Running', done: 'Done', error: 'Error' } as const

/** One probe line; memoised, so a progress event re-renders only the probes it changed. */
const ProbeRow = memo(function ProbeRow({ p }: { p: ProbeProgress }) {
  return (
    <li className={`probe probe--${p.state}`}>
      <span className="probe-state">{PROBE_STATE[p.state]}</span>
      <span className="mono probe-kind">{p.kind}</span>
      <span className="mono probe-subject">{p.subject}</span>
      <span className="probe-ms">{p.durationMs !== undefined ? `${p.durationMs} ms` : ''}</span>
      {p.code ? <span className="probe-code mono">{p.code}</span> : null}
    </li>
  )
})

/** A disclosure whose rows are mounted only while it is open (the passed group alone can hold hundreds). */
export function ResultGroup({ group, children }: { group: Group; children: ReactNode }) {
  const [open, setOpen] = useState(group.open)
  return (
    <details
      className={`group group--${group.id}`}
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span className="group-title">{group.title}</span>{' '}
        <span className="group-count">{group.results.length}</span>
      </summary>
      {open ? children : null}
    </details>
  )
}

function Progress() {
  const audit = useStore((s) => s.audit)
  if (!audit) return null
  const percent = audit.total > 0 ? Math.round((audit.done / audit.total) * 100) : 0
  const rows = audit.order.map((k) => audit.probes[k]!).filter(Boolean)
  // Queued probes are summarised, not listed: the list grows as probes start, so no event mounts a hundred rows.
  const queued = rows.filter((p) => p.state === 'queued')
  const started = rows.filter((p) => p.state !== 'queued')
  return (
    <section className="card progress" aria-labelledby="progress-h">
      <div className="card-head">
        <h2 id="progress-h">
          {audit.phase === 'finished'
            ? 'Run finished'
            : audit.phase === 'evaluating'
              ? 'Evaluating the checks'
              : 'Probing'}
        </h2>
        <span className="progress-figure" data-testid="progress-percent">
          {percent} %
        </span>
      </div>
      <div
        className="progressbar"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${audit.done} of ${audit.total} probes done`}
      >
        <div className="progressbar-fill" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      <p className="muted small">
        {audit.done} of {plural(audit.total, 'probe')} done, for {plural(audit.checks, 'check')}.
      </p>
      {/* Always one line, so the card keeps its height while the queue drains. */}
      <p className="muted small progress-queued">
        {queued.length > 0
          ? `Queued: ${queued.length} (${[...new Set(queued.map((p) => p.kind))].join(', ')})`
          : 'Queued: none'}
      </p>
      <ol className="probe-list" tabIndex={0} aria-label="Probes">
        {started.map((p) => (
          <ProbeRow key={p.key} p={p} />
        ))}
      </ol>
    </section>
  )
}

/** A later re-probe of one result's check: what it found, in which run, when. */
type Reprobe = { result: CheckResult | undefined; runId: string; at: string }

/** "Re-probed 2 Dec, 18:20: PASS (was FAIL)", or that the subject is gone. */
function ReprobeLine({ reprobe, was }: { reprobe: Reprobe; was: CheckResult }) {
  return (
    <p className="reprobe small" data-testid={`reprobe-${was.fingerprint}`}>
      Re-probed {when(reprobe.at)}:{' '}
      {reprobe.result ? (
        <>
          <ResultBadges status={reprobe.result.status} severity={reprobe.result.severity} />
          {reprobe.result.status !== was.status ? ` (was ${was.status.toUpperCase()})` : ' (unchanged)'}
        </>
      ) : (
        'this subject was not found any more'
      )}
      <span className="muted"> · run {shortRun(reprobe.runId)}</span>
    </p>
  )
}

export function Drawer({
  result,
  runId,
  reprobe,
  onClose,
}: {
  result: CheckResult
  runId: string
  reprobe?: Reprobe | undefined
  onClose: () => void
}) {
  // Derived values, not the live audit itself: a progress event then re-renders only what it changed.
  const { info, observations, loadObservation, running, reprobing, startAudit } = useStore(
    useShallow((s) => ({
      info: s.info,
      observations: s.observations,
      loadObservation: s.loadObservation,
      running: isRunning(s),
      reprobing: s.audit?.reprobing,
      startAudit: s.startAudit,
    })),
  )
  const keys = [...new Set(result.evidence.map((e) => e.observation).filter((k): k is string => Boolean(k)))]
  const joined = keys.join('\n')
  useEffect(() => {
    for (const k of joined.split('\n').filter(Boolean)) void loadObservation(runId, k)
  }, [runId, joined, loadObservation])
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [result.fingerprint])
  const check = info?.checks.find((c) => c.id === result.check)
  const highlight = result.evidence.map((e) => e.value ?? '').filter(Boolean)
  return (
    <aside
      className="drawer"
      role="region"
      aria-labelledby="drawer-h"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="drawer-head">
        <ResultBadges status={result.status} severity={result.severity} />
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the finding">
          ×
        </button>
      </div>
      <h2 id="drawer-h" tabIndex={-1} ref={heading}>
        {result.title}
      </h2>
      <p className="mono small">
        {result.subject} · {result.check} v{result.checkVersion} · run {shortRun(runId)}
      </p>
      {reprobe ? <ReprobeLine reprobe={reprobe} was={result} /> : null}
      {check && check.mode !== 'manual' ? (
        <p>
          <button
            type="button"
            className="button button--secondary"
            disabled={running}
            onClick={() => void startAudit([result.stage], [result.check])}
          >
            {running && reprobing?.includes(result.check) ? 'Re-probing…' : `Re-probe ${result.check}`}
          </button>{' '}
          <span className="muted small">
            Runs only this check again, on all its subjects. The stage's run and the pack stay as they are
            until the stage is run again.
          </span>
        </p>
      ) : null}
      <h3 className="small-heading">Why</h3>
      <p>{result.summary}</p>
      {check?.purpose ? <p className="muted small">{check.purpose}</p> : null}
      <h3 className="small-heading">Evidence</h3>
      {result.evidence.length === 0 ? <p className="muted">This result carries no evidence lines.</p> : null}
      <dl className="kv evidence-lines">
        {result.evidence.map((e, i) => (
          <div key={i} className="kv-row">
            <dt>{e.label}</dt>
            <dd className="mono">
              {e.value ?? ''}
              {e.sha256 ? <span className="muted"> · SHA-256 {e.sha256.slice(0, 16)}…</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {keys.map((k) => {
        const obs = observations[`${runId} ${k}`]
        return obs ? (
          <ObservationView key={k} obs={obs} highlight={highlight} />
        ) : (
          <p key={k} className="muted">
            Loading {k}…
          </p>
        )
      })}
      <h3 className="small-heading">What to do</h3>
      <p>{result.remediation}</p>
      <p className="muted small">
        Everything above is as recorded, with secrets redacted by Handover before it was stored.
      </p>
    </aside>
  )
}

function Attestation({ checkId }: { checkId: string }) {
  const { info, attestations, attest } = useStore(
    useShallow((s) => ({ info: s.info, attestations: s.attestations, attest: s.attest })),
  )
  const check = info?.checks.find((c) => c.id === checkId)
  const saved = attestations.filter((a) => a.check === checkId).at(-1)
  const [status, setStatus] = useState<'pass' | 'fail' | 'not-applicable' | ''>('')
  const [note, setNote] = useState('')
  const [file, setFile] = useState<File | undefined>()
  const [busy, setBusy] = useState(false)
  if (!check) return null
  const question = check.outcomes.find((o) => o.id === 'awaiting')?.summary ?? check.purpose
  const needsNote = status === 'fail' || status === 'not-applicable'
  const id = `att-${check.id}`
  return (
    <form
      className="card attestation"
      aria-labelledby={`${id}-h`}
      onSubmit={async (e) => {
        e.preventDefault()
        if (!status) return
        setBusy(true)
        const ok = await attest({
          check: check.id,
          status,
          note,
          ...(file ? { evidence: await toUpload(file) } : {}),
        })
        setBusy(false)
        if (ok) {
          setStatus('')
          setNote('')
          setFile(undefined)
        }
      }}
    >
      <div className="card-head">
        <h3 id={`${id}-h`}>{check.name}</h3>
        {saved ? (
          <Badge
            family="status"
            value={saved.status === 'pass' ? 'pass' : saved.status === 'fail' ? 'fail' : 'skipped'}
            label={`ANSWERED ${saved.status.replace('-', ' ').toUpperCase()}`}
          />
        ) : (
          <Badge family="status" value="manual" />
        )}
      </div>
      <p>{question}</p>
      {saved ? (
        <p className="muted small">
          Answered {saved.status} by {saved.by}, {when(saved.at)}
          {saved.note ? ` — “${saved.note}”` : ''}
          {saved.evidence ? ` · evidence ${saved.evidence.file}` : ''}. Answer again to replace it.
        </p>
      ) : null}
      <fieldset className="radios">
        <legend className="visually-hidden">Answer for {check.name}</legend>
        {(['pass', 'fail', 'not-applicable'] as const).map((s) => (
          <label key={s} className="radio">
            <input
              type="radio"
              name={`${id}-status`}
              value={s}
              checked={status === s}
              onChange={() => setStatus(s)}
            />{' '}
            {s === 'pass' ? 'In place' : s === 'fail' ? 'Not in place' : 'Not applicable'}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Note{needsNote ? ' (required)' : ''}</span>
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          required={needsNote}
          aria-required={needsNote}
        />
      </label>
      <label className="field">
        <span>Evidence file (optional)</span>
        <input type="file" onChange={(e) => setFile(e.target.files?.[0])} />
      </label>
      <button
        type="submit"
        className="button button--secondary"
        disabled={!status || busy || (needsNote && !note.trim())}
      >
        Save answer
      </button>
    </form>
  )
}

/** The stage screen. */
export function StageScreen({ stage }: { stage: Stage }) {
  // Whether this stage's live progress shows, not the live audit: its events re-render only the progress card.
  const { info, ws, runs, report, route, navigate, loadStage, loadRun, showProgress } = useStore(
    useShallow((s) => ({
      info: s.info,
      loadRun: s.loadRun,
      ws: s.workspace,
      runs: s.runs,
      report: s.report,
      route: s.route,
      navigate: s.navigate,
      loadStage: s.loadStage,
      showProgress: Boolean(s.audit && (!s.audit.stages || s.audit.stages.includes(stage))),
    })),
  )
  const runId = ws?.latestByStage[stage]
  useEffect(() => {
    void loadStage(stage)
  }, [stage, runId, loadStage])
  const meta = info?.stages.find((s) => s.stage === stage)
  const checks = info?.checks.filter((c) => c.stage === stage) ?? []
  const run = runId ? runs[runId] : undefined
  const results = useMemo(() => run?.results.filter((r) => r.stage === stage) ?? [], [run, stage])
  // Re-probes of single checks made after the stage's run, oldest first, so the newest one wins.
  const reprobeIds = (ws?.runs ?? [])
    .filter(
      (r) =>
        r.checks &&
        r.status === 'complete' &&
        run &&
        r.startedAt > run.startedAt &&
        (r.stages === 'all' || r.stages.includes(stage)),
    )
    .map((r) => r.id)
  const reprobeKey = reprobeIds.join(' ')
  useEffect(() => {
    for (const id of reprobeKey.split(' ').filter(Boolean)) void loadRun(id)
  }, [reprobeKey, loadRun])
  const reprobes = useMemo(() => {
    const by: Record<string, Reprobe> = {}
    for (const id of reprobeKey.split(' ').filter(Boolean)) {
      const again = runs[id]
      if (!again) continue
      const checked = new Set(again.selection.checks ?? [])
      for (const r of results.filter((x) => checked.has(x.check)))
        by[r.fingerprint] = {
          result: again.results.find((x) => x.fingerprint === r.fingerprint),
          runId: id,
          at: again.startedAt,
        }
    }
    return by
  }, [reprobeKey, runs, results])
  const automated = checks.filter((c) => c.mode !== 'manual')
  const manual = checks.filter((c) => c.mode === 'manual' || c.mode === 'hybrid')
  const notRun = automated.filter((c) => !results.some((r) => r.check === c.id))
  const active = automated.filter((c) => c.family)
  const consent = (ws?.engagement.scope as { active?: string[] } | undefined)?.active ?? []
  const selected = route.finding ? results.find((r) => r.fingerprint === route.finding) : undefined
  const list = useRef<HTMLDivElement>(null)
  const deliverables = report?.deliverables.items.filter((d) => d.stage === stage) ?? []
  if (!meta) return null
  const onKeys = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!['ArrowDown', 'ArrowUp', 'j', 'k'].includes(e.key)) return
    const rows = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.result-row') ?? [])]
    const at = rows.indexOf(document.activeElement as HTMLButtonElement)
    const next = rows[e.key === 'ArrowDown' || e.key === 'j' ? at + 1 : Math.max(0, at - 1)]
    if (next) {
      e.preventDefault()
      next.focus()
    }
  }
  return (
    <div className={`screen stage ${selected ? 'stage--with-drawer' : ''}`}>
      <div className="stage-main">
        <div className="screen-head">
          <div>
            <p className="eyebrow">
              Stage {meta.stage} · hours {meta.hours}
            </p>
            <h1>{meta.name}</h1>
            <p className="lead">{meta.goal}</p>
          </div>
          <RunButton stage={stage} />
        </div>
        <div className="columns columns--brief">
          <section className="card" aria-labelledby="looks-h">
            <h2 id="looks-h" className="small-heading">
              What this stage looks at
            </h2>
            <ul className="bullets">
              {meta.looksAt.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </section>
          <section className="card card--warning" aria-labelledby="signals-h">
            <h2 id="signals-h" className="small-heading">
              You are in trouble if…
            </h2>
            <ul className="bullets">
              {meta.failureSignals.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </section>
        </div>
        <p className="run-plan muted">
          {plural(automated.length, 'automated check')}
          {active.length > 0
            ? ` (${active.length} active: ${active.map((c) => `${c.id} ${consent.includes(c.family!) ? 'consented' : 'needs consent'}`).join(', ')})`
            : ''}{' '}
          · {plural(manual.length, 'manual check')}
          {run
            ? ` · last run ${shortRun(run.id)}, ${when(run.startedAt)}, ${Math.round(run.timings.totalMs / 100) / 10} s`
            : ' · not run yet'}
        </p>
        <details className="card stage-checks">
          <summary>
            The checks of this stage: {plural(automated.length, 'automated', 'automated')},{' '}
            {plural(manual.length, 'manual', 'manual')}
          </summary>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Mode</th>
                <th scope="col">What it looks for</th>
              </tr>
            </thead>
            <tbody>
              {[...automated, ...manual.filter((m) => !automated.includes(m))].map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.name}
                    <div className="mono muted small">
                      {c.id} v{c.version}
                    </div>
                  </td>
                  <td>
                    {c.mode}
                    {c.family ? (
                      <div className="muted small">
                        {c.family}: {consent.includes(c.family) ? 'consented' : 'needs consent'}
                      </div>
                    ) : null}
                  </td>
                  <td className="small">{c.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {showProgress ? <Progress /> : null}
        <section aria-labelledby="results-h">
          <h2 id="results-h">Results</h2>
          {!run ? (
            <p className="card empty">
              No run has covered this stage yet. Run stage {stage} to probe its{' '}
              {plural(automated.length, 'check')}.
            </p>
          ) : null}
          <div ref={list} onKeyDown={onKeys}>
            {groups(results.filter((r) => r.status !== 'manual')).map((g) => (
              <ResultGroup key={g.id} group={g}>
                <ul className="results">
                  {[...new Set(g.results.map((r) => r.check))].map((checkId) => {
                    const rows = g.results.filter((r) => r.check === checkId)
                    const name = info?.checks.find((c) => c.id === checkId)?.name ?? checkId
                    return (
                      <li key={checkId} className="result-group">
                        <p className="result-check">
                          {name} <span className="mono muted small">{checkId}</span>
                          {rows.length > 1 ? (
                            <span className="muted small"> · {plural(rows.length, 'subject')}</span>
                          ) : null}
                        </p>
                        <ul>
                          {rows.map((r) => (
                            <li key={r.fingerprint}>
                              <button
                                type="button"
                                className="result-row"
                                aria-current={selected?.fingerprint === r.fingerprint ? 'true' : undefined}
                                onClick={() => navigate({ screen: 'stage', stage, finding: r.fingerprint })}
                              >
                                <ResultBadges status={r.status} severity={r.severity} />
                                <span className="result-title">{r.title}</span>
                                <span className="result-subject mono">{r.subject}</span>
                              </button>
                              {reprobes[r.fingerprint] ? (
                                <ReprobeLine reprobe={reprobes[r.fingerprint]!} was={r} />
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      </li>
                    )
                  })}
                </ul>
              </ResultGroup>
            ))}
          </div>
          {run && notRun.length > 0 ? (
            <p className="muted small">
              Not in the last run: {notRun.map((c) => c.id).join(', ')} — run the stage again to include{' '}
              {notRun.length === 1 ? 'it' : 'them'}.
            </p>
          ) : null}
        </section>
        {manual.length > 0 ? (
          <section aria-labelledby="manual-h">
            <h2 id="manual-h">Manual checks to answer</h2>
            <div className="cards">
              {manual.map((c) => (
                <Attestation key={c.id} checkId={c.id} />
              ))}
            </div>
          </section>
        ) : null}
        {deliverables.length > 0 ? (
          <section aria-labelledby="deliv-h">
            <h2 id="deliv-h">Deliverables of this stage</h2>
            <div className="cards">
              {deliverables.map((d) => (
                <div key={d.id} className="card deliverable-card">
                  <div className="card-head">
                    <h3>{d.title}</h3>
                    <Badge family="deliverable" value={d.status} />
                  </div>
                  <p className="muted small">{d.why}</p>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => navigate({ screen: 'deliverables' })}
                  >
                    Open in Deliverables →
                  </button>
                </div>
              ))}
            </div>
          </section>
        ) : null}
      </div>
      {selected && run ? (
        <Drawer
          result={selected}
          runId={run.id}
          reprobe={reprobes[selected.fingerprint]}
          onClose={() => navigate({ screen: 'stage', stage })}
        />
      ) : null}
    </div>
  )
}
