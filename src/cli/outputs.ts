// Output paths of the CLI's exports, checked before any probing, rendering or signing (issue 7 item 15).
import { randomBytes } from 'node:crypto'
import { open, realpath, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { failure, ok, type Result } from '../core/result'
import { LOCK_FILE } from '../store/lock'
import { ENGAGEMENT_FILE } from '../store/workspace'

/** One requested output: the option that names it and the path it resolves to. */
export interface Output {
  flag: string
  file: string
}

/** Files of a workspace no export may replace; anything under these folders is the workspace's too. */
const WORKSPACE_FILES = new Set([
  ENGAGEMENT_FILE,
  'attestations.json',
  'deliverables.json',
  'baseline',
  LOCK_FILE,
])
const WORKSPACE_FOLDERS = ['runs', 'evidence']

/** The path an output really lands on: symlinks of the file and of its folders resolved. */
async function landing(file: string): Promise<string> {
  try {
    return await realpath(file)
  } catch {
    try {
      return path.join(await realpath(path.dirname(file)), path.basename(file))
    } catch {
      return file
    }
  }
}

/** Why `file` cannot be written, in words, or undefined when a file can be created beside it. */
async function unwritable(file: string): Promise<string | undefined> {
  const dir = path.dirname(file)
  const found = await stat(file).catch(() => undefined)
  if (found?.isDirectory()) return 'is a folder'
  const parent = await stat(dir).catch((err: NodeJS.ErrnoException) => err.code ?? 'error')
  if (typeof parent === 'string')
    return parent === 'ENOENT'
      ? `is in ${dir}, which does not exist`
      : `is in ${dir}, which cannot be read (${parent})`
  if (!parent.isDirectory()) return `is in ${dir}, which is a file, not a folder`
  const probe = path.join(dir, `.handover-write-test-${randomBytes(4).toString('hex')}`)
  try {
    await (await open(probe, 'wx')).close()
    await rm(probe, { force: true })
    return undefined
  } catch (err) {
    return `is in ${dir}, where no file can be created (${(err as NodeJS.ErrnoException).code ?? 'error'})`
  }
}

/**
 * Refuses, in one sentence, two outputs on one path, an output that would replace a file of the workspace
 * (handover.json, attestations, deliverables, baseline, the lock, a stored run or evidence), and an output
 * that cannot be written.
 */
export async function checkOutputs(
  command: string,
  outputs: readonly Output[],
  workspaceDir: string | undefined,
): Promise<Result<void>> {
  const ws = workspaceDir ? await landing(workspaceDir) : undefined
  const seen = new Map<string, Output>()
  for (const out of outputs) {
    const target = await landing(out.file)
    const earlier = seen.get(target)
    if (earlier)
      return failure(
        'OUTPUT_CLASH',
        `${command}: ${out.flag} ${out.file} is the same file as ${earlier.flag} ${earlier.file}; give each output its own path.`,
      )
    seen.set(target, out)
    if (ws) {
      const rel = path.relative(ws, target)
      const top = rel.split(path.sep)[0]!
      if (
        !rel.startsWith('..') &&
        !path.isAbsolute(rel) &&
        (WORKSPACE_FILES.has(rel) || WORKSPACE_FOLDERS.includes(top))
      )
        return failure(
          'OUTPUT_WORKSPACE_FILE',
          `${command}: ${out.flag} ${out.file} would overwrite the workspace's ${rel}; write exports elsewhere (e.g. ${path.join(workspaceDir!, 'reports')}).`,
        )
    }
    const why = await unwritable(target)
    if (why)
      return failure('OUTPUT_UNWRITABLE', `${command}: ${out.flag} ${out.file} cannot be written: it ${why}.`)
  }
  return ok(undefined)
}

/** The outputs among parsed options (`--json F` and the like), resolved against `cwd`. */
export function outputsOf(values: Record<string, unknown>, flags: readonly string[], cwd: string): Output[] {
  return flags.flatMap((f) => {
    const file = values[f]
    return typeof file === 'string' ? [{ flag: `--${f}`, file: path.resolve(cwd, file) }] : []
  })
}
