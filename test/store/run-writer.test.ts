// Issue 7 item 14: a run records its writer (pid, host, start), so a run another live process still writes is
// told from one whose writer died.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { Workspace } from '../../src/store/workspace'
import { runMain } from '../helpers/cli'
import { OFFLINE_CHECKS, offlineWorkspace } from './support'

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

describe('run writer', () => {
  const dir = offlineWorkspace('handover-writer-')
  let complete: Run
  let sleeper: ChildProcess
  beforeAll(async () => {
    const done = await runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--fail-on', 'none'])
    expect(done.code).toBe(0)
    const id = readdirSync(path.join(dir, 'runs'))[0]!.slice(0, -5)
    complete = JSON.parse(readFileSync(path.join(dir, 'runs', `${id}.json`), 'utf8')) as Run
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'])
    await new Promise((r) => sleeper.once('spawn', r))
  })
  afterAll(() => {
    sleeper.kill()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Stores a copy of the complete run as `running`, written by `writer`. */
  function runningRun(id: string, writer: Run['writer']): string {
    const run = { ...complete, id, status: 'running', finishedAt: undefined, writer }
    writeFileSync(path.join(dir, 'runs', `${id}.json`), `${JSON.stringify(run, null, 2)}\n`)
    return id
  }

  it('records the writing process in the run', () => {
    expect(complete.writer).toMatchObject({ pid: process.pid, host: hostname() })
    expect(new Date(complete.writer!.startedAt).getTime()).toBeLessThanOrEqual(Date.now())
    if (procStart(process.pid)) expect(complete.writer!.procStart).toBe(procStart(process.pid))
  })

  it('Bug: A run another live process is still writing is called "interrupted" by `baseline RUN` and `report --run RUN`', async () => {
    const pid = sleeper.pid!
    const start = procStart(pid)
    const id = runningRun('20990101T000000Z-live', {
      pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      ...(start ? { procStart: start } : {}),
    })
    const baseline = await runMain(['baseline', dir, id])
    expect(baseline.code).toBe(2)
    expect(baseline.stderr).toContain(
      `Run ${id} is still running in pid ${pid} (process ${pid} on ${hostname()}`,
    )
    const report = await runMain(['report', dir, '--run', id, '--out', path.join(dir, 'x.pdf')])
    expect(report.code).toBe(2)
    expect(report.stderr).toContain(`is still running in pid ${pid}`)
    const ws = await Workspace.open(dir)
    expect(
      ws.ok && (await ws.value.loadRun(id)).ok && (await ws.value.history()).runs.find((r) => r.id === id),
    ).toMatchObject({ status: 'running' })
  })

  it('calls a run interrupted when its writer is dead or its pid now belongs to another process', async () => {
    const dead = spawn(process.execPath, ['-e', ''])
    await new Promise((r) => dead.on('close', r))
    const gone = runningRun('20990101T000001Z-dead', {
      pid: dead.pid!,
      host: hostname(),
      startedAt: new Date().toISOString(),
    })
    // Our own pid, but another start tick: the writer died and its pid went to this process.
    const reused = runningRun('20990101T000002Z-reus', {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      procStart: `${Number(procStart(process.pid) ?? 1) + 1}`,
    })
    for (const id of [gone, reused]) {
      const baseline = await runMain(['baseline', dir, id])
      expect(baseline.code).toBe(2)
      expect(baseline.stderr).toContain(`Run ${id} is interrupted (its writer, pid`)
      const report = await runMain(['report', dir, '--run', id, '--out', path.join(dir, 'x.pdf')])
      expect(report.stderr).toContain(`Run ${id} is interrupted`)
    }
    // A run from another host cannot be asked about: it stays running rather than be declared lost.
    const far = runningRun('20990101T000003Z-host', {
      pid: 1,
      host: `not-${hostname()}`,
      startedAt: new Date().toISOString(),
    })
    expect((await runMain(['baseline', dir, far])).stderr).toContain('is still running in pid 1')
  })
})
