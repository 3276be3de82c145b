// The workspace slice: the open engagement, its runs, the report model, attestations and the baseline diff.
// Every engine call lives in an action here, never in a component.
import type { StateCreator } from 'zustand'
import type { Attestation, Stage } from '../../../src/core/types'
import { bridge, type ValueOf } from '../api'
import type { Store } from './index'

type State = ValueOf<'state'>
type RunView = ValueOf<'run'>
type Report = ValueOf<'report'>
type DiffView = ValueOf<'diff'>
type History = ValueOf<'history'>

/** The open engagement and what has been loaded of it. */
export interface WorkspaceSlice {
  workspace?: State
  noWorkspace?: string
  recent: string[]
  runs: Record<string, RunView>
  /** The report model of the latest complete run (the same model the signed pack is built from). */
  report?: Report
  reportError?: string
  attestations: Attestation[]
  /** Baseline → latest. */
  diff?: DiffView
  diffError?: string
  observations: Record<string, ValueOf<'observation'>>
  /** Every run over time with its scope and its drift from the baseline (the overview's strip). */
  history?: History
  /** Baseline → a run opened from the strip, by run id. */
  runDiffs: Record<string, DiffView>
  refreshHistory(): Promise<void>
  loadRunDiff(runId: string): Promise<void>
  boot(): Promise<void>
  applyState(state: State): void
  openWorkspace(dir: string): Promise<boolean>
  loadRun(id: string): Promise<RunView | undefined>
  loadStage(stage: Stage): Promise<void>
  refreshReport(): Promise<void>
  refreshDiff(): Promise<void>
  loadObservation(runId: string, key: string): Promise<void>
  acceptBaseline(runId: string, partial?: boolean): Promise<void>
  attest(input: Parameters<NonNullable<ReturnType<typeof bridge>>['attest']>[0]): Promise<boolean>
  setDeliverableNote(deliverable: string, key: string, text: string): Promise<boolean>
  setDemoMode(mode: 'flawed' | 'fixed'): Promise<void>
  validateEngagement(draft: Record<string, unknown>): Promise<ValueOf<'validateEngagement'>>
  saveEngagement(dir: string, draft: Record<string, unknown>, create: boolean): Promise<boolean>
  pickFolder(): Promise<string | null>
}

