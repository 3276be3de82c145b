// Atomic writes: temp file in the same folder, fsync, rename, fsync the folder (DESIGN.md §6).
import { lstat, mkdir, open, readlink, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

/** Exit code for "a file could not be written" (sysexits EX_CANTCREAT), apart from 2 (bad input). */
export const EXIT_CANTCREAT = 73

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder is in the way',
  EIO: 'an input/output error',
  EMFILE: 'too many open files',
}

/** A workspace or export file that could not be written: which file, and why in words. */
export class WriteFailure extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${file} could not be written (${reason})`)
  }
}

/** Why writing `file` failed with `err`, in words: a file or a dangling symlink in place of a folder is named. */
export async function explain(file: string, err: unknown): Promise<WriteFailure> {
  if (err instanceof WriteFailure) return err
  const code = (err as NodeJS.ErrnoException).code ?? 'error'
  if (code === 'ENOTDIR' || code === 'ENOENT' || code === 'EEXIST') {
    // Walk up to the first path component that is not a folder.
    for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const found = await lstat(dir).catch(() => undefined)
      if (!found) continue
      if (found.isSymbolicLink()) {
        const target = await readlink(dir).catch(() => '?')
        return new WriteFailure(file, code, `${dir} is a symlink to ${target}, which does not exist`)
      }
      if (!found.isDirectory()) return new WriteFailure(file, code, `${dir} is a file, not a folder`)
      break
    }
    if (code === 'ENOENT') return new WriteFailure(file, code, `${path.dirname(file)} does not exist`)
  }
  return new WriteFailure(file, code, `${code}: ${REASONS[code] ?? (err as Error).message}`)
}

/** Creates `dir` (and its parents) for `file`; a failure names `file` and what is in the way. */
export async function ensureFolder(dir: string, file: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (err) {
    throw await explain(path.join(dir, path.basename(file)), err)
  }
}

/**
 * Replaces `file` with `data` so that a crash leaves either the old or the new content, never a mix. A failure
 * throws a WriteFailure and leaves the previous file as it was and no temp file behind.
 */
export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const dir = path.dirname(file)
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(tmp, 'wx', mode)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, file)
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined)
    throw await explain(file, err)
  }
  try {
    await syncFolder(dir)
  } catch (err) {
    throw await explain(file, err)
  }
}

/**
 * Makes the rename durable. Best-effort where folders cannot be synced: Windows cannot open a folder for it, and
 * some file systems answer EINVAL or ENOTSUP; the new file is in place either way.
 */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EPERM') throw err
  } finally {
    await handle?.close()
  }
}

/** JSON with a trailing newline, two-space indented. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
