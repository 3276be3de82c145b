// Finds signature dictionaries in a PDF by their /ByteRange key and reads them with a small tokenizer.
// The signed bytes are what matters, so this reads the file as written rather than through an object model.

/** A signature dictionary as found in the file. */
export interface SignatureDictionary {
  /** Offset of the dictionary's `<<`. */
  offset: number
  /** The four (or more) integers of /ByteRange, or 'placeholder' when it was never filled in. */
  byteRange: number[] | 'placeholder'
  /** The /Contents hex string: offsets of its `<` and just after its `>`, and its decoded bytes. */
  contents?: { start: number; end: number; bytes: Buffer }
  filter?: string
  subFilter?: string
  name?: string
  reason?: string
  location?: string
  contactInfo?: string
}

/** What was found: readable dictionaries, and the offsets of /ByteRange keys that could not be read. */
export interface SignatureScan {
  dictionaries: SignatureDictionary[]
  unreadable: number[]
  /** Whether the file mentions a signature dictionary type at all (`/Type /Sig`). */
  mentionsSignature: boolean
}

/** A structure the small tokenizer cannot read; callers turn it into a reason or a problem. */
export class MalformedPdf extends Error {}

/** A PDF object as the tokenizer reads it. */
export type PdfValue =
  | { kind: 'dict'; entries: Map<string, Parsed>; keyOffsets: Map<string, number> }
  | { kind: 'array'; items: Parsed[] }
  | { kind: 'name'; value: string }
  | { kind: 'string'; bytes: Buffer; hex: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'keyword'; value: string }

/** A value with the offsets it spans in the file. */
export interface Parsed {
  value: PdfValue
  start: number
  end: number
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25])
const isRegular = (b: number | undefined): boolean =>
  b !== undefined && !WHITESPACE.has(b) && !DELIMITERS.has(b)
const MAX_DEPTH = 32
const MAX_SIGNATURES = 64

function skipSpace(buf: Buffer, p: number): number {
  for (;;) {
    const b = buf[p]
    if (b === undefined) return p
    if (WHITESPACE.has(b)) p++
    else if (b === 0x25) {
      while (p < buf.length && buf[p] !== 0x0a && buf[p] !== 0x0d) p++
    } else return p
  }
}

function parseLiteralString(buf: Buffer, p: number): { bytes: Buffer; end: number } {
  const out: number[] = []
  let depth = 1
  p++
  while (p < buf.length) {
    const b = buf[p++]!
    if (b === 0x5c) {
      const e = buf[p++]
      if (e === undefined) break
      const simple: Record<number, number> = {
        0x6e: 10,
        0x72: 13,
        0x74: 9,
        0x62: 8,
        0x66: 12,
        0x28: 0x28,
        0x29: 0x29,
        0x5c: 0x5c,
      }
      if (simple[e] !== undefined) out.push(simple[e])
      else if (e >= 0x30 && e <= 0x37) {
        let code = e - 0x30
        for (let k = 0; k < 2 && buf[p]! >= 0x30 && buf[p]! <= 0x37; k++) code = code * 8 + (buf[p++]! - 0x30)
        out.push(code & 0xff)
      } else if (e === 0x0d) {
        if (buf[p] === 0x0a) p++
      } else if (e !== 0x0a) out.push(e)
    } else if (b === 0x28) {
      depth++
      out.push(b)
    } else if (b === 0x29) {
      if (--depth === 0) return { bytes: Buffer.from(out), end: p }
      out.push(b)
    } else out.push(b)
  }
  throw new MalformedPdf('unterminated string')
}

function parseHexString(buf: Buffer, p: number): { bytes: Buffer; end: number } {
  const close = buf.indexOf(0x3e, p)
  if (close < 0) throw new MalformedPdf('unterminated hex string')
  const text = buf.toString('latin1', p + 1, close).replace(/[\0\t\n\f\r ]/g, '')
  if (!/^[0-9A-Fa-f]*$/.test(text)) throw new MalformedPdf('hex string with non-hex characters')
  return { bytes: Buffer.from(text.length % 2 ? `${text}0` : text, 'hex'), end: close + 1 }
}

function parseName(buf: Buffer, p: number): { value: string; end: number } {
  let q = p + 1
  while (isRegular(buf[q])) q++
  const raw = buf.toString('latin1', p + 1, q)
  return {
    value: raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    end: q,
  }
}

