// The demo lab for tests: its own state folder (CA) and workspace in a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { envNameFor } from '../../src/keychain/env-credentials'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Lab, type LabMode } from '../../src/lab/lab'
import { Workspace } from '../../src/store/workspace'

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

/**
 * Audits the lab's workspace in-process with the lab's credentials, the checks given (all when omitted), after
 * `change` has edited the lab's engagement (written to handover.json) when one is given.
 */
export async function auditLab(
  t: TestLab,
  checks?: readonly string[],
  change?: (engagement: Record<string, unknown>) => void,
): Promise<Run> {
  if (change) {
    const raw = t.lab.engagement()
    change(raw)
    writeFileSync(path.join(t.lab.workspace, 'handover.json'), JSON.stringify(raw))
  }
  const ws = await Workspace.open(t.lab.workspace)
  if (!ws.ok) throw new Error(ws.error.message)
  return runAudit({
    workspace: ws.value,
    credentials: new MemoryCredentials(t.lab.credentials()),
    ...(checks ? { selection: { checks: [...checks] } } : {}),
  })
}

/** A flawed and a fixed lab, each audited once for the same checks before a suite's tests run. */
export interface LabPair {
  flawed: TestLab
  fixed: TestLab
  flawedRun: Run
  fixedRun: Run
}

/**
 * Starts a flawed and a fixed lab and audits both for `checks` in the suite's beforeAll (one after the other when
 * `sequential`, for audits heavy enough to crowd each other), stopping both in afterAll. Read the fields inside tests.
 */
export function labPair(
  checks: readonly string[],
  { timeoutMs = 180_000, sequential = false }: { timeoutMs?: number; sequential?: boolean } = {},
): LabPair {
  const pair = {} as LabPair
  beforeAll(async () => {
    ;[pair.flawed, pair.fixed] = await Promise.all([startTestLab('flawed'), startTestLab('fixed')])
    if (sequential) {
      pair.flawedRun = await auditLab(pair.flawed, checks)
      pair.fixedRun = await auditLab(pair.fixed, checks)
    } else
      [pair.flawedRun, pair.fixedRun] = await Promise.all([
        auditLab(pair.flawed, checks),
        auditLab(pair.fixed, checks),
      ])
  }, timeoutMs)
  afterAll(async () => {
    await Promise.all([pair.flawed?.stop(), pair.fixed?.stop()])
  })
  return pair
}

/** A result as `check|subject|status|severity`, the shape of the planted-flaw lists. */
export const resultLine = (r: CheckResult): string =>
  `${r.check}|${r.subject}|${r.status}|${r.severity ?? ''}`
