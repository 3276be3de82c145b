// Issue 7 item 16: a file that cannot be written is named with the reason, the summary is still printed, the exit
// is 73 (EX_CANTCREAT), and a failed atomic write leaves the previous file and no temp file.
// A full disk and a read-only folder are simulated at the file-system call (the tests run as root, whom
// permissions do not stop); a file or a dangling symlink where a folder should be are real.
import type * as FsPromises from 'node:fs/promises'
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { writeFileAtomic } from '../../src/store/atomic'
import { runMain } from '../helpers/cli'
import { hashTree, OFFLINE_CHECKS, offlineWorkspace } from './support'

const arm = vi.hoisted(() => ({
  /** The error code an `open` of this path should fail with. */
  open: undefined as undefined | ((file: string, flags: unknown) => string | undefined),
  /** The error code a write through a handle opened on this path should fail with. */
  write: undefined as undefined | ((file: string) => string | undefined),
}))

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>()
  const fail = (code: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: simulated`), { code })
  const open = async (...args: Parameters<typeof real.open>): ReturnType<typeof real.open> => {
    const file = String(args[0])
    const code = arm.open?.(file, args[1])
    if (code) throw fail(code)
    const handle = await real.open(...args)
    const writeCode = arm.write?.(file)
    if (writeCode)
      Object.assign(handle, {
        writeFile: async (data: string | Buffer) => {
          // A full disk takes part of the data, then refuses.
          await real.appendFile(file, String(data).slice(0, 100))
          throw fail(writeCode)
        },
      })
    return handle
  }
  return { ...real, open, default: { ...real, open } }
})

const dirs: string[] = []
beforeEach(() => {
  arm.open = undefined
  arm.write = undefined
})
afterEach(() => {
  arm.open = undefined
  arm.write = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function workspace(): string {
  const dir = offlineWorkspace('handover-write-')
  dirs.push(dir)
  return dir
}
const temps = (dir: string): string[] =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((n) => n.endsWith('.tmp'))
const audit = (dir: string, ...more: string[]) =>
  runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--fail-on', 'none', ...more])

describe('write failures', () => {
  it('Bug: Workspace write failures (`runs` a file or a bad symlink) exit 70 "failed unexpectedly"', async () => {
    const dir = workspace()
    const runs = path.join(dir, 'runs')
    writeFileSync(runs, 'not a folder')
    const file = await audit(dir)
    expect(file.code).toBe(73)
    expect(file.stderr).toMatch(
      new RegExp(
        `^handover: ${runs}/\\d{8}T\\d{6}Z-[0-9a-f]{4}\\.json could not be written \\(${runs} is a file, not a folder\\); the audit did not start\\.\\n$`,
      ),
    )
    rmSync(runs)
    symlinkSync(path.join(dir, 'gone'), runs)
    const link = await audit(dir)
    expect(link.code).toBe(73)
    expect(link.stderr).toContain(
      `(${runs} is a symlink to ${path.join(dir, 'gone')}, which does not exist); the audit did not start.`,
    )
    expect(link.stderr).not.toContain('failed unexpectedly')
  })

  it('a full disk at the run’s final write: the summary is printed, the file and reason named, exit 73, no temp file', async () => {
    const dir = workspace()
    let writes = 0
    // The first write (status running) goes through; the final one finds the disk full.
    arm.write = (f) => (f.includes(`${path.sep}runs${path.sep}.`) && ++writes === 2 ? 'ENOSPC' : undefined)
    const done = await audit(dir)
    expect(done.code).toBe(73)
    const id = /run (\S+) · /.exec(done.stdout)?.[1]
    expect(id, done.stdout).toBeDefined()
    expect(done.stdout).toContain('handover.rollback')
    expect(done.stderr).toBe(
      `handover: ${path.join(dir, 'runs', `${id}.json`)} could not be written (ENOSPC: no space left on the device); run ${id} was not stored.\n`,
    )
    expect(temps(dir)).toEqual([])
    // The run's first write is still there, whole, and not complete.
    const stored = JSON.parse(readFileSync(path.join(dir, 'runs', `${id}.json`), 'utf8')) as {
      status: string
    }
    expect(stored.status).toBe('running')
  })

  it('an export into a read-only folder: the run is stored, the summary printed, the export named, exit 73', async () => {
    const dir = workspace()
    const out = path.join(dir, 'out')
    mkdirSync(out)
    const json = path.join(out, 'run.json')
    arm.open = (f) => (f.startsWith(`${out}${path.sep}.run.json.`) ? 'EROFS' : undefined)
    const done = await audit(dir, '--json', json)
    expect(done.code).toBe(73)
    expect(done.stdout).toMatch(/run \S+ · complete/)
    expect(done.stderr).toBe(
      `handover: ${json} could not be written (EROFS: the file system is read-only).\n`,
    )
    expect(readdirSync(path.join(dir, 'runs'))).toHaveLength(1)
    expect(readdirSync(out)).toEqual([])
  })

  it('a full disk on attest: the previous attestations.json is intact, no temp file, exit 73 naming it', async () => {
    const dir = workspace()
    expect((await runMain(['attest', dir, 'handover.rollback', '--status', 'pass'])).code).toBe(0)
    const before = hashTree(dir)
    arm.write = (f) => (path.basename(f).startsWith('.attestations.json.') ? 'ENOSPC' : undefined)
    const done = await runMain(['attest', dir, 'handover.ownership', '--status', 'fail'])
    expect(done.code).toBe(73)
    expect(done.stdout).toBe('')
    expect(done.stderr).toBe(
      `handover: ${path.join(dir, 'attestations.json')} could not be written (ENOSPC: no space left on the device).\n`,
    )
    expect(hashTree(dir)).toEqual(before)
    expect(temps(dir)).toEqual([])
    // A read-only workspace: the lock cannot even be created; nothing changes either.
    arm.write = undefined
    arm.open = (f) =>
      f.startsWith(dir) && !f.endsWith('handover.json') && !f.endsWith('attestations.json')
        ? 'EROFS'
        : undefined
    const ro = await runMain(['attest', dir, 'handover.ownership', '--status', 'fail'])
    expect(ro.code).toBe(73)
    expect(ro.stderr).toBe(
      `handover: ${path.join(dir, '.handover.lock')} could not be written (EROFS: the file system is read-only).\n`,
    )
    expect(hashTree(dir)).toEqual(before)
  })

  it('the folder fsync after rename is best-effort on Windows (stubbed platform), an error elsewhere', async () => {
    const dir = workspace()
    const file = path.join(dir, 'x.json')
    // Windows cannot open a folder to sync it.
    arm.open = (f, flags) => (f === dir && flags === 'r' ? 'EBADF' : undefined)
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
    Object.defineProperty(process, 'platform', { value: 'win32' })
    try {
      await writeFileAtomic(file, 'new\n')
    } finally {
      Object.defineProperty(process, 'platform', platform)
    }
    expect(readFileSync(file, 'utf8')).toBe('new\n')
    await expect(writeFileAtomic(file, 'again\n')).rejects.toThrow(`${file} could not be written (EBADF: `)
  })
})
