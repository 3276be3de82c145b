// The demo lab for tests: its own state folder (CA) and workspace in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { envNameFor } from '../../src/keychain/env-credentials'
import { Lab, type LabMode } from '../../src/lab/lab'

export interface TestLab {
  lab: Lab
  dir: string
  stop(): Promise<void>
}

/** A lab CA shared by every test in this process, so keys are made once. */
const stateDir = mkdtempSync(path.join(tmpdir(), 'handover-lab-state-'))

/** Starts a lab; its workspace is a fresh temp folder, or `workspace` when given (the caller removes that). */
export async function startTestLab(mode: LabMode = 'flawed', workspace?: string): Promise<TestLab> {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-lab-ws-'))
  const started = await Lab.start({ mode, stateDir, workspace: workspace ?? path.join(dir, 'ws') })
  if (!started.ok) throw new Error(started.error.message)
  return {
    lab: started.value,
    dir,
    async stop() {
      await started.value.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * The lab's credentials as a CI hands them over: one environment variable per keychain name, and the
 * `--credentials-from-env` mapping that names them (so CLI tests can audit everything the lab offers).
 */
export function labCredentialsEnv(lab: Lab): { env: Record<string, string>; mapping: string } {
  const entries = Object.entries(lab.credentials())
  return {
    env: Object.fromEntries(entries.map(([name, value]) => [envNameFor(name), value])),
    mapping: entries.map(([name]) => `${envNameFor(name)}=${name}`).join(','),
  }
}
