// Reads the files embedded in a PDF (the catalog's /EmbeddedFiles name tree) and says whether the signature
// covers every byte they were read from. Like locate.ts it reads the file as written, through the classic
// cross-reference table, so what is listed is exactly what the signed bytes hold.
import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { MalformedPdf, decodeTextString, parseValue, type Parsed, type PdfValue } from './locate'
import type { VerifyReport } from './verify'

/** One embedded file as read from the PDF. */
export interface EmbeddedFile {
  name: string
  bytes: Buffer
  sha256: string
  mime?: string
  description?: string
  /** The file's modification date as the PDF records it (ISO), when it does. */
  modified?: string
}

/** The embedded files of a PDF and whether the signature vouches for them. */
export interface EmbeddedListing {
  files: EmbeddedFile[]
  /**
   * True when the PDF's signature is valid, covers the whole file, and every object the files were read from
   * (catalog, name tree, file specifications, streams) lies inside its signed byte ranges.
   */
  covered: boolean
  /** Why a file could not be read or does not hold together (size or checksum disagree); empty when all is well. */
  problems: string[]
}

/** Most embedded files a pack may hold, and the largest one once inflated: a crafted PDF gets no more work. */
const MAX_FILES = 64
const MAX_INFLATED = 64 * 1024 * 1024
const MAX_TREE_DEPTH = 8

type Dict = Extract<PdfValue, { kind: 'dict' }>

interface XrefTable {
  offsets: Map<number, number>
  trailer: Dict
}

/** Offset just past the last `startxref N %%EOF`. */
function lastStartXref(pdf: Buffer): number | undefined {
  const tail = pdf.toString('latin1', Math.max(0, pdf.length - 2048))
  const all = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)]
  const last = all.at(-1)
  return last ? Number(last[1]) : undefined
}

/** The classic cross-reference sections from the last one back through /Prev; the newest entry wins. */
function readXref(pdf: Buffer): XrefTable {
  let at: number | undefined = lastStartXref(pdf)
  if (at === undefined) throw new MalformedPdf('no startxref')
  const offsets = new Map<number, number>()
  let trailer: Dict | undefined
  const seen = new Set<number>()
  while (at !== undefined) {
    if (seen.has(at) || seen.size > 32) throw new MalformedPdf('cross-reference sections loop')
    seen.add(at)
    if (pdf.toString('latin1', at, at + 4) !== 'xref')
      throw new MalformedPdf('cross-reference stream (only classic tables are read)')
    let p: number = at + 4
    const text = (): string => pdf.toString('latin1', p, Math.min(pdf.length, p + 64))
    for (;;) {
      const head = /^\s*(\d+)\s+(\d+)[ \t]*\r?\n?/.exec(text())
      if (!head) break
      const first = Number(head[1])
      const count = Number(head[2])
      p += head[0].length
      for (let i = 0; i < count; i++) {
        const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(pdf.toString('latin1', p, p + 20))
        if (!entry) throw new MalformedPdf('malformed cross-reference entry')
        if (entry[3] === 'n' && !offsets.has(first + i)) offsets.set(first + i, Number(entry[1]))
        p += 20
      }
    }
    const key: number = pdf.indexOf('trailer', p)
    if (key < 0) throw new MalformedPdf('no trailer')
    const dict: PdfValue = parseValue(pdf, key + 'trailer'.length).value
    if (dict.kind !== 'dict') throw new MalformedPdf('trailer is not a dictionary')
    trailer ??= dict
    const prev: PdfValue | undefined = dict.entries.get('Prev')?.value
    at = prev?.kind === 'number' ? prev.value : undefined
  }
  return { offsets, trailer: trailer! }
}

/** Reads indirect objects by number, remembering the byte span of each one read. */
class ObjectReader {
  readonly spans: [number, number][] = []

  constructor(
    private readonly pdf: Buffer,
    private readonly xref: XrefTable,
  ) {}

