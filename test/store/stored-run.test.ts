// Re-evaluating a stored run reads it back from the workspace: a store that loses observations is caught.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Workspace } from '../../src/store/workspace'
import { hostileWorkspace, startHostile, WEB_CHECKS, type HostileServers } from '../helpers/hostile'
import { reevaluateStored } from './support'

describe('Bug: The stored-run re-evaluation test never reads the store', () => {
  let servers: HostileServers
  let dir: string
  beforeAll(async () => {
    servers = await startHostile('stored.test')
    dir = hostileWorkspace(servers, {
      apex: 'stored.test',
      name: 'Stored run portal',
      subdomains: ['ok'],
      timeouts: { connectMs: 1000, readMs: 2000, totalMs: 4000 },
    })
  })
  afterAll(async () => {
    await servers.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const audit = async (): Promise<Run> => {
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    return runAudit({
      workspace: ws.value,
      credentials: new MemoryCredentials({}),
      selection: { checks: WEB_CHECKS },
    })
  }
  const verdicts = (results: Run['results']): string[] =>
    results.map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`)

  it('gives the audit’s results from the stored run', async () => {
    const run = await audit()
    expect(Object.keys(run.observations).length).toBeGreaterThan(3)
    const { again } = await reevaluateStored(dir, run.id)
    expect(verdicts(again)).toEqual(verdicts(run.results))
  })

  it('no longer gives them when saveRun drops the observations (so the helper does read the store)', async () => {
    const real = Workspace.prototype.saveRun
    const lossy = vi.spyOn(Workspace.prototype, 'saveRun').mockImplementation(function (
      this: Workspace,
      run: Run,
    ) {
      return real.call(this, { ...run, observations: {} })
    })
    try {
      const run = await audit()
      expect(lossy).toHaveBeenCalled()
      const { stored, again } = await reevaluateStored(dir, run.id)
      expect(stored.observations).toEqual({})
      expect(verdicts(again)).not.toEqual(verdicts(run.results))
    } finally {
      lossy.mockRestore()
    }
  })
})
