// The data schema of the `workspace.baseline` probe, apart from the probe: the store validates stored runs with
// it, and the probe itself reads the store.
import { z } from 'zod'
import { SEVERITIES, STATUSES } from '../core/types'
import { isoTimeSchema } from './probe'

/** Data of `workspace.baseline`: the accepted run's results reduced to what a diff needs. */
export const baselineFactsSchema = z.strictObject({
  run: z.string().optional(),
  acceptedAt: isoTimeSchema.optional(),
  results: z.array(
    z
      .strictObject({
        fingerprint: z.string(),
        check: z.string(),
        subject: z.string(),
        status: z.enum(STATUSES),
        severity: z.enum(SEVERITIES).optional(),
        checkVersion: z.number().int().positive(),
      })
      .refine((r) => r.fingerprint === `${r.check}|${r.subject}`, {
        error: 'fingerprint is not check|subject',
      }),
  ),
})
