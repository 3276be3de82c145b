// What benchmarks share: the demo lab in a temp folder, removed afterwards, and running a peer tool.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Lab, type LabMode } from '../src/lab/lab'
import { Workspace } from '../src/store/workspace'

/** Runs `work` against a fresh lab and its opened workspace, then stops the lab and removes its files. */
export async function withLab<T>(
  mode: LabMode,
  work: (lab: Lab, ws: Workspace, dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-bench-'))
  const started = await Lab.start({
    mode,
    stateDir: path.join(dir, 'state'),
    workspace: path.join(dir, 'ws'),
  })
  if (!started.ok) throw new Error(started.error.message)
  try {
    const ws = await Workspace.open(started.value.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    return await work(started.value, ws.value, dir)
  } finally {
    await started.value.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs a peer tool and resolves with its stdout; rejects with the start of stderr when it exits non-zero. */
export function runTool(
  cmd: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; okCodes?: number[] } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      (options.okCodes ?? [0]).includes(code ?? -1)
        ? resolve(out)
        : reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 400)}`)),
    )
    child.stdin.end(options.input ?? '')
  })
}
