// The upload flaw of issue 10 (smoke.upload) on api.acme.test: POST /api/uploads stores whatever file it gets and
// serves it back inline at /api/uploads/{id}; the repaired one enforces the size limit before reading the body
// (413), takes only PDF and PNG (415), refuses a file whose magic bytes are not the type it claims and the EICAR
// test file (422), and serves stored files as attachments with nosniff. The owner may DELETE a stored file.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { json, refuse, type LabAccount, type LabApiCall } from './api'
import type { LabMode } from './types'

/** The largest file the portal takes (declared in the lab's engagement as upload.maxBytes). */
export const UPLOAD_LIMIT = 1024 * 1024
/** The content types the portal takes. */
export const UPLOAD_TYPES = ['application/pdf', 'image/png']
/** What the flawed portal reads of an upload at most. */
const FLAWED_BODY_LIMIT = 4 * 1024 * 1024
/** Room for the multipart framing around the file. */
const FRAMING = 16 * 1024
/** Stored files kept at most: the lab must not grow with every audit. */
const KEPT = 20

const MAGIC: Record<string, Buffer> = {
  'application/pdf': Buffer.from('%PDF-'),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
}
const EXTENSION: Record<string, string> = { 'application/pdf': '.pdf', 'image/png': '.png' }
/** The part of the EICAR test string a scanner matches on. */
const EICAR_SIGNATURE = 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE'

/** A file as the lab stored it. */
export interface StoredUpload {
  id: string
  owner: string
  name: string
  type: string
  bytes: Buffer
}

async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Why the repaired portal refuses a file (status and message), or undefined when it takes it. */
function refusal(name: string, type: string, bytes: Buffer): [number, string] | undefined {
  if (bytes.length > UPLOAD_LIMIT) return [413, `files may be at most ${UPLOAD_LIMIT} bytes`]
  if (!UPLOAD_TYPES.includes(type)) return [415, `only ${UPLOAD_TYPES.join(' and ')} files are taken`]
  if (!name.toLowerCase().endsWith(EXTENSION[type]!))
    return [422, `the file name does not end in ${EXTENSION[type]}`]
  if (!bytes.subarray(0, MAGIC[type]!.length).equals(MAGIC[type]!))
    return [422, `the file's content is not ${type}`]
  if (bytes.includes(EICAR_SIGNATURE)) return [422, 'the file was flagged by the malware scanner']
  return undefined
}

/** The upload endpoint of the lab portal. */
export class UploadsLab {
  /** Files stored, newest last. */
  readonly stored: StoredUpload[] = []
  private next = 1

  /** The engagement's upload section. */
  engagementPart(): Record<string, unknown> {
    return {
      url: 'https://api.acme.test/api/uploads',
      field: 'file',
      maxBytes: UPLOAD_LIMIT,
      types: UPLOAD_TYPES,
    }
  }

  /** Answers /api/uploads and /api/uploads/{id} for a signed-in account; false for any other path. */
  api({ mode, req, res, headers, path, who }: LabApiCall): boolean {
    const one = /^\/api\/uploads\/([A-Za-z0-9]+)$/.exec(path)
    if (path !== '/api/uploads' && !one) return false
    if (!who) return refuse(req, res, 401, { error: 'sign in first' }, headers)
    if (one) {
      this.object(mode, req, res, headers, who, one[1]!)
      return true
    }
    if (req.method !== 'POST')
      return refuse(req, res, 405, { error: 'POST a multipart form with a file field' }, headers)
    // The repaired portal refuses an oversized upload before reading it.
    const declared = Number(req.headers['content-length'] ?? 0)
    if (mode === 'fixed' && declared > UPLOAD_LIMIT + FRAMING)
      return refuse(req, res, 413, { error: `files may be at most ${UPLOAD_LIMIT} bytes` }, headers)
    readBytes(req, mode === 'fixed' ? UPLOAD_LIMIT + FRAMING : FLAWED_BODY_LIMIT)
      .then(async (body) => {
        const form = await new Request('https://api.acme.test/api/uploads', {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          body: new Uint8Array(body),
        }).formData()
        const file = form.get('file')
        if (!file || typeof file === 'string')
          return json(res, 400, { error: 'the form has no file field' }, headers)
        const bytes = Buffer.from(await file.arrayBuffer())
        const type = file.type.split(';')[0]!.trim().toLowerCase()
        const refused = mode === 'fixed' ? refusal(file.name, type, bytes) : undefined
        if (refused) return json(res, refused[0], { error: refused[1] }, headers)
        const id = `u${this.next++}`
        this.stored.push({ id, owner: who.id, name: file.name, type, bytes })
        if (this.stored.length > KEPT) this.stored.shift()
        const url = `/api/uploads/${id}`
        json(res, 201, { id, name: file.name, size: bytes.length, type, url }, { ...headers, location: url })
      })
      .catch((err: unknown) =>
        err instanceof Error && err.message === 'body too large'
          ? json(res, 413, { error: 'too large' }, headers)
          : json(res, 400, { error: 'not a multipart form' }, headers),
      )
    return true
  }

  private object(
    mode: LabMode,
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    who: LabAccount,
    id: string,
  ): void {
    req.resume()
    const at = this.stored.findIndex((s) => s.id === id && s.owner === who.id)
    const found = this.stored[at]
    if (!found) return json(res, 404, { error: 'no such file' }, headers)
    if (req.method === 'DELETE') {
      this.stored.splice(at, 1)
      res.writeHead(204, headers)
      res.end()
      return
    }
    if (req.method !== 'GET') return json(res, 405, { error: 'GET or DELETE' }, headers)
    res.writeHead(200, {
      ...headers,
      'content-type': found.type || 'application/octet-stream',
      'content-length': found.bytes.length,
      'cache-control': 'private, no-store',
      // The flawed portal serves what it stored inline, as the type the uploader claimed.
      ...(mode === 'fixed'
        ? {
            'content-disposition': `attachment; filename="${found.name.replace(/[^\w.-]/g, '_')}"`,
            'x-content-type-options': 'nosniff',
          }
        : {}),
    })
    res.end(found.bytes)
  }
}
