// The workspace lock: one read-modify-write of the workspace at a time, across processes (DESIGN.md §6).
// DIR/.handover.lock is created exclusively and names its holder; a lock whose holder died is taken over.
import { randomBytes } from 'node:crypto'
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { failure, type Result } from '../core/result'
import { explain } from './atomic'
import { currentProcess, describeProcess, processState, type ProcessIdentity } from './process'

/** The lock file's name inside a workspace. */
export const LOCK_FILE = '.handover.lock'

/** How long a live holder is waited for before giving up. */
const WAIT_MS = 15_000
/** A lock file that does not parse (its writer died between create and write) is stale after this long. */
const HALF_WRITTEN_MS = 5_000
/** A lock from another host cannot be asked about its holder; a workspace write takes milliseconds. */
const OTHER_HOST_MS = 60_000

interface LockRecord extends ProcessIdentity {
  token: string
  at: string
}

/** Within one process, callers queue here first, so the file lock is only contended across processes. */
const queues = new Map<string, Promise<unknown>>()

/**
 * Runs `fn` holding the lock of the workspace `dir`. A live holder is waited for (up to 15 s, then
 * WORKSPACE_LOCKED names it); a dead one, a reused pid or a half-written lock is taken over.
 */
export async function withWorkspaceLock<T>(
  dir: string,
  fn: () => Promise<Result<T>>,
  options: { waitMs?: number } = {},
): Promise<Result<T>> {
  const key = path.resolve(dir)
  const before = queues.get(key) ?? Promise.resolve()
  const mine = before.then(async () => {
    const held = await acquire(key, options.waitMs ?? WAIT_MS)
    if (!held.ok) return held
    try {
      return await fn()
    } finally {
      await release(key, held.value)
    }
  })
  const tail = mine.catch(() => undefined)
  queues.set(key, tail)
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key)
  })
  return mine
}

async function acquire(dir: string, waitMs: number): Promise<Result<string>> {
  const file = path.join(dir, LOCK_FILE)
  const token = randomBytes(8).toString('hex')
  const record: LockRecord = { ...currentProcess(), token, at: new Date().toISOString() }
  const deadline = Date.now() + waitMs
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644)
      try {
        await handle.writeFile(`${JSON.stringify(record)}\n`)
      } catch (err) {
        await handle.close()
        await rm(file, { force: true })
        throw err
      }
      await handle.close()
      return { ok: true, value: token }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw await explain(file, err)
    }
    const holder = await readHolder(file)
    if (holder === 'gone') continue
    if (holder.stale) {
      await takeOver(file, holder.text)
      continue
    }
    if (Date.now() >= deadline) {
      const who = holder.record ? describeProcess(holder.record) : 'a process that has not said who it is'
      return failure(
        'WORKSPACE_LOCKED',
        `${dir} is locked by ${who} (${file}); try again when it has finished, or remove that file if no such process runs.`,
      )
    }
    await sleep(Math.min(10 + attempt * 5, 100) + Math.random() * 10)
  }
}

async function readHolder(
  file: string,
): Promise<'gone' | { text: string; record?: LockRecord; stale: boolean }> {
  let text: string
  let age: number
  try {
    ;[text, age] = await Promise.all([readFile(file, 'utf8'), stat(file).then((s) => Date.now() - s.mtimeMs)])
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    throw err
  }
  let record: LockRecord | undefined
  try {
    const parsed = JSON.parse(text) as Partial<LockRecord>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string')
      record = parsed as LockRecord
  } catch {
    record = undefined
  }
  if (!record) return { text, stale: age > HALF_WRITTEN_MS }
  const state = processState(record)
  const stale = state === 'dead' || state === 'reused' || (state === 'other-host' && age > OTHER_HOST_MS)
  return { text, record, stale }
}

/**
 * Moves a stale lock aside, so that of several processes judging it stale at once only one removes it. If what
 * was moved is no longer the lock judged stale (another process took over first), it is put back.
 */
async function takeOver(file: string, judged: string): Promise<void> {
  const aside = `${file}.${randomBytes(4).toString('hex')}.stale`
  try {
    await rename(file, aside)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  const moved = await readFile(aside, 'utf8').catch(() => judged)
  if (moved !== judged) await link(aside, file).catch(() => undefined)
  await rm(aside, { force: true })
}

async function release(dir: string, token: string): Promise<void> {
  const file = path.join(dir, LOCK_FILE)
  const text = await readFile(file, 'utf8').catch(() => '')
  if (text.includes(`"token":"${token}"`)) await rm(file, { force: true })
}
