// `behaviour.upload` (active, consent `uploads`): the engagement's upload endpoint gets a valid file first (the
// control, which must be taken), then a Windows executable and a Linux executable each named as an allowed type,
// the EICAR antivirus test file, a file one byte over the declared limit and a file of a type not on the list. A
// taken file counts as stored only when the object the answer points to can be fetched and its bytes hash to the
// bytes sent; each stored object is deleted again when the engagement allows it (it is the probe's own upload).
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { pick } from '../auth/session'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { fetchUrl, HttpPool, type HttpExchange } from '../network/http'
import { sessionHeaders } from './authenticated'
import { HarmWatch, unanswered } from './identity-inventory'
import { engagementRequest, type ProbeKind, type ProbeResult } from './probe'

/** The files sent, in order; `control` is a valid file of an allowed type. */
export const UPLOAD_CASES = [
  'control',
  'disguised-pe',
  'disguised-elf',
  'eicar',
  'oversized',
  'wrong-type',
] as const
/** One of the files sent. */
export type UploadCase = (typeof UPLOAD_CASES)[number]

/** Bytes of each upload answer kept as text. */
const ANSWER_KEEP = 1024

/** What came back when the stored object was fetched. */
export interface UploadFetch {
  url: string
  status?: number
  bytes?: number
  /** True when the fetched bytes hash to the bytes sent: the file was stored as it was. */
  same: boolean
  error?: string
}

/** One file sent to the upload endpoint and what came of it (redacted). */
export interface UploadTry {
  case: UploadCase
  /** The file name and content type it was sent with. */
  name: string
  type: string
  bytes: number
  sha256: string
  /** The first bytes of the file in hex (the magic number a server should read). */
  head: string
  status?: number
  contentType?: string
  answer?: string
  fetched?: UploadFetch
  /** The DELETE of the stored object, when cleanup is on. */
  cleanup?: { status?: number; error?: string }
  error?: string
}

/** Data of the `behaviour.upload` observation. */
export interface UploadFacts {
  /** `POST https://…/api/uploads` (redacted). */
  target: string
  /** The account whose session uploaded, or `anonymous`. */
  as: string
  maxBytes: number
  types: string[]
  tries: UploadTry[]
  /** Why nothing was sent (no account, no sign-in, no type the probe can make). */
  skipped?: string
  /** The code of what kept it from being sent, when coded (a missing credential: `isNoCredential`). */
  code?: string
  /** Why the probe stopped early (a 429, a storm of server errors, the budget). */
  stopped?: string
}

const uploadTry = z.strictObject({
  case: z.enum(UPLOAD_CASES),
  name: z.string(),
  type: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  head: z.string().regex(/^[0-9a-f]*$/),
  status: z.number().int().optional(),
  contentType: z.string().optional(),
  answer: z.string().optional(),
  fetched: z
    .strictObject({
      url: z.string(),
      status: z.number().int().optional(),
      bytes: z.number().int().nonnegative().optional(),
      same: z.boolean(),
      error: z.string().optional(),
    })
    .optional(),
  cleanup: z.strictObject({ status: z.number().int().optional(), error: z.string().optional() }).optional(),
  error: z.string().optional(),
})

/** Data schema of the `behaviour.upload` probe (fixtures are validated against it). */
export const uploadFactsSchema = z.strictObject({
  target: z.string(),
  as: z.string(),
  maxBytes: z.number().int().positive(),
  types: z.array(z.string()),
  tries: z.array(uploadTry),
  skipped: z.string().optional(),
  code: z.string().optional(),
  stopped: z.string().optional(),
})

/** The probe request of smoke.upload. */
export const uploadOf = engagementRequest('behaviour.upload')

// The EICAR test file (eicar.org): harmless, and detected by every antivirus as if it were malware. Kept in two
// halves so that this source file is not itself quarantined by a scanner on a developer's machine.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('')

/** The EICAR test string (68 bytes). */
export function eicarString(): string {
  return EICAR
}

/** A valid 1×1 transparent PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
/** A valid 1×1 GIF. */
const GIF_1X1 = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

