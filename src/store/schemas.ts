// Schemas of the workspace files other than the engagement; every file is validated on load.
import { z } from 'zod'
import { SEVERITIES, STATUSES, type Run } from '../core/types'
import { observationSchema } from '../probes/schemas'

const severity = z.enum(SEVERITIES)
const status = z.enum(STATUSES)
/** A sprint stage, 1–7. */
const stage = z.literal([1, 2, 3, 4, 5, 6, 7])

/** A run id (`20261202T100748Z-c00b`), or `latest` / `baseline` where a reference is asked for. */
export const runIdSchema = z.string().regex(/^[A-Za-z0-9._-]+$/, { error: 'expected a run id' })

/** A person's answer to a manual check. */
export const attestationStatusSchema = z.enum(['pass', 'fail', 'not-applicable'])

/** The text of one deliverable note. */
export const deliverableNoteSchema = z.string().max(2000)

/** One stored check result. */
const checkResultSchema = z.strictObject({
  check: z.string(),
  checkVersion: z.number().int(),
  stage,
  subject: z.string(),
  status,
  severity: severity.optional(),
  outcome: z.string(),
  title: z.string(),
  summary: z.string(),
  evidence: z.array(
    z.strictObject({
      label: z.string(),
      value: z.string().optional(),
      observation: z.string().optional(),
      file: z.string().optional(),
      sha256: z.string().optional(),
    }),
  ),
  remediation: z.string(),
  fingerprint: z.string(),
  code: z.string().optional(),
})

/** One stored attestation: a person's answer to a manual check. */
export const attestationSchema = z.strictObject({
  check: z.string(),
  subject: z.string().optional(),
  status: attestationStatusSchema,
  note: z.string().optional(),
  evidence: z.strictObject({ file: z.string(), sha256: z.string() }).optional(),
  by: z.string(),
  at: z.string(),
})

/** The counts, minimum bar and blockers of a run. */
const runSummarySchema = z.strictObject({
  pass: z.number().int(),
  fail: z.number().int(),
  warn: z.number().int(),
  error: z.number().int(),
  skipped: z.number().int(),
  manual: z.number().int(),
  launchReady: z.boolean(),
  blockers: z.number().int(),
  minimumBar: z.array(
    z.strictObject({
      item: z.enum([
        'auth-enforced',
        'authz-server-side',
        'secrets-outside-code',
        'input-validation',
        'edge-protection',
        'https-everywhere',
        'monitoring-live',
      ]),
      status: z.enum(['pass', 'fail', 'not-checked']),
      checks: z.array(z.string()),
    }),
  ),
})

/** A stored run file (`handover.run/1`); each observation is validated by its probe kind's schema. */
export const runSchema: z.ZodType<Run> = z.strictObject({
  schema: z.literal('handover.run/1'),
  engine: z.string(),
  id: runIdSchema,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(['running', 'complete', 'cancelled', 'interrupted']),
  engagement: z.strictObject({ name: z.string(), client: z.string().optional(), hosts: z.array(z.string()) }),
  selection: z.strictObject({ stages: z.array(stage).optional(), checks: z.array(z.string()).optional() }),
  checks: z.record(z.string(), z.number()),
  results: z.array(checkResultSchema),
  observations: z.record(z.string(), observationSchema),
  attestations: z.array(attestationSchema),
  baseline: z.string().optional(),
  timings: z.strictObject({ totalMs: z.number(), probesMs: z.number(), probes: z.number() }),
  summary: runSummarySchema,
  writer: z
    .strictObject({
      pid: z.number().int(),
      host: z.string(),
      startedAt: z.string(),
      procStart: z.string().optional(),
    })
    .optional(),
})

/** The attestations file (`handover.attestations/1`). */
export const attestationsFileSchema = z.strictObject({
  schema: z.literal('handover.attestations/1'),
  attestations: z.array(attestationSchema),
})

/** The baseline file (`handover.baseline/1`): the accepted run and when. */
export const baselineFileSchema = z.strictObject({
  schema: z.literal('handover.baseline/1'),
  run: runIdSchema,
  acceptedAt: z.string(),
  acceptedBy: z.string(),
})

/** A parsed baseline file. */
export type BaselineRecord = z.output<typeof baselineFileSchema>

/** The deliverables file (`handover.deliverables/1`): people's notes per deliverable item. */
export const deliverablesFileSchema = z.strictObject({
  schema: z.literal('handover.deliverables/1'),
  /** Per deliverable, a note per item key, e.g. notes['domain-handoff']['A www.acme.test'] = 'moved to the new origin'. */
  notes: z.record(z.string(), z.record(z.string(), deliverableNoteSchema)).default({}),
})

/** A parsed deliverables file. */
export type DeliverablesFile = z.output<typeof deliverablesFileSchema>
