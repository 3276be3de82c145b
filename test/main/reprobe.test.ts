// Re-probing one check from its stage screen (issue 11): `audit:start` with `checks` runs only those checks on all
// their subjects, against the real lab; the partial run is listed with its checks and never replaces the stage's
// run nor the pack's latest run; an unknown or a manual check is refused before anything is contacted.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunView, WorkspaceState } from '../../main/contract'
import { WizardService } from '../../main/service/service'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { startTestLab, type TestLab } from '../helpers/lab'

describe('re-probing one check from its stage screen', () => {
  let t: TestLab
  let dir: string
  let s: WizardService
  const finished: string[] = []
  const credentials = new MemoryCredentials()

  /** Starts a run and waits for its audit:finished event. */
  async function run(args: { stages?: number[]; checks?: string[] }): Promise<string> {
    const started = await s.dispatch('audit:start', [args])
    expect(started.ok, JSON.stringify(started)).toBe(true)
    const id = (started as { value: { runId: string } }).value.runId
    await expect.poll(() => finished.includes(id), { timeout: 200_000, interval: 100 }).toBe(true)
    return id
  }
  const state = async (): Promise<WorkspaceState> =>
    ((await s.dispatch('workspace:state', [])) as { value: WorkspaceState }).value

  beforeAll(async () => {
    t = await startTestLab('flawed')
    dir = mkdtempSync(path.join(tmpdir(), 'handover-reprobe-'))
    for (const [k, v] of Object.entries(t.lab.credentials())) await credentials.set(k, v)
    s = new WizardService({
      host: 'web',
      credentials,
      stateDir: path.join(dir, 'state'),
      emit: (channel, payload) => {
        if (channel === 'audit:finished') finished.push((payload as { runId: string }).runId)
      },
      progressIntervalMs: 50,
    })
    const opened = await s.dispatch('workspace:open', [t.lab.workspace])
    expect(opened.ok, JSON.stringify(opened)).toBe(true)
  }, 120_000)
  afterAll(async () => {
    await t?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs only the chosen check, sees the repair, and leaves the stage run and the latest run alone', async () => {
    const stageRun = await run({ stages: [4] })
    const before = (await s.dispatch('run:get', [stageRun])) as { value: RunView }
    const expired = before.value.results.find((r) => r.fingerprint === 'tls.cert-valid|help.acme.test:443')
    expect(expired?.status).toBe('fail')

    t.lab.setMode('fixed')
    const connections = t.lab.hosts.reduce((n, h) => n + t.lab.connections(h.name), 0)
    const again = await run({ stages: [4], checks: ['tls.cert-valid'] })
    expect(t.lab.hosts.reduce((n, h) => n + t.lab.connections(h.name), 0)).toBeGreaterThan(connections)
    const view = ((await s.dispatch('run:get', [again])) as { value: RunView }).value
    expect(view.selection.checks).toEqual(['tls.cert-valid'])
    expect(new Set(view.results.map((r) => r.check))).toEqual(new Set(['tls.cert-valid']))
    expect(view.results.length).toBe(before.value.results.filter((r) => r.check === 'tls.cert-valid').length)
    expect(view.results.find((r) => r.fingerprint === 'tls.cert-valid|help.acme.test:443')?.status).toBe(
      'pass',
    )

    const ws = await state()
    expect(ws.runs.find((r) => r.id === again)).toMatchObject({ checks: ['tls.cert-valid'], stages: [4] })
    expect(ws.runs.find((r) => r.id === stageRun)?.checks).toBeUndefined()
    // The partial run stands neither for stage 4 nor for the pack.
    expect(ws.latestByStage[4]).toBe(stageRun)
    expect(ws.latest).toBe(stageRun)
  }, 400_000)

  it("accepts a stage run as the baseline only when the person says it is partial (the CLI's --partial)", async () => {
    const stageRun = (await state()).latestByStage[4]!
    const refused = await s.dispatch('baseline:accept', [stageRun])
    expect(refused).toMatchObject({ ok: false, error: { code: 'RUN_PARTIAL' } })
    expect((refused as { error: { message: string } }).error.message).toMatch(/is a partial run/)
    expect((await state()).baseline).toBeUndefined()
    const accepted = await s.dispatch('baseline:accept', [stageRun, { partial: true }])
    expect(accepted.ok, JSON.stringify(accepted)).toBe(true)
    expect((await state()).baseline?.run).toBe(stageRun)
  })

  it('refuses an unknown check and a manual one before contacting anything', async () => {
    const connections = t.lab.hosts.reduce((n, h) => n + t.lab.connections(h.name), 0)
    expect(await s.dispatch('audit:start', [{ checks: ['tls.nope'] }])).toMatchObject({
      ok: false,
      error: { code: 'CHECK_UNKNOWN', message: 'There is no check named tls.nope.' },
    })
    expect(await s.dispatch('audit:start', [{ checks: ['mail.deliverability'] }])).toMatchObject({
      ok: false,
      error: { code: 'CHECK_NOT_PROBED' },
    })
    expect(await s.dispatch('audit:start', [{ checks: [] }])).toMatchObject({
      ok: false,
      error: { code: 'BRIDGE_ARGS' },
    })
    expect(t.lab.hosts.reduce((n, h) => n + t.lab.connections(h.name), 0)).toBe(connections)
  })
})
