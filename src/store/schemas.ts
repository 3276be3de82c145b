// Schemas of the workspace files other than the engagement; every file is validated on load.
import { z } from 'zod'
import { SEVERITIES, STATUSES } from '../core/types'

const severity = z.enum(SEVERITIES as [string, ...string[]])
const status = z.enum(STATUSES as [string, ...string[]])

/** One stored check result. */
export const checkResultSchema = z.object({
  check: z.string(),
  checkVersion: z.number().int(),
  stage: z.number().int().min(1).max(7),
  subject: z.string(),
  status,
  severity: severity.optional(),
  outcome: z.string(),
  title: z.string(),
  summary: z.string(),
  evidence: z.array(z.object({ label: z.string() }).passthrough()),
  remediation: z.string(),
  fingerprint: z.string(),
  code: z.string().optional(),
})

/** One stored attestation: a person's answer to a manual check. */
export const attestationSchema = z.strictObject({
  check: z.string(),
  subject: z.string().optional(),
  status: z.enum(['pass', 'fail', 'not-applicable']),
  note: z.string().optional(),
  evidence: z.strictObject({ file: z.string(), sha256: z.string() }).optional(),
  by: z.string(),
  at: z.string(),
})

/** A stored run file (`handover.run/1`). */
export const runSchema = z
  .object({
    schema: z.literal('handover.run/1'),
    engine: z.string(),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    status: z.enum(['running', 'complete', 'cancelled', 'interrupted']),
    engagement: z.object({ name: z.string(), client: z.string().optional(), hosts: z.array(z.string()) }),
    selection: z.object({}).passthrough(),
    checks: z.record(z.string(), z.number()),
    results: z.array(checkResultSchema),
    observations: z.record(z.string(), z.object({ key: z.string(), kind: z.string() }).passthrough()),
    attestations: z.array(attestationSchema),
    baseline: z.string().optional(),
    timings: z.object({ totalMs: z.number(), probesMs: z.number(), probes: z.number() }),
    summary: z.object({ launchReady: z.boolean() }).passthrough(),
    writer: z
      .strictObject({
        pid: z.number().int(),
        host: z.string(),
        startedAt: z.string(),
        procStart: z.string().optional(),
      })
      .optional(),
  })
  .passthrough()

/** The attestations file (`handover.attestations/1`). */
export const attestationsFileSchema = z.strictObject({
  schema: z.literal('handover.attestations/1'),
  attestations: z.array(attestationSchema),
})

/** The baseline file (`handover.baseline/1`): the accepted run and when. */
export const baselineFileSchema = z.strictObject({
  schema: z.literal('handover.baseline/1'),
  run: z.string().regex(/^[A-Za-z0-9._-]+$/),
  acceptedAt: z.string(),
  acceptedBy: z.string(),
})

/** A parsed baseline file. */
export type BaselineRecord = z.output<typeof baselineFileSchema>

/** The deliverables file (`handover.deliverables/1`): people's notes per deliverable item. */
export const deliverablesFileSchema = z.strictObject({
  schema: z.literal('handover.deliverables/1'),
  /** Per deliverable, a note per item key, e.g. notes['domain-handoff']['A www.acme.test'] = 'moved to the new origin'. */
  notes: z.record(z.string(), z.record(z.string(), z.string().max(2000))).default({}),
})

/** A parsed deliverables file. */
export type DeliverablesFile = z.output<typeof deliverablesFileSchema>
