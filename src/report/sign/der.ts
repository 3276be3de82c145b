// A small DER/BER reader that keeps byte offsets: CMS signatures are checked over the exact bytes signed,
// which a decode-and-re-encode library cannot promise.

/** Thrown only inside this folder's parsers and turned into a report value at their boundary. */
export class MalformedDer extends Error {
  override readonly name = 'MalformedDer'
}

/** One tag-length-value element and where it sits in the buffer. */
export interface Tlv {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number
  constructed: boolean
  tag: number
  /** Offset of the identifier byte. */
  start: number
  /** Offset of the first content byte. */
  contentStart: number
  /** Offset just after the content (before the end-of-contents octets of an indefinite length). */
  contentEnd: number
  /** Offset just after the whole element. */
  end: number
}

/** Universal tag numbers used here. */
export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  BMP_STRING: 30,
} as const

/** Reads the element starting at `offset`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  let p = offset
  const byte = (): number => {
    if (p >= limit) throw new MalformedDer(`truncated element at offset ${offset}`)
    return buf[p++]!
  }
  const id = byte()
  const cls = id >> 6
  const constructed = (id & 0x20) !== 0
  let tag = id & 0x1f
  if (tag === 0x1f) {
    tag = 0
    for (let b = byte(), n = 0; ; b = byte(), n++) {
      if (n > 3) throw new MalformedDer('tag number too large')
      tag = (tag << 7) | (b & 0x7f)
      if ((b & 0x80) === 0) break
    }
  }
  const first = byte()
  if (first === 0x80) {
    // Indefinite length (BER): children until the end-of-contents octets 00 00.
    if (!constructed) throw new MalformedDer('indefinite length on a primitive element')
    const contentStart = p
    let q = contentStart
    for (;;) {
      if (q + 2 > limit) throw new MalformedDer('unterminated indefinite-length element')
      if (buf[q] === 0 && buf[q + 1] === 0)
        return { cls, constructed, tag, start: offset, contentStart, contentEnd: q, end: q + 2 }
      q = readTlv(buf, q, limit).end
    }
  }
  let length = first
  if (first & 0x80) {
    const count = first & 0x7f
    if (count > 4) throw new MalformedDer('length too large')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + byte()
  }
  const contentStart = p
  const contentEnd = contentStart + length
  if (contentEnd > limit) throw new MalformedDer(`element at offset ${offset} runs past its container`)
  return { cls, constructed, tag, start: offset, contentStart, contentEnd, end: contentEnd }
}

/** The elements inside a constructed element. */
export function childrenOf(buf: Uint8Array, parent: Tlv): Tlv[] {
  if (!parent.constructed) throw new MalformedDer('expected a constructed element')
  const out: Tlv[] = []
  for (let p = parent.contentStart; p < parent.contentEnd;) {
    const child = readTlv(buf, p, parent.contentEnd)
    out.push(child)
    p = child.end
  }
  return out
}

/** Asserts a universal tag and returns the element. */
export function expectUniversal(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.cls !== 0 || tlv.tag !== tag) throw new MalformedDer(`expected ${what}`)
  return tlv
}

/** Whether the element is context-specific [n]. */
export function isContext(tlv: Tlv | undefined, n: number): tlv is Tlv {
  return tlv !== undefined && tlv.cls === 2 && tlv.tag === n
}

/** The content bytes (primitive elements). */
export function contentOf(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.contentStart, tlv.contentEnd)
}

/** The whole element, header included. */
export function rawOf(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.start, tlv.end)
}

/** Dotted form of an OBJECT IDENTIFIER. */
export function oidOf(buf: Buffer, tlv: Tlv): string {
  const bytes = contentOf(buf, expectUniversal(tlv, TAG.OID, 'an object identifier'))
  if (bytes.length === 0) throw new MalformedDer('empty object identifier')
  const parts: number[] = []
  let value = 0
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f)
    if ((b & 0x80) === 0) {
      if (parts.length === 0)
        parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80)
      else parts.push(value)
      value = 0
    }
  }
  return parts.join('.')
}

/** A UTCTime or GeneralizedTime as a Date. */
export function timeOf(buf: Buffer, tlv: Tlv): Date {
  const text = contentOf(buf, tlv).toString('latin1')
  let m: RegExpExecArray | null
  if (
    tlv.cls === 0 &&
    tlv.tag === TAG.UTC_TIME &&
    (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text))
  ) {
    const yy = Number(m[1])
    // RFC 5280: UTCTime years 50–99 are 19xx.
    const year = yy >= 50 ? 1900 + yy : 2000 + yy
    return new Date(
      Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
    )
  }
  if (
    tlv.cls === 0 &&
    tlv.tag === TAG.GENERALIZED_TIME &&
    (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text))
  ) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0
    return new Date(
      Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms),
    )
  }
  throw new MalformedDer(`unsupported time value "${text}"`)
}

/** A directory string (UTF8String, PrintableString, IA5String, T61String, BMPString) as text. */
export function stringOf(buf: Buffer, tlv: Tlv): string {
  const bytes = contentOf(buf, tlv)
  if (tlv.cls === 0 && tlv.tag === TAG.UTF8_STRING) return bytes.toString('utf8')
  if (tlv.cls === 0 && tlv.tag === TAG.BMP_STRING) {
    if (bytes.length % 2 !== 0) throw new MalformedDer('BMPString of odd length')
    return Buffer.from(bytes).swap16().toString('utf16le')
  }
  return bytes.toString('latin1')
}