/** The small valid files the probe can make, by content type, with the extension they are named with. */
const VALID: Record<string, { ext: string; make: (marker: string) => Buffer }> = {
  'application/pdf': {
    ext: 'pdf',
    make: (m) =>
      Buffer.from(
        `%PDF-1.4\n% ${m}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
      ),
  },
  'image/png': { ext: 'png', make: () => PNG_1X1 },
  'image/gif': { ext: 'gif', make: () => GIF_1X1 },
  'text/plain': { ext: 'txt', make: (m) => Buffer.from(`Handover upload check ${m}\n`) },
  'text/csv': { ext: 'csv', make: (m) => Buffer.from(`name,note\nHandover,${m}\n`) },
}

/** A DOS/PE header: "MZ", the DOS stub's message and the PE signature, padded to 512 bytes. */
function peExecutable(marker: string): Buffer {
  const b = Buffer.alloc(512)
  b.write('MZ', 0, 'latin1')
  b.writeUInt32LE(0x80, 0x3c)
  b.write(`This program cannot be run in DOS mode.\r\r\n$ ${marker}`, 0x4e, 'latin1')
  b.write('PE\0\0', 0x80, 'latin1')
  b.writeUInt16LE(0x14c, 0x84)
  return b
}

/** An ELF header (64-bit, little-endian, an executable for x86-64), padded to 512 bytes. */
function elfExecutable(marker: string): Buffer {
  const b = Buffer.alloc(512)
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b, 0)
  b.writeUInt16LE(2, 16)
  b.writeUInt16LE(0x3e, 18)
  b.writeUInt32LE(1, 20)
  b.write(marker, 0x100, 'latin1')
  return b
}

/** One file to send. */
interface UploadFile {
  case: UploadCase
  name: string
  type: string
  bytes: Buffer
}

/** The files of one run, or why none can be made: each bad file is named as an allowed type. */
export function uploadFiles(
  upload: NonNullable<Engagement['upload']>,
  marker: string,
): UploadFile[] | string {
  const makeable = upload.types.filter((t) => t in VALID)
  const first = makeable[0]
  if (!first)
    return `upload.types lists no type the check can make a valid file of (${Object.keys(VALID).join(', ')})`
  const main = VALID[first]!
  const second = makeable.find((t) => t !== first) ?? first
  const text = makeable.find((t) => t.startsWith('text/')) ?? first
  const valid = main.make(marker)
  const oversized = Buffer.alloc(upload.maxBytes + 1, 0x20)
  valid.copy(oversized, 0)
  const wrong = upload.types.includes('text/html')
    ? {
        name: 'drawing.svg',
        type: 'image/svg+xml',
        bytes: `<svg xmlns="http://www.w3.org/2000/svg"><script>/* ${marker} */</script></svg>\n`,
      }
    : {
        name: 'page.html',
        type: 'text/html',
        bytes: `<!doctype html><title>${marker}</title><script>/* uploaded script */</script>\n`,
      }
  return [
    { case: 'control', name: `handover-check.${main.ext}`, type: first, bytes: valid },
    { case: 'disguised-pe', name: `invoice.${main.ext}`, type: first, bytes: peExecutable(marker) },
    {
      case: 'disguised-elf',
      name: `photo.${VALID[second]!.ext}`,
      type: second,
      bytes: elfExecutable(marker),
    },
    { case: 'eicar', name: `eicar.${VALID[text]!.ext}`, type: text, bytes: Buffer.from(EICAR, 'latin1') },
    { case: 'oversized', name: `large.${main.ext}`, type: first, bytes: oversized },
    { case: 'wrong-type', name: wrong.name, type: wrong.type, bytes: Buffer.from(wrong.bytes) },
  ]
}

/** A multipart/form-data body with one file, made by the platform's own encoder. */
async function multipart(field: string, file: UploadFile): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData()
  form.append(field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
  const encoded = new Response(form)
  return {
    body: Buffer.from(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type') ?? 'multipart/form-data',
  }
}

const STORED_KEYS = [
  'url',
  'href',
  'location',
  'download',
  'downloadUrl',
  'fileUrl',
  'path',
  'file.url',
  'data.url',
]

/** Where the answer says the file was stored: the declared JSON path, a Location header, or a usual field. */
export function storedUrl(x: HttpExchange, base: string, storedAt: string | undefined): string | undefined {
  let answer: unknown
  try {
    answer = JSON.parse(x.body ?? '')
  } catch {
    answer = undefined
  }
  const candidates = storedAt
    ? [pick(answer, storedAt)]
    : [x.headers.location, ...STORED_KEYS.map((k) => pick(answer, k))]
  const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0)
  if (!found) return undefined
  try {
    return new URL(found, base).toString()
  } catch {
    return undefined
  }
}

/** The first account that is a client (not an admin, not a demo), else the first account. */
function uploader(e: Engagement): string | undefined {
  return (e.accounts.find((a) => a.role !== 'admin' && a.role !== 'demo') ?? e.accounts[0])?.id
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** The upload endpoint sent a valid file and five bad ones (active). */
export const behaviourUpload: ProbeKind<{ engagement: string }, UploadFacts> = {
  kind: 'behaviour.upload',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_params, e) => e.net.totalMs * 4,
  async run(_params, ctx): Promise<ProbeResult<UploadFacts>> {
    const e = ctx.engagement
    const upload = e.upload
    const as = upload?.account ?? uploader(e) ?? 'anonymous'
    const out: UploadFacts = {
      target: upload ? `${upload.method} ${ctx.network.redactor.url(upload.url)}` : '',
      as,
      maxBytes: upload?.maxBytes ?? 1,
      types: upload?.types ?? [],
      tries: [],
    }
    if (!upload) return ok({ ...out, skipped: 'upload is not set in handover.json' })
    const files = uploadFiles(upload, `hv${randomBytes(6).toString('hex')}`)
    if (typeof files === 'string') return ok({ ...out, skipped: files })
    const signedIn = await sessionHeaders(ctx, as)
    if (!('headers' in signedIn)) return ok({ ...out, ...signedIn })
    const session = signedIn.headers
    const harm = new HarmWatch()
    const pool = new HttpPool(ctx.network, ctx.rec)
    const send = (
      url: string,
      method: string,
      extra: { headers?: Record<string, string>; body?: Buffer } = {},
    ) =>
      fetchUrl(
        ctx.network,
        {
          url,
          method,
          headers: { accept: 'application/json', ...session, ...extra.headers },
          ...(extra.body ? { body: extra.body } : {}),
          follow: false,
          keepBody: method === 'GET' ? 0 : ANSWER_KEEP,
          active: true,
          pool,
          deadline: ctx.deadline,
        },
        ctx.rec,
      )
    const see = (url: string, status: number | undefined, error: string | undefined): void => {
      harm.see({
        as,
        endpoint: out.target,
        method: upload.method,
        url,
        ...(status !== undefined ? { status } : {}),
        ...(error ? { error } : {}),
      })
    }
    try {
      for (const file of files) {
        if (harm.reason) break
        const x: UploadTry = {
          case: file.case,
          name: file.name,
          type: file.type,
          bytes: file.bytes.length,
          sha256: sha256(file.bytes),
          head: file.bytes.subarray(0, 8).toString('hex'),
        }
        out.tries.push(x)
        const form = await multipart(upload.field, file)
        const sent = await send(upload.url, upload.method, {
          headers: { 'content-type': form.contentType },
          body: form.body,
        })
        const answer = sent.exchanges.at(-1)
        if (sent.error || !answer) {
          x.error = unanswered(sent.error)
          see(out.target, undefined, x.error)
          break
        }
        x.status = answer.status
        if (answer.headers['content-type']) x.contentType = answer.headers['content-type']
        if (answer.body !== undefined) x.answer = answer.body
        see(out.target, answer.status, undefined)
        if (answer.status >= 200 && answer.status < 300) {
          const at = storedUrl(answer, upload.url, upload.storedAt)
          if (at) {
            const got = await send(at, 'GET')
            const back = got.exchanges.at(-1)
            x.fetched = { url: ctx.network.redactor.url(at), same: false }
            if (got.error || !back) x.fetched.error = unanswered(got.error)
            else {
              x.fetched.status = back.status
              x.fetched.bytes = back.bodyBytes
              x.fetched.same =
                back.status >= 200 &&
                back.status < 300 &&
                back.bodySha256 === x.sha256 &&
                back.bodyBytes === x.bytes
            }
            if (upload.cleanup) {
              const gone = await send(at, 'DELETE')
              const del = gone.exchanges.at(-1)
              x.cleanup =
                gone.error || !del ? { error: gone.error?.message ?? 'no answer' } : { status: del.status }
            }
          }
        }
        // A refused control makes the rest meaningless: there is nothing to tell a refusal from.
        if (file.case === 'control' && (answer.status < 200 || answer.status >= 300)) break
      }
    } finally {
      await pool.close()
    }
    if (harm.reason) out.stopped = harm.reason
    return ok(out)
  },
}