/** Reads one PDF value starting at `start` (after whitespace and comments). */
export function parseValue(buf: Buffer, start: number, depth = 0): Parsed {
  if (depth > MAX_DEPTH) throw new MalformedPdf('nesting too deep')
  const p = skipSpace(buf, start)
  const b = buf[p]
  if (b === undefined) throw new MalformedPdf('unexpected end of file')
  if (b === 0x3c && buf[p + 1] === 0x3c) {
    const entries = new Map<string, Parsed>()
    const keyOffsets = new Map<string, number>()
    let q = p + 2
    for (;;) {
      q = skipSpace(buf, q)
      if (buf[q] === 0x3e && buf[q + 1] === 0x3e)
        return { value: { kind: 'dict', entries, keyOffsets }, start: p, end: q + 2 }
      if (buf[q] !== 0x2f) throw new MalformedPdf('dictionary key is not a name')
      const key = parseName(buf, q)
      const value = parseValue(buf, key.end, depth + 1)
      entries.set(key.value, value)
      keyOffsets.set(key.value, q)
      q = value.end
    }
  }
  if (b === 0x3c) {
    const hex = parseHexString(buf, p)
    return { value: { kind: 'string', bytes: hex.bytes, hex: true }, start: p, end: hex.end }
  }
  if (b === 0x28) {
    const lit = parseLiteralString(buf, p)
    return { value: { kind: 'string', bytes: lit.bytes, hex: false }, start: p, end: lit.end }
  }
  if (b === 0x2f) {
    const name = parseName(buf, p)
    return { value: { kind: 'name', value: name.value }, start: p, end: name.end }
  }
  if (b === 0x5b) {
    const items: Parsed[] = []
    let q = p + 1
    for (;;) {
      q = skipSpace(buf, q)
      if (buf[q] === 0x5d) return { value: { kind: 'array', items }, start: p, end: q + 1 }
      const item = parseValue(buf, q, depth + 1)
      items.push(item)
      q = item.end
    }
  }
  let q = p
  while (isRegular(buf[q])) q++
  if (q === p) throw new MalformedPdf(`unexpected character at offset ${p}`)
  const token = buf.toString('latin1', p, q)
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
    // "n g R" is an indirect reference.
    const ref = /^\s+(\d+)\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(buf.toString('latin1', q, q + 24))
    if (/^\d+$/.test(token) && ref) {
      return {
        value: { kind: 'ref', num: Number(token), gen: Number(ref[1]) },
        start: p,
        end: q + ref[0].length,
      }
    }
    return { value: { kind: 'number', value: Number(token) }, start: p, end: q }
  }
  return { value: { kind: 'keyword', value: token }, start: p, end: q }
}

/** A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (close to Latin-1). */
export function decodeTextString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)))
    return body.swap16().toString('utf16le')
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  return bytes.toString('latin1')
}

/** Offset of the `<<` that opens the dictionary enclosing `pos`, by counting `<<`/`>>` pairs backwards. */
function enclosingDictionary(buf: Buffer, pos: number): number {
  let depth = 0
  for (let i = pos - 1; i > 0; i--) {
    if (buf[i] === 0x3c && buf[i - 1] === 0x3c) {
      if (depth === 0) return i - 1
      depth--
      i--
    } else if (buf[i] === 0x3e && buf[i - 1] === 0x3e) {
      depth++
      i--
    }
  }
  return -1
}

function readDictionary(buf: Buffer, keyOffset: number): SignatureDictionary {
  const open = enclosingDictionary(buf, keyOffset)
  if (open < 0) throw new MalformedPdf('no enclosing dictionary')
  const parsed = parseValue(buf, open, 0)
  const dict = parsed.value
  if (dict.kind !== 'dict' || dict.keyOffsets.get('ByteRange') !== keyOffset)
    throw new MalformedPdf('misplaced /ByteRange')
  const text = (key: string): string | undefined => {
    const v = dict.entries.get(key)?.value
    return v?.kind === 'string' ? decodeTextString(v.bytes) : undefined
  }
  const name = (key: string): string | undefined => {
    const v = dict.entries.get(key)?.value
    return v?.kind === 'name' ? v.value : undefined
  }
  const range = dict.entries.get('ByteRange')!.value
  if (range.kind !== 'array') throw new MalformedPdf('/ByteRange is not an array')
  let byteRange: number[] | 'placeholder'
  if (range.items.some((i) => i.value.kind === 'name')) byteRange = 'placeholder'
  else {
    byteRange = range.items.map((i) => (i.value.kind === 'number' ? i.value.value : NaN))
  }
  const contents = dict.entries.get('Contents')
  const hex =
    contents && contents.value.kind === 'string' && contents.value.hex ? contents.value.bytes : undefined
  return {
    offset: open,
    byteRange,
    contents: hex && contents ? { start: contents.start, end: contents.end, bytes: hex } : undefined,
    filter: name('Filter'),
    subFilter: name('SubFilter'),
    name: text('Name'),
    reason: text('Reason'),
    location: text('Location'),
    contactInfo: text('ContactInfo'),
  }
}

/** Every signature dictionary in the file, in file order. */
export function scanSignatures(pdf: Buffer): SignatureScan {
  const dictionaries: SignatureDictionary[] = []
  const unreadable: number[] = []
  for (let at = pdf.indexOf('/ByteRange'); at >= 0; at = pdf.indexOf('/ByteRange', at + 1)) {
    if (isRegular(pdf[at + '/ByteRange'.length])) continue
    // Each candidate may scan backwards through the file; a crafted file full of them gets no more work.
    if (dictionaries.length + unreadable.length >= MAX_SIGNATURES) {
      unreadable.push(at)
      break
    }
    try {
      const dict = readDictionary(pdf, at)
      if (!dictionaries.some((d) => d.offset === dict.offset)) dictionaries.push(dict)
    } catch (err) {
      if (!(err instanceof MalformedPdf)) throw err
      unreadable.push(at)
    }
  }
  // Only asked when nothing readable was found, so the whole-file scan is skipped for signed files.
  const mentionsSignature =
    dictionaries.length > 0 || /\/Type\s*\/Sig(?![A-Za-z0-9])/.test(pdf.toString('latin1'))
  return { dictionaries, unreadable, mentionsSignature }
}
