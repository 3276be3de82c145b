// secrets.logs' probe: supplied log and build-output files, scanned for secrets and for personal data in clear.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { scanSecrets } from '../secrets'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { secretFindingSchema } from './secrets-common'
import { findingKey } from './secrets-key'
import { SOURCE } from './codes'

/** Log files larger than this are scanned up to it (the rest is reported as not read). */
export const MAX_LOG_BYTES = 64 * 1024 * 1024

const EMAIL = /(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}(?![\w-])/g
const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g

const sensitive = z.strictObject({
  count: z.number().int().nonnegative(),
  lines: z.array(z.number().int().positive()),
  masked: z.array(z.string()),
})

/** Data of a `secrets.logs` observation. */
export const logScanSchema = z.strictObject({
  /** Id of the key that made the hashes (FindingKey.id). */
  keyId: z.string(),
  files: z.array(
    z.strictObject({
      file: z.string(),
      bytes: z.number().int().nonnegative(),
      lines: z.number().int().nonnegative(),
      truncated: z.boolean(),
      error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
      findings: z.array(secretFindingSchema),
      emails: sensitive,
      cards: sensitive,
    }),
  ),
})

/** What the log scan found (`secrets.logs`). */
export type LogScanFacts = z.output<typeof logScanSchema>
type Sensitive = z.output<typeof sensitive>

/** Luhn's checksum, so order numbers and timestamps are not taken for card numbers. */
export function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return digits.length >= 13 && sum % 10 === 0
}

function collect(
  text: string,
  re: RegExp,
  accept: (m: string) => boolean,
  mask: (m: string) => string,
): Sensitive {
  const out: Sensitive = { count: 0, lines: [], masked: [] }
  let line = 1
  let at = 0
  for (const m of text.matchAll(re)) {
    if (!accept(m[0])) continue
    for (; at < m.index; at++) if (text.charCodeAt(at) === 10) line++
    out.count++
    if (out.lines.length < 10 && !out.lines.includes(line)) out.lines.push(line)
    const masked = mask(m[0])
    if (out.masked.length < 3 && !out.masked.includes(masked)) out.masked.push(masked)
  }
  return out
}

/** Logs and build output named in `sources.logs`, relative to the workspace. */
export const secretsLogs: ProbeKind<{ files: string[] }, LogScanFacts> = {
  kind: 'secrets.logs',
  subject: () => 'logs',
  async run({ files }, ctx): Promise<ProbeResult<LogScanFacts>> {
    const key = await findingKey(ctx.credentials, ctx.engagement)
    if (!key.ok) return key
    const out: LogScanFacts['files'] = []
    for (const file of files) {
      const empty = { count: 0, lines: [], masked: [] }
      let buf: Buffer
      try {
        buf = await readFile(path.resolve(ctx.workspace, file))
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
        out.push({
          file,
          bytes: 0,
          lines: 0,
          truncated: false,
          error: {
            code: code === 'ENOENT' ? SOURCE.LOG_MISSING : SOURCE.LOG_UNREADABLE,
            message: `${file} cannot be read (${code}).`,
          },
          findings: [],
          emails: empty,
          cards: empty,
        })
        continue
      }
      const bytes = buf.subarray(0, MAX_LOG_BYTES)
      const text = bytes.toString('utf8')
      out.push({
        file,
        bytes: buf.length,
        lines: text.split('\n').length,
        truncated: buf.length > MAX_LOG_BYTES,
        findings: scanSecrets(bytes, { key: key.value }),
        emails: collect(
          text,
          EMAIL,
          (m) => !/\*|…|\[/.test(m),
          (m) => `${m[0]}…@${m.split('@')[1]}`,
        ),
        cards: collect(
          text,
          CARD,
          (m) => luhn(m.replace(/\D/g, '')),
          (m) => `…${m.replace(/\D/g, '').slice(-4)} (${m.replace(/\D/g, '').length} digits)`,
        ),
      })
    }
    return ok({ keyId: key.value.id, files: out })
  },
}

/** The log scan request, when the engagement names log files. */
export const logScanOf = (engagement: Engagement): ProbeRequest | undefined => {
  const files = engagement.sources?.logs ?? []
  return files.length > 0 ? request(secretsLogs.kind, 'logs', { files }) : undefined
}
