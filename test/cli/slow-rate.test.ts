// A tiny scope.maxRps: probes waiting for their slot stop with the run, and nothing keeps the process alive after.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { NET } from '../../src/network/codes'
import { Limiter } from '../../src/network/limiter'
import { Workspace } from '../../src/store/workspace'
import { startCli } from '../helpers/cli'
import { offlineWorkspace } from '../store/support'
import { hostileWorkspace, startHostile, WEB_CHECKS, type HostileServers } from '../helpers/hostile'

describe('Bug: A small `scope.maxRps` (0.01 is accepted) keeps the process alive long after the audit printed its summary', () => {
  let servers: HostileServers
  let dir: string
  beforeAll(async () => {
    servers = await startHostile('slow.test')
    dir = hostileWorkspace(servers, {
      apex: 'slow.test',
      name: 'Slow rate portal',
      subdomains: ['ok'],
      timeouts: { connectMs: 1000, readMs: 1500, totalMs: 2500 },
    })
    const file = path.join(dir, 'handover.json')
    const engagement = JSON.parse(readFileSync(file, 'utf8')) as { scope: { maxRps: number } }
    engagement.scope.maxRps = 0.01
    writeFileSync(file, JSON.stringify(engagement))
  })
  afterAll(async () => {
    await servers.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('exits within seconds of printing the summary, though the next request slot is 100 s away', async () => {
    const { child, done } = startCli(['audit', dir, ...WEB_CHECKS.flatMap((c) => ['--check', c]), '--quiet'])
    let printedAt = 0
    child.stdout!.on('data', (d: Buffer) => {
      if (!printedAt && /run \S+ · complete/.test(d.toString())) printedAt = Date.now()
    })
    const result = await done
    const exitedAt = Date.now()
    expect(result.stdout).toMatch(/run \S+ · complete/)
    expect(result.stderr).toBe('')
    // Past their slot wait the probes were stopped: budget and rate say why in the run, not a hang.
    expect(exitedAt - printedAt).toBeLessThan(5000)
  }, 60_000)

  const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

  it('a wait for a slot with no probe signal (as the browser’s requests take them) ends with the run, timer cleared', async () => {
    const before = timers()
    const limiter = new Limiter(100, 0.01)
    expect((await limiter.take()).ok).toBe(true)
    const waiting = limiter.take(true)
    expect(timers()).toBe(before + 1)
    limiter.close()
    const ended = await waiting
    expect(ended.ok ? undefined : ended.error).toEqual({ code: NET.CANCELLED, message: 'the run is over' })
    expect(limiter.used).toBe(1)
    expect(timers()).toBe(before)
    const after = await limiter.take()
    expect(after.ok ? undefined : after.error.code).toBe(NET.CANCELLED)
  })

  it('the runner closes its network’s limiter when the run ends', async () => {
    const close = vi.spyOn(Limiter.prototype, 'close')
    const dir = offlineWorkspace()
    try {
      const ws = await Workspace.open(dir)
      if (!ws.ok) throw new Error(ws.error.message)
      const run = await runAudit({
        workspace: ws.value,
        credentials: new MemoryCredentials({}),
        selection: { checks: ['handover.rollback'] },
      })
      expect(run.status).toBe('complete')
      expect(close).toHaveBeenCalledTimes(1)
    } finally {
      close.mockRestore()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
