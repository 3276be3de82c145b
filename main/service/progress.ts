// Audit progress, coalesced: the runner reports every probe, the renderer gets at most one event per interval
// carrying only the probes that changed (UI-NOTES pitfall 5: one set() per request floods the renderer).
import type { ProgressEvent } from '../../src/engine/runner'
import type { ProbeRequest } from '../../src/probes/probe'
import type { AuditProgress, ProbeProgress } from '../contract'

/** Collects runner events and flushes them to `send` no more often than every `intervalMs`. */
export class ProgressThrottle {
  private readonly changed = new Map<string, ProbeProgress>()
  private timer: NodeJS.Timeout | undefined
  private last = 0
  private state: Omit<AuditProgress, 'changed'>

  constructor(
    runId: string,
    private readonly send: (progress: AuditProgress) => void,
    private readonly intervalMs = 100,
  ) {
    this.state = { runId, phase: 'planned', done: 0, total: 0, checks: 0 }
  }

  /** Announces the whole plan as queued, so the list is complete before the first probe starts. */
  plan(plan: readonly ProbeRequest[], checks: number): void {
    this.state = { ...this.state, phase: 'probing', total: plan.length, checks }
    for (const p of plan)
      this.changed.set(p.key, { key: p.key, kind: p.kind, subject: p.subject, state: 'queued' })
    this.flush()
  }

  /** Takes one runner event; a flush is scheduled, not sent at once. */
  take(event: ProgressEvent): void {
    if (event.type === 'planned') {
      this.state = { ...this.state, runId: event.runId, total: event.probes, checks: event.checks }
      return
    }
    if (event.type === 'probe-started') {
      this.changed.set(event.key, {
        key: event.key,
        kind: event.kind,
        subject: event.subject,
        state: 'running',
      })
    } else if (event.type === 'probe-finished') {
      this.state = { ...this.state, done: event.done, total: event.total }
      this.changed.set(event.key, {
        key: event.key,
        kind: event.kind,
        subject: event.subject,
        state: event.ok ? 'done' : 'error',
        durationMs: event.durationMs,
        ...(event.code ? { code: event.code } : {}),
      })
    } else {
      this.state = { ...this.state, phase: 'evaluating' }
    }
    this.schedule()
  }

  /** Sends the final state at once and stops the timer. */
  finish(): void {
    this.state = { ...this.state, phase: 'finished', done: this.state.total }
    this.flush()
  }

  private schedule(): void {
    if (this.timer) return
    const wait = Math.max(0, this.last + this.intervalMs - Date.now())
    this.timer = setTimeout(() => this.flush(), wait)
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.last = Date.now()
    this.send({ ...this.state, changed: [...this.changed.values()] })
    this.changed.clear()
  }
}
