// The sprint overview (UI-NOTES 3.3): the verdict and its reasons first, the 48-hour clock with what is due,
// the minimum bar beside the operational targets, the launch block list, and findings by stage.
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Severity, Stage } from '../../../src/core/types'
import type { LatencyObservation } from '../../../src/monitoring/latency'
import { FindingsByStage, type StageCounts } from '../charts/FindingsByStage'
import { LatencyHistogram } from '../charts/LatencyHistogram'
import { SprintClock, sprintHour } from '../charts/SprintClock'
import { Badge } from '../components/Badge'
import { plural, shortRun, when } from '../components/format'
import { RunHistory } from '../components/RunHistory'
import { useStore } from '../store'
import { RunButton } from './RunButton'

/** The kind of the sampler's observations (src/probes/monitor-latency.ts). */
const LATENCY_KIND = 'monitor.latency'

/** The latency samples of a `monitor.latency` observation (src/monitoring/latency.ts), if it is one. */
export function latencySamples(obs: { kind: string; data?: unknown }): number[] | undefined {
  if (obs.kind !== LATENCY_KIND || !obs.data || typeof obs.data !== 'object') return undefined
  const samples = (obs.data as Partial<LatencyObservation>).samplesMs
  return Array.isArray(samples) && samples.length > 0 ? samples : undefined
}

function Latency() {
  const { ws, runs, observations, loadRun, loadObservation } = useStore(
    useShallow((s) => ({
      ws: s.workspace,
      runs: s.runs,
      observations: s.observations,
      loadRun: s.loadRun,
      loadObservation: s.loadObservation,
    })),
  )
  const runId = ws?.latestByStage[6]
  useEffect(() => {
    if (runId) void loadRun(runId)
  }, [runId, loadRun])
  const run = runId ? runs[runId] : undefined
  const obs = run?.observations.find((o) => o.kind === LATENCY_KIND && !o.error)
  useEffect(() => {
    if (run && obs) void loadObservation(run.id, obs.key)
  }, [run, obs, loadObservation])
  const loaded = run && obs ? observations[`${run.id} ${obs.key}`] : undefined
  const samples = loaded ? latencySamples(loaded) : undefined
  if (!samples) return null
  return (
    <section className="card" aria-labelledby="latency-h">
      <h2 id="latency-h">Core read latency</h2>
      <LatencyHistogram samples={samples} label={obs!.subject} />
    </section>
  )
}

