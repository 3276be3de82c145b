// The accepted baseline, read from the workspace as an observation so a stored run can be re-evaluated.
import type { z } from 'zod'
import { failure, ok } from '../core/result'
import type { CheckResult } from '../core/types'
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

/** Probe `workspace.baseline`: the accepted baseline's run, read from the workspace. */
export const workspaceBaseline: ProbeKind<Record<string, never>, BaselineFacts> = {
  kind: 'workspace.baseline',
  subject: () => 'baseline',
  async run(_params, ctx): Promise<ProbeResult<BaselineFacts>> {
    const ws = await Workspace.open(ctx.workspace)
    if (!ws.ok) return ws
    const record = await ws.value.baseline()
    if (!record.ok) return failure(PROBE.BASELINE_INVALID, record.error.message)
    if (!record.value) return ok({ results: [] })
    const run = await ws.value.loadRun(record.value.run)
    if (!run.ok) return failure(PROBE.BASELINE_RUN_MISSING, run.error.message)
    return ok({
      run: record.value.run,
      acceptedAt: record.value.acceptedAt,
      results: run.value.results.map(({ fingerprint, check, subject, status, severity, checkVersion }) => ({
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
