// The run-history strip (issue 11): `runs:history` lists every stored run oldest first with its scope (the pack's
// coverage), its counts and its drift from the accepted baseline. The runs are the real engine's, over answers a
// person gave (no probe, so nothing is contacted); the full-scope case is a stored run without a selection.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunHistory } from '../../main/contract'
import { historyEntry, runHistory } from '../../main/service/history'
import { WizardService } from '../../main/service/service'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Workspace } from '../../src/store/workspace'
import { result, runWith } from '../fixtures/report/load'
import { offlineWorkspace } from '../store/support'

const ANSWERED = ['handover.rollback', 'handover.ownership']

describe('the run history (runs:history)', () => {
  const dir = offlineWorkspace('handover-history-')
  const credentials = new MemoryCredentials()
  const service = new WizardService({
    host: 'web',
    credentials,
    stateDir: path.join(dir, '.state'),
    emit: () => undefined,
  })
  const history = async (): Promise<RunHistory> => {
    const got = await service.dispatch('runs:history', [])
    expect(got.ok, JSON.stringify(got)).toBe(true)
    return (got as { value: RunHistory }).value
  }
  /** One real engine run of the two answered checks, after answering handover.rollback with `status`. */
  async function answeredRun(status: 'pass' | 'fail'): Promise<string> {
    const saved = await service.dispatch('attest:save', [
      {
        check: 'handover.rollback',
        status,
        note: status === 'pass' ? 'Runbook in RUNBOOK.md' : 'No runbook',
      },
    ])
    expect(saved.ok, JSON.stringify(saved)).toBe(true)
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    const run = await runAudit({ workspace: ws.value, selection: { checks: ANSWERED }, credentials })
    expect(run.status).toBe('complete')
    return run.id
  }

  beforeAll(async () => {
    expect(await service.dispatch('runs:history', [])).toMatchObject({
      ok: false,
      error: { code: 'NO_WORKSPACE' },
    })
    const opened = await service.dispatch('workspace:open', [dir])
    expect(opened.ok, JSON.stringify(opened)).toBe(true)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('takes no arguments, as the contract says', async () => {
    expect(await service.dispatch('runs:history', ['latest'])).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_ARGS' },
    })
  })

  it('lists the runs oldest first, marks the baseline and counts the regressions and fixes since it', async () => {
    expect(await history()).toEqual({ runs: [], problems: [] })
    const first = await answeredRun('pass')
    const before = await history()
    expect(before.baseline).toBeUndefined()
    expect(before.runs).toHaveLength(1)
    expect(before.runs[0]).toMatchObject({ id: first, scope: 'partial', baseline: false, stages: [7] })
    expect(before.runs[0]!.vsBaseline).toBeUndefined()
    expect(before.runs[0]!.coverage).toMatch(/^Partial run: only stage 7 \(2 of \d+ checks\)/)

    // The person accepts the partial run as the baseline (the dialog's "accept anyway").
    const accepted = await service.dispatch('baseline:accept', [first, { partial: true }])
    expect(accepted.ok, JSON.stringify(accepted)).toBe(true)
    const broken = await answeredRun('fail')
    const repaired = await answeredRun('pass')

    const h = await history()
    expect(h.baseline).toBe(first)
    expect(h.problems).toEqual([])
    expect(h.runs.map((r) => r.id)).toEqual([first, broken, repaired])
    expect(h.runs.map((r) => r.baseline)).toEqual([true, false, false])
    const [base, worse, better] = h.runs
    expect(base!.vsBaseline).toBeUndefined()
    expect(base!.counts.pass).toBeGreaterThanOrEqual(1)
    // The rollback answer went from "in place" to "not in place": one regression, and the run says fail.
    expect(worse!.counts.fail).toBe(base!.counts.fail + 1)
    expect(worse!.vsBaseline).toEqual({ regressed: 1, fixed: 0, new: 0, regressions: 1 })
    expect(worse!.launchReady).toBe(false)
    // Answered "in place" again: back to the baseline, nothing regressed or fixed.
    expect(better!.vsBaseline).toEqual({ regressed: 0, fixed: 0, new: 0, regressions: 0 })
    expect(better!.counts).toEqual(base!.counts)
    for (const r of h.runs) {
      expect(r.checks).toEqual(ANSWERED)
      expect(r.status).toBe('complete')
      expect(r.finishedAt! >= r.startedAt).toBe(true)
    }
    // The strip agrees with the regressions screen's own diff of the same two runs.
    const diff = await service.dispatch('diff:get', ['baseline', worse!.id])
    expect(diff).toMatchObject({ ok: true, value: { diff: { counts: { regressed: 1 } } } })
  })
})

describe('a history entry', () => {
  const catalogue = [
    { id: 'tls.cert-valid', stage: 4 as const },
    { id: 'dns.caa', stage: 1 as const },
  ]
  const pass = result({ check: 'tls.cert-valid', status: 'pass', stage: 4 })
  const caa = result({ check: 'dns.caa', status: 'pass' })

  it('is full for a complete run of every check, partial for a subset or a cancelled run', () => {
    const full = runWith([pass, caa], { id: 'a', selection: {} })
    expect(historyEntry(full, undefined, catalogue)).toMatchObject({
      scope: 'full',
      stages: [1, 4],
      errored: 0,
    })
    const subset = runWith([pass], { id: 'b', selection: { stages: [4] } })
    expect(historyEntry(subset, undefined, catalogue)).toMatchObject({ scope: 'partial', stages: [4] })
    const cancelled = runWith([pass, caa], { id: 'c', status: 'cancelled' })
    expect(historyEntry(cancelled, undefined, catalogue).scope).toBe('partial')
  })

  it('counts an error as could-not-observe and a new failure as a regression, and says when the baseline is gone', () => {
    const base = runWith([pass], { id: 'base', startedAt: '2025-01-01T00:00:00.000Z' })
    const later = runWith(
      [
        result({ check: 'tls.cert-valid', status: 'error', stage: 4 }),
        result({ check: 'dns.caa', status: 'fail' }),
      ],
      { id: 'later', startedAt: '2025-01-02T00:00:00.000Z' },
    )
    const h = runHistory([later, base], 'base', [], catalogue)
    expect(h.runs.map((r) => r.id)).toEqual(['base', 'later'])
    expect(h.runs[1]).toMatchObject({
      errored: 1,
      vsBaseline: { regressed: 1, new: 1, fixed: 0, regressions: 2 },
    })
    const orphan = runHistory([later], 'base', [], catalogue)
    expect(orphan.problems).toEqual(["The baseline's run base is not among the stored runs."])
    expect(orphan.runs[0]!.vsBaseline).toBeUndefined()
  })
})