export const createWorkspaceSlice: StateCreator<Store, [], [], WorkspaceSlice> = (set, get) => ({
  recent: [],
  runs: {},
  attestations: [],
  observations: {},
  runDiffs: {},
  async boot() {
    const api = bridge()
    if (!api) return
    await get().loadInfo()
    const [state, recent] = await Promise.all([api.state(), api.recent()])
    if (recent.ok) set({ recent: recent.value })
    if (state.ok) get().applyState(state.value)
    else {
      set({ noWorkspace: state.error.message })
      get().navigate({ screen: 'setup' })
    }
  },
  applyState(state) {
    const changed = get().workspace?.dir !== state.dir
    set({
      workspace: state,
      noWorkspace: undefined,
      ...(changed
        ? { runs: {}, observations: {}, report: undefined, diff: undefined, history: undefined }
        : {}),
      // The baseline may have moved: every run's comparison with it is stale.
      runDiffs: {},
    })
    void get().refreshHistory()
    void get().refreshReport()
    void get().refreshDiff()
    void bridge()
      ?.attestations()
      .then((a) => a.ok && set({ attestations: a.value }))
    const stage = get().route.stage
    if (stage) void get().loadStage(stage)
  },
  async openWorkspace(dir) {
    const opened = await bridge()!.open(dir)
    if (!opened.ok) {
      get().notify(opened.error.message, 'error')
      return false
    }
    get().applyState(opened.value)
    const recent = await bridge()!.recent()
    if (recent.ok) set({ recent: recent.value })
    get().navigate({ screen: 'overview' })
    get().announce(`Opened ${opened.value.name}`)
    return true
  },
  async loadRun(id) {
    const cached = get().runs[id]
    if (cached) return cached
    const run = await bridge()!.run(id)
    if (!run.ok) {
      get().notify(run.error.message, 'error')
      return undefined
    }
    set((s) => ({ runs: { ...s.runs, [id]: run.value } }))
    return run.value
  },
  async loadStage(stage) {
    const id = get().workspace?.latestByStage[stage]
    if (id) await get().loadRun(id)
  },
  async refreshReport() {
    const ws = get().workspace
    if (!ws?.latest) return set({ report: undefined, reportError: undefined })
    const report = await bridge()!.report(ws.latest)
    set(report.ok ? { report: report.value, reportError: undefined } : { reportError: report.error.message })
  },
  async refreshDiff() {
    const ws = get().workspace
    if (!ws?.baseline || !ws.latest) return set({ diff: undefined, diffError: undefined })
    const diff = await bridge()!.diff('baseline', ws.latest)
    set(diff.ok ? { diff: diff.value, diffError: undefined } : { diffError: diff.error.message })
  },
  async refreshHistory() {
    const history = await bridge()!.history()
    if (history.ok) set({ history: history.value })
    else get().notify(history.error.message, 'error')
  },
  async loadRunDiff(runId) {
    if (get().runDiffs[runId] || !get().workspace?.baseline) return
    const diff = await bridge()!.diff('baseline', runId)
    if (diff.ok) set((s) => ({ runDiffs: { ...s.runDiffs, [runId]: diff.value } }))
    else get().notify(diff.error.message, 'error')
  },
  async loadObservation(runId, key) {
    const id = `${runId} ${key}`
    if (get().observations[id]) return
    const obs = await bridge()!.observation(runId, key)
    if (obs.ok) set((s) => ({ observations: { ...s.observations, [id]: obs.value } }))
    else get().notify(obs.error.message, 'error')
  },
  async acceptBaseline(runId, partial = false) {
    const accepted = await bridge()!.acceptBaseline(runId, partial)
    if (!accepted.ok) return get().notify(accepted.error.message, 'error')
    get().applyState(accepted.value)
    get().notify(`Run ${runId} is now the release baseline.`)
    get().announce(`Run ${runId} accepted as the baseline`)
  },
  async attest(input) {
    const saved = await bridge()!.attest(input)
    if (!saved.ok) {
      get().notify(saved.error.message, 'error')
      return false
    }
    set((s) => ({
      attestations: [...s.attestations.filter((a) => a.check !== saved.value.check), saved.value],
    }))
    get().announce('Attestation saved')
    get().notify('Answer saved. The next run of this stage records it in the results.')
    return true
  },
  async setDeliverableNote(deliverable, key, text) {
    const saved = await bridge()!.setDeliverableNote(deliverable, key, text)
    if (!saved.ok) {
      get().notify(saved.error.message, 'error')
      return false
    }
    await get().refreshReport()
    get().announce('Note saved')
    return true
  },
  async validateEngagement(draft) {
    const issues = await bridge()!.validateEngagement(draft)
    return issues.ok ? issues.value : [{ path: [], message: issues.error.message }]
  },
  async saveEngagement(dir, draft, create) {
    const saved = await bridge()!.saveEngagement(dir, draft, create)
    if (!saved.ok) {
      get().notify(saved.error.message, 'error')
      return false
    }
    get().applyState(saved.value)
    const recent = await bridge()!.recent()
    if (recent.ok) set({ recent: recent.value })
    get().notify(create ? `Created ${saved.value.name} in ${saved.value.dir}.` : 'Engagement saved.')
    if (create) get().navigate({ screen: 'overview' })
    get().announce('Engagement saved')
    return true
  },
  async pickFolder() {
    const picked = await bridge()!.pickFolder()
    return picked.ok ? picked.value : null
  },
  async setDemoMode(mode) {
    const state = await bridge()!.setDemoMode(mode)
    if (!state.ok) return get().notify(state.error.message, 'error')
    get().applyState(state.value)
    get().notify(
      mode === 'fixed'
        ? 'The demo lab now serves the repaired portal. Run a stage to see the fixes.'
        : 'The demo lab now serves the flawed portal again. Run a stage to see what regressed.',
    )
  },
})
