// The accepted baseline, read from the workspace as an observation so a stored run can be re-evaluated.
import type { z } from 'zod'
import { failure, ok } from '../core/result'
import type { CheckResult, Run } from '../core/types'
import type { BaselineRecord } from '../store/schemas'
import { Workspace } from '../store/workspace'
import { request, type ProbeKind, type ProbeRequest, type Same, type ProbeResult } from './probe'
import type { baselineFactsSchema } from './workspace-schema'
import { PROBE } from './codes'

/** The baseline's results reduced to what a diff needs. */
export interface BaselineFacts {
  run?: string
  acceptedAt?: string
  results: Pick<CheckResult, 'fingerprint' | 'check' | 'subject' | 'status' | 'severity' | 'checkVersion'>[]
}

const shapeMatches: Same<z.output<typeof baselineFactsSchema>, BaselineFacts> = true
void shapeMatches

/** The accepted baseline and its stored run, or undefined when none is accepted; an unreadable one is a coded failure. */
export async function acceptedBaseline(
  workspace: string,
): Promise<ProbeResult<{ record: BaselineRecord; run: Run } | undefined>> {
  const ws = await Workspace.open(workspace)
  if (!ws.ok) return ws
  const record = await ws.value.baseline()
  if (!record.ok) return failure(PROBE.BASELINE_INVALID, record.error.message)
  if (!record.value) return ok(undefined)
  const run = await ws.value.loadRun(record.value.run)
  if (!run.ok) return failure(PROBE.BASELINE_RUN_MISSING, run.error.message)
  return ok({ record: record.value, run: run.value })
}

/** Probe `workspace.baseline`: the accepted baseline's run, read from the workspace. */
export const workspaceBaseline: ProbeKind<Record<string, never>, BaselineFacts> = {
  kind: 'workspace.baseline',
  subject: () => 'baseline',
  async run(_params, ctx): Promise<ProbeResult<BaselineFacts>> {
    const baseline = await acceptedBaseline(ctx.workspace)
    if (!baseline.ok) return baseline
    if (!baseline.value) return ok({ results: [] })
    const { record, run } = baseline.value
    return ok({
      run: record.run,
      acceptedAt: record.acceptedAt,
      results: run.results.map(({ fingerprint, check, subject, status, severity, checkVersion }) => ({
        fingerprint,
        check,
        subject,
        status,
        checkVersion,
        ...(severity ? { severity } : {}),
      })),
    })
  },
}

/** The request for the accepted baseline. */
export const baselineOf = (): ProbeRequest => request(workspaceBaseline.kind, 'baseline', {})
