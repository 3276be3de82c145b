// What every secrets probe records about a finding: the engine's redacted finding plus where it was.
import { z } from 'zod'
import type { SecretFinding } from '../secrets'

/** Zod shape of an engine finding (already redacted: masked form and keyed hash only). */
export const secretFindingSchema = z.strictObject({
  rule: z.string(),
  provider: z.string(),
  title: z.string(),
  exposure: z.enum(['secret', 'public']),
  confidence: z.enum(['format', 'heuristic']),
  masked: z.string().regex(/\(\d+ chars\)$/),
  hash: z.string().regex(/^[0-9a-f]{32}$/),
  length: z.number().int().positive(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  encoding: z.enum(['plain', 'escaped', 'base64']),
  name: z.string().optional(),
  note: z.string().optional(),
})

// Compile-time guard: the schema and the engine's type stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const same: Same<z.output<typeof secretFindingSchema>, SecretFinding> = true
void same

/** The short id of a found value, as people see it in the rotation plan and record it in `secrets.rotated`. */
export function secretId(hash: string): string {
  return hash.slice(0, 12)
}
