// The demo lab for a benchmark: its own CA and workspace in a temp folder, removed afterwards.
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