  /** The object `num` as a parsed value, with its span recorded. */
  object(num: number): Parsed & { bodyEnd: number } {
    const at = this.xref.offsets.get(num)
    if (at === undefined) throw new MalformedPdf(`object ${num} is not in the cross-reference table`)
    const head = /^\s*(\d+)\s+(\d+)\s+obj/.exec(this.pdf.toString('latin1', at, at + 32))
    if (!head || Number(head[1]) !== num) throw new MalformedPdf(`object ${num} is not where the table says`)
    const value = parseValue(this.pdf, at + head[0].length)
    this.spans.push([at, value.end])
    return { ...value, bodyEnd: value.end }
  }

  /** A value, following an indirect reference. */
  resolve(v: Parsed | undefined): PdfValue | undefined {
    if (!v) return undefined
    return v.value.kind === 'ref' ? this.object(v.value.num).value : v.value
  }

  dict(v: Parsed | undefined, what: string): Dict {
    const d = this.resolve(v)
    if (d?.kind !== 'dict') throw new MalformedPdf(`${what} is not a dictionary`)
    return d
  }

  /** The decoded data of stream object `num` (FlateDecode or no filter). */
  stream(num: number): { dict: Dict; data: Buffer } {
    const obj = this.object(num)
    if (obj.value.kind !== 'dict') throw new MalformedPdf(`object ${num} is not a stream`)
    const dict = obj.value
    const keyword = /^\s*stream(\r\n|\n)/.exec(this.pdf.toString('latin1', obj.bodyEnd, obj.bodyEnd + 16))
    if (!keyword) throw new MalformedPdf(`object ${num} has no stream data`)
    const start = obj.bodyEnd + keyword[0].length
    const length = this.resolve(dict.entries.get('Length'))
    if (length?.kind !== 'number' || !Number.isSafeInteger(length.value) || length.value < 0)
      throw new MalformedPdf(`stream ${num} has no usable /Length`)
    const end = start + length.value
    if (!/^\s*endstream/.test(this.pdf.toString('latin1', end, end + 16)))
      throw new MalformedPdf(`stream ${num} does not end where its /Length says`)
    this.spans.push([obj.start, end])
    const raw = this.pdf.subarray(start, end)
    const filter = this.resolve(dict.entries.get('Filter'))
    if (!filter) return { dict, data: Buffer.from(raw) }
    if (filter.kind !== 'name' || filter.value !== 'FlateDecode')
      throw new MalformedPdf(`stream ${num} uses a filter other than FlateDecode`)
    try {
      return { dict, data: inflateSync(raw, { maxOutputLength: MAX_INFLATED }) }
    } catch {
      throw new MalformedPdf(`stream ${num} does not inflate`)
    }
  }
}

function text(v: PdfValue | undefined): string | undefined {
  return v?.kind === 'string' ? decodeTextString(v.bytes) : undefined
}

/** D:YYYYMMDDHHmmSS(Z|±HH'mm') → ISO, or undefined. */
function pdfDate(v: string | undefined): string | undefined {
  const m = v && /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(v)
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined
}

/** The (name, file specification) pairs of a name tree, leaves and kids. */
function nameTree(r: ObjectReader, node: Dict, depth: number, out: [string, Parsed][]): void {
  if (depth > MAX_TREE_DEPTH) throw new MalformedPdf('the embedded-files tree is too deep')
  const names = r.resolve(node.entries.get('Names'))
  if (names?.kind === 'array') {
    for (let i = 0; i + 1 < names.items.length; i += 2) {
      const key = names.items[i]!.value
      if (key.kind !== 'string') throw new MalformedPdf('an embedded-file name is not a string')
      out.push([decodeTextString(key.bytes), names.items[i + 1]!])
      if (out.length > MAX_FILES) throw new MalformedPdf(`more than ${MAX_FILES} embedded files`)
    }
  }
  const kids = r.resolve(node.entries.get('Kids'))
  if (kids?.kind === 'array')
    for (const kid of kids.items) nameTree(r, r.dict(kid, 'a name-tree kid'), depth + 1, out)
}

