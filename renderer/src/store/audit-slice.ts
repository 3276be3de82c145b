// The audit slice: start, cancel, and the live progress list (merged from throttled events, one set per event).
import type { StateCreator } from 'zustand'
import type { Stage } from '../../../src/core/types'
import type { AuditProgress, ProbeProgress } from '../../../main/contract'
import { bridge } from '../api'
import type { Store } from './index'

/** The run in progress, as the progress list shows it. */
export interface LiveAudit {
  runId: string
  stages?: Stage[]
  /** Set for a re-probe of single checks: their ids. */
  reprobing?: string[]
  phase: AuditProgress['phase']
  done: number
  total: number
  checks: number
  probes: Record<string, ProbeProgress>
  order: string[]
  startedAt: number
  lastMilestone: number
}

/** The live audit, and the last finished one's summary line. */
export interface AuditSlice {
  audit?: LiveAudit
  lastAudit?: { runId: string; status: string; seconds: number; stages?: Stage[] }
  /** Runs `stages` (all when absent), or re-probes only `checks` within them. */
  startAudit(stages?: Stage[], checks?: string[]): Promise<void>
  cancelAudit(): Promise<void>
  subscribe(): () => void
}

export const createAuditSlice: StateCreator<Store, [], [], AuditSlice> = (set, get) => ({
  async startAudit(stages, checks) {
    performance.mark('handover:audit-start')
    const started = await bridge()!.startAudit(stages, checks)
    if (!started.ok) return get().notify(started.error.message, 'error')
    set((s) => ({
      audit:
        s.audit?.runId === started.value.runId
          ? { ...s.audit, ...(stages ? { stages } : {}), ...(checks ? { reprobing: checks } : {}) }
          : {
              runId: started.value.runId,
              ...(stages ? { stages } : {}),
              ...(checks ? { reprobing: checks } : {}),
              phase: 'planned',
              done: 0,
              total: 0,
              checks: 0,
              probes: {},
              order: [],
              startedAt: Date.now(),
              lastMilestone: 0,
            },
    }))
    get().announce(
      checks
        ? `Re-probe of ${checks.join(', ')} started`
        : stages
          ? `Stage ${stages.join(', ')} started`
          : 'Full audit started',
    )
  },
  async cancelAudit() {
    const cancelled = await bridge()!.cancelAudit()
    if (cancelled.ok && cancelled.value) get().notify('Cancelling: the probes already made are kept.')
  },
  subscribe() {
    const api = bridge()
    if (!api) return () => undefined
    const offProgress = api.onProgress((p) => {
      const current = get().audit
      const base: LiveAudit =
        current && current.runId === p.runId
          ? current
          : {
              runId: p.runId,
              phase: p.phase,
              done: 0,
              total: 0,
              checks: 0,
              probes: {},
              order: [],
              startedAt: Date.now(),
              lastMilestone: 0,
            }
      const probes = { ...base.probes }
      const order = [...base.order]
      for (const row of p.changed) {
        if (!probes[row.key]) order.push(row.key)
        probes[row.key] = row
      }
      const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0
      const milestone = Math.floor(percent / 25) * 25
      set({
        audit: {
          ...base,
          phase: p.phase,
          done: p.done,
          total: p.total,
          checks: p.checks,
          probes,
          order,
          lastMilestone: Math.max(base.lastMilestone, milestone),
        },
      })
      if (milestone > base.lastMilestone && milestone < 100) get().announce(`${milestone} % of probes done`)
    })
    const offFinished = api.onFinished((f) => {
      // Marks the end of the run for responsiveness measurements (bench/ui, the e2e long-task count).
      performance.mark('handover:audit-finished')
      const audit = get().audit
      const seconds = audit ? Math.round((Date.now() - audit.startedAt) / 100) / 10 : 0
      set((s) => ({
        lastAudit: {
          runId: f.runId,
          status: f.status,
          seconds,
          ...(s.audit?.stages ? { stages: s.audit.stages } : {}),
        },
        audit: s.audit ? { ...s.audit, phase: 'finished', done: s.audit.total } : undefined,
      }))
      get().applyState(f.state)
      const run = f.state.runs.find((r) => r.id === f.runId)
      const summary = run
        ? `${run.counts.fail} fail, ${run.counts.warn} warn, ${run.counts.pass} pass`
        : f.status
      get().announce(`Run finished: ${summary}`)
      get().notify(`Run ${f.runId} ${f.status}: ${summary}.`)
      setTimeout(() => {
        if (get().audit?.runId === f.runId) set({ audit: undefined })
      }, 1500)
    })
    const offCommand = api.onCommand((c) => {
      if (c.command === 'opened') get().applyState(c.state)
      else if (c.command === 'toggle-theme') get().setTheme(get().theme === 'dark' ? 'light' : 'dark')
      else if (c.command === 'verify-pack') get().navigate({ screen: 'verify' })
      else get().navigate({ screen: 'setup' })
    })
    return () => {
      offProgress()
      offFinished()
      offCommand()
    }
  },
})
