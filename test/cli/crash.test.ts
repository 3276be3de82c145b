import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Workspace } from '../../src/store/workspace'
import { cli, startCli } from '../helpers/cli'
import { hostileWorkspace, startHostile, WEB_CHECKS, type HostileServers } from '../helpers/hostile'

const CHECKS = WEB_CHECKS.flatMap((c) => ['--check', c])

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

// Real CLI audits killed and restarted: 60 s ran out at load 12–27 on 2 cores.
describe('crash safety', { timeout: 240_000 }, () => {
  let servers: HostileServers
  let dir: string
  beforeAll(async () => {
    servers = await startHostile('crash.test')
    // The hanging host keeps every audit busy for about totalMs, long enough to be killed mid-way.
    dir = hostileWorkspace(servers, {
      apex: 'crash.test',
      name: 'Crash test portal',
      subdomains: ['ok', 'hang'],
      timeouts: { connectMs: 1000, readMs: 2000, totalMs: 2500 },
    })
  })
  afterAll(async () => {
    await servers.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('leaves every earlier run readable and the workspace loadable after SIGKILL mid-audit', async () => {
    const complete: string[] = []
    for (let i = 0; i < 2; i++) {
      const done = await cli(['audit', dir, ...CHECKS, '--quiet', '--fail-on', 'none'])
      expect(done.code).toBe(0)
      complete.push(/run (\S+) · complete/.exec(done.stdout)![1]!)
    }
    expect((await cli(['baseline', dir, complete[0]!, '--partial'])).code).toBe(0)
    const snapshot = complete.map((id) => readFileSync(path.join(dir, 'runs', `${id}.json`), 'utf8'))

    const runFiles = (): string[] =>
      readdirSync(path.join(dir, 'runs')).filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    // Kill at several points after the audit has written its run file: early in the probes, and later.
    for (const killAfterMs of [0, 400, 1500]) {
      const before = runFiles().length
      const { child, done } = startCli(['audit', dir, ...CHECKS])
      for (let waited = 0; runFiles().length === before && waited < 10_000; waited += 20) await sleep(20)
      await sleep(killAfterMs)
      child.kill('SIGKILL')
      const killed = await done
      expect(killed.signal).toBe('SIGKILL')
    }

    // Earlier runs are byte-for-byte intact and validate.
    complete.forEach((id, i) =>
      expect(readFileSync(path.join(dir, 'runs', `${id}.json`), 'utf8')).toBe(snapshot[i]),
    )
    const ws = await Workspace.open(dir)
    expect(ws.ok).toBe(true)
    if (!ws.ok) return
    for (const id of complete) expect((await ws.value.loadRun(id)).ok).toBe(true)
    const history = await ws.value.history()
    expect(history.problems).toEqual([])
    // Runs killed after their first write read as interrupted, never as complete.
    const others = history.runs.filter((r) => !complete.includes(r.id))
    expect(others).toHaveLength(3)
    expect(others.every((r) => r.status === 'interrupted')).toBe(true)
    expect((await ws.value.loadRun('latest')).ok && (await ws.value.loadRun('latest')).ok).toBe(true)
    expect((await ws.value.baseline()).ok).toBe(true)
    // Leftover temp files never count as runs.
    expect(
      readdirSync(path.join(dir, 'runs'))
        .filter((n) => !n.startsWith('.'))
        .every((n) => /^\d{8}T\d{6}Z-[0-9a-f]{4}\.json$/.test(n)),
    ).toBe(true)

    // And the tools still work on it.
    const diff = await cli(['diff', dir])
    expect(diff.code).toBe(0)
    const again = await cli(['audit', dir, ...CHECKS, '--quiet', '--fail-on', 'none'])
    expect(again.code).toBe(0)
    expect(existsSync(path.join(dir, 'baseline'))).toBe(true)
  })
})