function Clock() {
  const { info, ws, runs } = useStore(useShallow((s) => ({ info: s.info, ws: s.workspace, runs: s.runs })))
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(t)
  }, [])
  if (!info || !ws) return null
  const hour = sprintHour(ws.sprintStart, now)
  const current =
    hour === undefined ? info.windows[0] : info.windows.find((w) => hour >= w.from && hour < w.to)
  const due = (current?.stages ?? []).flatMap((stage) => {
    const id = ws.latestByStage[stage]
    const run = id ? runs[id] : undefined
    const checks = info.checks.filter((c) => c.stage === stage)
    if (!id)
      return [
        {
          key: `s${stage}`,
          stage,
          text: `Stage ${stage} has not run yet (${plural(checks.length, 'check')})`,
        },
      ]
    const waiting = run?.results.filter((r) => r.stage === stage && r.status === 'manual') ?? []
    return waiting.map((r) => ({ key: r.fingerprint, stage, text: `${r.title}` }))
  })
  return (
    <section className="card" aria-labelledby="clock-h">
      <div className="card-head">
        <h2 id="clock-h">The 48-hour clock</h2>
        <p className="muted">
          {hour === undefined
            ? 'The clock starts with the first run.'
            : hour >= 48
              ? `Hour ${Math.floor(hour)}: the 48 hours are over; keep re-running against the baseline.`
              : `Hour ${Math.floor(hour)} of 48 — window ${current?.from}–${current?.to}, since ${when(ws.sprintStart)}`}
        </p>
      </div>
      <SprintClock windows={info.windows} hour={hour} />
      {current ? (
        <div className="due">
          <p>
            <strong>{current.label}:</strong> {current.work}
          </p>
          {due.length > 0 ? (
            <>
              <h3 className="small-heading">Due now</h3>
              <ul className="due-list">
                {due.slice(0, 6).map((d) => (
                  <li key={d.key}>
                    <a
                      href={`#/stage/${d.stage}`}
                      onClick={(e) => (
                        e.preventDefault(),
                        useStore.getState().navigate({ screen: 'stage', stage: d.stage as Stage })
                      )}
                    >
                      Stage {d.stage}
                    </a>{' '}
                    — {d.text}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">Nothing due in this window.</p>
          )}
        </div>
      ) : null}
    </section>
  )
}

/** The overview screen. */
export function Overview() {
  const { info, ws, report, reportError, navigate } = useStore(
    useShallow((s) => ({
      info: s.info,
      ws: s.workspace,
      report: s.report,
      reportError: s.reportError,
      navigate: s.navigate,
    })),
  )
  if (!info) return null
  if (!ws)
    return (
      <div className="screen">
        <h1>Overview</h1>
        <p>No engagement is open. Create one or open a workspace folder under Engagement.</p>
      </div>
    )
  const latest = ws.runs.find((r) => r.id === ws.latest)
  const partial = latest && latest.stages !== 'all'
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info']
  const chart: StageCounts[] = info.stages.map((s) => {
    const counts = Object.fromEntries(severities.map((sev) => [sev, 0])) as Record<Severity, number>
    for (const r of report?.risks.items ?? []) if (r.stage === s.stage) counts[r.severity]++
    return { stage: String(s.stage), label: `${s.stage} · ${s.name}`, ...counts }
  })
  return (
    <div className="screen">
      <div className="screen-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            {ws.name}
            {ws.client ? ` · ${ws.client}` : ''} · {plural(info.checks.length, 'check')} in seven stages
          </p>
        </div>
        <RunButton />
      </div>
      {report ? (
        <section
          className={`verdict ${report.cover.launchReady ? 'verdict--ready' : 'verdict--blocked'}`}
          aria-labelledby="verdict-h"
        >
          <div>
            <h2 id="verdict-h" className="verdict-title">
              {report.cover.verdict}
            </h2>
            <p className="verdict-reason">{report.cover.reason}</p>
            <p className="verdict-meta">
              Run {shortRun(report.cover.runId)} · {when(latest?.startedAt)}
              {partial ? ` · stage ${(latest.stages as Stage[]).join(', ')} only` : ''}
            </p>
          </div>
          <ul className="verdict-counts" aria-label="Results by status">
            {(['fail', 'warn', 'error', 'manual', 'skipped', 'pass'] as const).map((s) => (
              <li key={s}>
                <span className="verdict-count">{report.cover.counts[s]}</span>{' '}
                <Badge family="status" value={s} />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <section className="card empty" aria-labelledby="empty-h">
          <h2 id="empty-h">No run yet</h2>
          <p>
            {reportError ??
              `Run the full audit (${plural(info.checks.length, 'check')}) or one stage at a time from the rail.`}
          </p>
        </section>
      )}
      {partial ? (
        <p className="banner" role="note">
          The latest run covered stage {(latest.stages as Stage[]).join(', ')} only: the other stages read as
          not checked here and in the pack. Run the full audit for the whole verdict.
        </p>
      ) : null}
      <Clock />
      <RunHistory />
      {report ? (
        <>
          <div className="columns">
            <section className="card" aria-labelledby="bar-h">
              <h2 id="bar-h">Minimum bar</h2>
              <ul className="checklist">
                {report.minimumBar.items.map((m) => (
                  <li key={m.item}>
                    <Badge family="bar" value={m.status} />
                    <span>
                      {m.label}
                      <span className="muted small"> · {m.checks.map((c) => c.check).join(', ')}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="targets-h">
              <h2 id="targets-h">Operational targets</h2>
              <ul className="checklist">
                {report.targets.items.map((t) => (
                  <li key={t.id}>
                    <Badge family="target" value={t.status} />
                    <span>
                      {t.label}
                      <span className="muted small"> · {t.detail}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <section className="card" aria-labelledby="blockers-h">
            <div className="card-head">
              <h2 id="blockers-h">Launch block list</h2>
              <button type="button" className="link-button" onClick={() => navigate({ screen: 'register' })}>
                All {report.blockers.items.length} in the risk register →
              </button>
            </div>
            {report.blockers.items.length === 0 ? (
              <p className="muted">{report.blockers.note}</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Ref</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Next step</th>
                  </tr>
                </thead>
                <tbody>
                  {report.blockers.items.slice(0, 8).map((b) => (
                    <tr key={b.ref}>
                      <td className="mono">{b.ref}</td>
                      <td>
                        <Badge family="severity" value={b.severity} />
                      </td>
                      <td>
                        <a
                          href={`#/stage/${b.stage}/${encodeURIComponent(b.fingerprint)}`}
                          onClick={(e) => {
                            e.preventDefault()
                            navigate({ screen: 'stage', stage: b.stage, finding: b.fingerprint })
                          }}
                        >
                          {b.title}
                        </a>
                        <span className="muted small mono"> {b.subject}</span>
                      </td>
                      <td className="small">{b.nextStep}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" aria-labelledby="chart-h">
            <h2 id="chart-h" className="visually-hidden">
              Findings by stage
            </h2>
            <FindingsByStage data={chart} />
          </section>
          <Latency />
        </>
      ) : null}
    </div>
  )
}
