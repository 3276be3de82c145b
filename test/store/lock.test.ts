// Issue 7 item 13: every read-modify-write of the workspace holds DIR/.handover.lock; a dead holder's lock is
// taken over, a live one is waited for.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ok } from '../../src/core/result'
import { LOCK_FILE, withWorkspaceLock } from '../../src/store/lock'
import { currentProcess } from '../../src/store/process'
import { Workspace } from '../../src/store/workspace'
import { cli } from '../helpers/cli'
import { offlineWorkspace } from './support'

const dirs: string[] = []
function workspace(): string {
  const dir = offlineWorkspace('handover-lock-')
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function answers(dir: string): string[] {
  const file = JSON.parse(readFileSync(path.join(dir, 'attestations.json'), 'utf8')) as {
    attestations: { subject?: string }[]
  }
  return file.attestations.map((a) => a.subject ?? '').sort()
}

/** The pid of a process that has exited (so no process has it, unless the kernel reused it meanwhile). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((r) => child.on('close', r))
  return child.pid!
}

function lockText(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'x', at: 'now', ...fields })}\n`
}

describe('workspace lock', () => {
  it('Bug: Concurrent `handover attest` loses answers (1–2 of 4 vanish, every one printed "Recorded")', async () => {
    const dir = workspace()
    const subjects = ['a', 'b', 'c', 'd']
    // Two rounds of four processes at once; each printed "Recorded", so each answer must be in the file.
    for (const round of [1, 2]) {
      const done = await Promise.all(
        subjects.map((s) =>
          cli(['attest', dir, 'handover.rollback', '--status', 'pass', '--subject', `${s}${round}`]),
        ),
      )
      for (const d of done) {
        expect(d.stderr).toBe('')
        expect(d.stdout).toMatch(/^Recorded handover\.rollback: pass/)
      }
    }
    expect(answers(dir)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2'])
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
  }, 240_000)

  it('keeps 24 attestations and 6 deliverable notes made at once in one process', async () => {
    const dir = workspace()
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    const writes = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) =>
        ws.value.attest({
          check: 'handover.ownership',
          status: 'pass',
          by: 't',
          at: 'now',
          subject: `s${i}`,
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) => ws.value.setDeliverableNote('domain-handoff', `k${i}`, `n${i}`)),
    ])
    expect(writes.every((w) => w.ok)).toBe(true)
    expect(answers(dir)).toHaveLength(24)
    const notes = await ws.value.deliverableNotes()
    expect(notes.ok && Object.keys(notes.value['domain-handoff']!).length).toBe(6)
  })

  it('takes over the lock of a dead holder, of a reused pid and a half-written one, and removes it after', async () => {
    const dir = workspace()
    const file = path.join(dir, LOCK_FILE)
    const me = currentProcess()
    const stale = [
      lockText({ pid: await deadPid() }),
      // This process's pid with another start tick: the holder died and the kernel gave its pid to us.
      lockText({ pid: process.pid, procStart: `${Number(me.procStart ?? 0) + 1}` }),
      '{"pid": 12',
    ]
    for (const text of stale) {
      writeFileSync(file, text)
      const old = new Date(Date.now() - 10_000)
      utimesSync(file, old, old)
      const started = Date.now()
      const result = await withWorkspaceLock(dir, async () => ok(readFileSync(file, 'utf8')))
      expect(result.ok && JSON.parse(result.value)).toMatchObject({ pid: process.pid, host: hostname() })
      expect(Date.now() - started).toBeLessThan(2000)
      expect(existsSync(file)).toBe(false)
    }
    expect(readdirSync(dir).filter((n) => n.startsWith(LOCK_FILE))).toEqual([])
  })

  it('waits for a live holder and then names it; a fresh half-written lock is waited for too', async () => {
    const dir = workspace()
    const file = path.join(dir, LOCK_FILE)
    const me = currentProcess()
    writeFileSync(file, lockText({ pid: process.pid, ...(me.procStart ? { procStart: me.procStart } : {}) }))
    let ran = false
    const started = Date.now()
    const locked = await withWorkspaceLock(
      dir,
      async () => {
        ran = true
        return ok(undefined)
      },
      { waitMs: 400 },
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    expect(ran).toBe(false)
    expect(locked.ok).toBe(false)
    if (!locked.ok) {
      expect(locked.error.code).toBe('WORKSPACE_LOCKED')
      expect(locked.error.message).toContain(`is locked by process ${process.pid} on ${hostname()}`)
    }
    // The holder finishes while we wait: we get the lock.
    setTimeout(() => rmSync(file), 200)
    const after = await withWorkspaceLock(dir, async () => ok('got it'), { waitMs: 5000 })
    expect(after).toEqual({ ok: true, value: 'got it' })

    writeFileSync(file, '{"pid": 12')
    const half = await withWorkspaceLock(dir, async () => ok(undefined), { waitMs: 300 })
    expect(half.ok).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe('{"pid": 12')
  })

  it('an attest that cannot get the lock changes nothing and says who holds it', async () => {
    const dir = workspace()
    const file = path.join(dir, LOCK_FILE)
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(file, lockText({ pid: sleeper.pid }))
      const ws = await Workspace.open(dir)
      if (!ws.ok) throw new Error(ws.error.message)
      const saved = await withWorkspaceLock(dir, async () => ok(undefined), { waitMs: 200 })
      expect(!saved.ok && saved.error.message).toContain(`process ${sleeper.pid}`)
      expect(existsSync(path.join(dir, 'attestations.json'))).toBe(false)
    } finally {
      sleeper.kill()
    }
  })
})
