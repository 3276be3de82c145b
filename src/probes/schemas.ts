// The data schema of every probe kind, in one registry: stored runs are validated with it on load, and the check
// fixtures with the same schemas. Each schema lives next to its probe.
import { z } from 'zod'
import { INTEGRATION_DATA } from '../integrations/types'
import { BEHAVIOUR_DATA } from './behaviour'
import { inventoryFactsSchema, nameserverFactsSchema, snapshotFactsSchema } from './dns'
import { FLOWS_DATA } from './flows'
import { httpOutcomeSchema } from './http'
import { IDENTITY_DATA } from './identity-schema'
import { MAIL_DATA } from './mail'
import { MONITOR_DATA } from './monitor'
import { isoTimeSchema, probeErrorSchema } from './probe'
import { SECRETS_DATA } from './secrets'
import { SURFACE_DATA } from './surface'
import { suiteSupportSchema, tlsFactsSchema, versionSupportSchema } from './tls'
import { baselineFactsSchema } from './workspace-schema'

/** The schema of each probe kind's data, by kind. */
export const observationSchemas: Readonly<Record<string, z.ZodType>> = {
  'http.page': httpOutcomeSchema,
  'http.authenticated': httpOutcomeSchema,
  'tls.handshake': tlsFactsSchema,
  'tls.versions': versionSupportSchema,
  'tls.suites': suiteSupportSchema,
  'workspace.baseline': baselineFactsSchema,
  'dns.inventory': inventoryFactsSchema,
  'dns.nameservers': nameserverFactsSchema,
  'dns.snapshot': snapshotFactsSchema,
  ...MAIL_DATA,
  ...SECRETS_DATA,
  ...MONITOR_DATA,
  ...SURFACE_DATA,
  ...INTEGRATION_DATA,
  ...IDENTITY_DATA,
  ...BEHAVIOUR_DATA,
  ...FLOWS_DATA,
}

const transcriptEntry = z.strictObject({
  at: isoTimeSchema,
  kind: z.enum(['dns', 'tcp', 'tls', 'http', 'refused', 'note']),
  target: z.string(),
  detail: z.string(),
  code: z.string().optional(),
})

/**
 * One observation as a run stores it: its key is `kind:subject#digest` (or the older `kind:subject`), it holds data
 * or an error, and its data has the shape of its kind's schema.
 */
export const observationSchema = z
  .strictObject({
    key: z.string(),
    kind: z.string(),
    subject: z.string(),
    startedAt: isoTimeSchema,
    durationMs: z.number().int().nonnegative(),
    data: z.unknown().optional(),
    error: probeErrorSchema.optional(),
    transcript: z.array(transcriptEntry).optional(),
  })
  .superRefine((o, ctx) => {
    const legacy = `${o.kind}:${o.subject}`
    if (o.key !== legacy && !(o.key.startsWith(`${legacy}#`) && /#[0-9a-f]{8}$/.test(o.key)))
      ctx.addIssue({ code: 'custom', path: ['key'], message: `${o.key} is not ${legacy}[#digest]` })
    if ((o.data === undefined) === (o.error === undefined))
      ctx.addIssue({ code: 'custom', message: 'an observation has data or an error, not both or neither' })
    const schema = observationSchemas[o.kind]
    if (!schema) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `${o.kind} is not a probe kind` })
      return
    }
    if (o.data === undefined) return
    const parsed = schema.safeParse(o.data)
    if (!parsed.success)
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['data', ...issue.path] })
  })
