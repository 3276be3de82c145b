// Redaction happens when a finding is made: a masked form and a keyed hash, never the value (DESIGN.md §8).
import { createHash, createHmac, randomBytes } from 'node:crypto'

/** The per-workspace HMAC key: it hashes found values so runs can compare them without storing them. */
export class FindingKey {
  readonly #key: Buffer
  /** A short fingerprint of the key (not of any value): hashes compare only between runs with the same id. */
  readonly id: string

  private constructor(key: Buffer) {
    this.#key = key
    this.id = createHash('sha256').update('handover findings key id').update(key).digest('hex').slice(0, 12)
  }

  /** A key from its stored (base64) form. */
  static fromStored(value: string): FindingKey {
    return new FindingKey(Buffer.from(value, 'base64'))
  }

  /** A fresh random key and its stored form. */
  static generate(): { key: FindingKey; stored: string } {
    const bytes = randomBytes(32)
    return { key: new FindingKey(bytes), stored: bytes.toString('base64') }
  }

  /** HMAC-SHA256 of the value, 128 bits in hex: equal values give equal hashes within one workspace. */
  hash(value: string): string {
    return createHmac('sha256', this.#key).update(value, 'utf8').digest('hex').slice(0, 32)
  }

  /** A key is never serialised. */
  toJSON(): string {
    return '[finding key]'
  }
}

/**
 * The masked form of a value: a known non-secret prefix kept whole, then at most a quarter of the rest shown
 * (first and last characters), and the length — e.g. `sk_live_4e…dc (32 chars)`.
 */
export function maskValue(value: string, prefix = ''): string {
  const known = prefix && value.startsWith(prefix) ? prefix : ''
  const body = value.slice(known.length)
  const show = Math.min(4, Math.floor(body.length / 8))
  const head = body.slice(0, show)
  const tail = show > 0 ? body.slice(body.length - Math.min(2, show)) : ''
  return `${known}${head}…${tail} (${value.length} chars)`
}