function readFile(r: ObjectReader, name: string, spec: Parsed, problems: string[]): EmbeddedFile | undefined {
  const filespec = r.dict(spec, `the file specification of ${name}`)
  const ef = r.dict(filespec.entries.get('EF'), `the /EF of ${name}`)
  const ref = ef.entries.get('F')?.value
  if (ref?.kind !== 'ref') throw new MalformedPdf(`${name} has no embedded stream`)
  const { dict, data } = r.stream(ref.num)
  const params = r.resolve(dict.entries.get('Params'))
  const file: EmbeddedFile = { name, bytes: data, sha256: createHash('sha256').update(data).digest('hex') }
  const subtype = r.resolve(dict.entries.get('Subtype'))
  if (subtype?.kind === 'name') file.mime = subtype.value
  const desc = text(r.resolve(filespec.entries.get('Desc')))
  if (desc) file.description = desc
  if (params?.kind === 'dict') {
    const size = r.resolve(params.entries.get('Size'))
    if (size?.kind === 'number' && size.value !== data.length)
      problems.push(`${name}: the PDF says ${size.value} bytes, the embedded stream holds ${data.length}.`)
    const sum = r.resolve(params.entries.get('CheckSum'))
    if (sum?.kind === 'string') {
      const md5 = createHash('md5').update(data).digest()
      // ISO 32000 says the 16 digest bytes; pdfkit writes their hex digits. Either must match.
      const matches =
        sum.bytes.equals(md5) || sum.bytes.toString('latin1').toLowerCase() === md5.toString('hex')
      if (!matches) problems.push(`${name}: its MD5 checksum in the PDF does not match its contents.`)
    }
    const modified = pdfDate(text(r.resolve(params.entries.get('ModDate'))))
    if (modified) file.modified = modified
  }
  return file
}

/** The signed byte ranges of the latest signature, when it is valid and covers the whole file. */
function signedRanges(report: VerifyReport | undefined): [number, number][] {
  const latest = report?.signatures.at(-1)
  if (!report || report.status !== 'valid' || !report.coversWholeFile || !latest) return []
  const [a, b, c, d] = latest.byteRange as [number, number, number, number]
  return [
    [a, a + b],
    [c, c + d],
  ]
}

/**
 * The embedded files of `pdf`. Pass the verification of the same bytes to learn whether the signature covers
 * them; without one, `covered` is false. Expected failures are problems; it throws only on bugs.
 */
export function readEmbeddedFiles(pdf: Buffer, report?: VerifyReport): EmbeddedListing {
  const problems: string[] = []
  const files: EmbeddedFile[] = []
  let reader: ObjectReader | undefined
  try {
    const xref = readXref(pdf)
    reader = new ObjectReader(pdf, xref)
    const rootRef = xref.trailer.entries.get('Root')
    const catalog = reader.dict(rootRef, 'the document catalog')
    const namesEntry = catalog.entries.get('Names')
    if (!namesEntry) return { files, covered: false, problems }
    const names = reader.dict(namesEntry, "the catalog's /Names")
    const tree = names.entries.get('EmbeddedFiles')
    if (!tree) return { files, covered: false, problems }
    const pairs: [string, Parsed][] = []
    nameTree(reader, reader.dict(tree, 'the embedded-files tree'), 0, pairs)
    for (const [name, spec] of pairs) {
      if (files.some((f) => f.name === name)) {
        problems.push(`${name} is embedded twice.`)
        continue
      }
      try {
        const file = readFile(reader, name, spec, problems)
        if (file) files.push(file)
      } catch (err) {
        if (!(err instanceof MalformedPdf)) throw err
        problems.push(`${name} cannot be read: ${err.message}.`)
      }
    }
  } catch (err) {
    if (!(err instanceof MalformedPdf)) throw err
    problems.push(`The embedded files cannot be read: ${err.message}.`)
  }
  const ranges = signedRanges(report)
  const inside = ([s, e]: [number, number]): boolean => ranges.some(([a, b]) => s >= a && e <= b)
  const covered =
    files.length > 0 && problems.length === 0 && ranges.length > 0 && (reader?.spans ?? []).every(inside)
  return { files, covered, problems }
}
