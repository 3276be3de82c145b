// Workspaces for store and CLI tests that never touch the network: manual checks need no probe.
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { selectChecks } from '../../src/checks/registry'
import type { CheckResult, Run } from '../../src/core/types'
import { evaluateChecks } from '../../src/engine/runner'
import { Workspace } from '../../src/store/workspace'

/** Checks that run without a single probe (a person answers them). */
export const OFFLINE_CHECKS = ['--check', 'handover.rollback', '--check', 'handover.ownership']

/** A fresh workspace folder with a valid engagement for acme.test. */
export function offlineWorkspace(prefix = 'handover-store-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  writeFileSync(
    path.join(dir, 'handover.json'),
    `${JSON.stringify(
      {
        schema: 'handover.engagement/1',
        name: 'Acme portal',
        domains: { apex: 'acme.test', www: true },
        scope: { allow: ['acme.test', '*.acme.test'] },
      },
      null,
      2,
    )}\n`,
  )
  return dir
}

/** SHA-256 of every file under `dir`, by relative path: "nothing changed" is this staying equal. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex')
  }
  return out
}

/**
 * Re-evaluates a run as stored: read back from the workspace's runs/ folder (not the in-memory run the audit
 * returned), then the run's own checks over its stored observations, attestations and finish time.
 */
export async function reevaluateStored(
  dir: string,
  runId: string,
): Promise<{ stored: Run; again: CheckResult[] }> {
  const ws = await Workspace.open(dir)
  if (!ws.ok) throw new Error(ws.error.message)
  const loaded = await ws.value.loadRun(runId)
  if (!loaded.ok) throw new Error(loaded.error.message)
  const stored = loaded.value
  const checks = selectChecks({}).filter((c) => c.id in stored.checks)
  const again = await evaluateChecks(checks, stored.observations, {
    engagement: ws.value.engagement,
    now: new Date(stored.finishedAt!),
    attestations: stored.attestations,
  })
  return { stored, again }
}
