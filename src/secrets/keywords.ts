// One pass over the bytes finds every keyword of every rule: a trigram filter that fits the CPU's first-level
// cache (a few lines of WebAssembly, keyword-filter.wat), then a trie walk at the few positions it lets through.
import { KEYWORD_FILTER_WASM } from './keyword-filter-wasm'

/** Input bytes handed to the filter at a time: bounds its memory (about five times this) whatever the input. */
const CHUNK = 1 << 20

let compiled: WebAssembly.Module | undefined

/**
 * Case-insensitive (ASCII) multi-keyword search. Built once per rule set. Each byte costs a class lookup and one
 * bit test: the bit says whether some keyword starts with the last three bytes' classes. Only there is the trie
 * walked, so rules whose keyword is absent never run their regex, and the big tables stay out of the hot loop
 * (an Aho-Corasick table over ~600 keywords is ~750 KB, a cache miss on most bytes). The filter loop runs as
 * WebAssembly: about four times faster than the same loop over `charCodeAt`, with the input copied in as Latin-1.
 */
export class KeywordIndex {
  /** Byte → input class (0: a byte no keyword contains). Upper-case letters share their lower-case class. */
  readonly classes = new Uint8Array(256)
  readonly width: number
  /** Bits per class in a trigram's index. */
  readonly shift: number
  readonly mask: number
  /** One bit per trigram of classes (bit h & 7 of byte h >> 3): set when a keyword starts with it. */
  readonly starts: Uint8Array
  /** Trie transitions, state × width + class → next state, or -1. */
  readonly next: Int32Array
  /** For each trie state, the keyword ids that end there, as a slice of `outputs`. */
  readonly outStart: Int32Array
  readonly outputs: Int32Array
  private readonly lengths: Int32Array

  constructor(readonly keywords: readonly string[]) {
    let next = 1
    for (const kw of keywords) {
      if (kw.length === 0) throw new Error('empty keyword')
      for (let i = 0; i < kw.length; i++) {
        const c = kw.charCodeAt(i) & 0xff
        if (this.classes[c] === 0) {
          this.classes[c] = next++
          if (next > 128) throw new Error('too many distinct keyword characters')
        }
      }
    }
    for (let c = 65; c <= 90; c++) if (this.classes[c + 32]) this.classes[c] = this.classes[c + 32]!
    this.width = next
    this.shift = Math.max(1, Math.ceil(Math.log2(next)))
    this.mask = (1 << (3 * this.shift)) - 1
    this.starts = new Uint8Array((this.mask + 1) >>> 3 || 1)
    // Trie.
    const children: Map<number, number>[] = [new Map()]
    const ends: number[][] = [[]]
    keywords.forEach((kw, id) => {
      let s = 0
      for (let i = 0; i < kw.length; i++) {
        const cls = this.classes[kw.charCodeAt(i) & 0xff]!
        let t = children[s]!.get(cls)
        if (t === undefined) {
          t = children.length
          children.push(new Map())
          ends.push([])
          children[s]!.set(cls, t)
        }
        s = t
      }
      if (!ends[s]!.includes(id)) ends[s]!.push(id)
      this.markStart(kw)
    })
    const states = children.length
    this.next = new Int32Array(states * this.width).fill(-1)
    children.forEach((m, s) => m.forEach((t, cls) => (this.next[s * this.width + cls] = t)))
    this.outStart = new Int32Array(states + 1)
    const flat: number[] = []
    for (let q = 0; q < states; q++) {
      this.outStart[q] = flat.length
      flat.push(...ends[q]!)
    }
    this.outStart[states] = flat.length
    this.outputs = Int32Array.from(flat)
    this.lengths = Int32Array.from(keywords.map((k) => k.length))
  }

  /** Sets the trigram bits of a keyword's first three classes (every tail class for a shorter keyword). */
  private markStart(kw: string): void {
    const { shift } = this
    const cls = (i: number): number[] =>
      i < kw.length
        ? [this.classes[kw.charCodeAt(i) & 0xff]!]
        : Array.from({ length: 1 << shift }, (_, c) => c)
    for (const a of cls(0))
      for (const b of cls(1))
        for (const c of cls(2)) {
          const h = (a << (2 * shift)) | (b << shift) | c
          this.starts[h >>> 3]! |= 1 << (h & 7)
        }
  }

  /** `scan` over a string's characters, each taken by its low byte (as its Latin-1 encoding would be). */
  scanText(text: string, hit: (keyword: number, start: number) => void): void {
    const found = this.find(
      text.length,
      (memory, from, at, to) =>
        memory.write(from === 0 && to === text.length ? text : text.slice(from, to), at, 'latin1'),
      walkText,
      text,
    )
    if (found) this.report(found, hit)
  }

  /** Calls `hit(keywordId, start)` for every occurrence, in order of its end (then the longer, then by id). */
  scan(bytes: Uint8Array, hit: (keyword: number, start: number) => void): void {
    const found = this.find(
      bytes.length,
      (memory, from, at, to) => memory.set(bytes.subarray(from, to), at),
      walkBytes,
      bytes,
    )
    if (found) this.report(found, hit)
  }

  private filter?: Filter

  /**
   * The (keyword, start) pairs of an input of `length` bytes: `copy` puts its bytes [from, to) into the filter's
   * memory at `at`; each candidate start is walked in the input itself.
   */
  private find<T>(
    length: number,
    copy: (memory: Buffer, from: number, at: number, to: number) => void,
    walk: (t: Tables, input: T, at: number, found: number[] | undefined) => number[] | undefined,
    input: T,
  ): number[] | undefined {
    const f = (this.filter ??= makeFilter(this))
    let found: number[] | undefined
    // Each chunk after the first repeats the previous two bytes, so the trigrams across the seam are seen once.
    for (let base = 0; base < length || base === 0; base += CHUNK) {
      const from = Math.max(0, base - 2)
      const to = Math.min(length, base + CHUNK)
      copy(f.memory(), from, f.input, to)
      const count = f.run(to - from, to === length)
      const positions = f.positions()
      const first = f.output >> 2
      for (let k = 0; k < count; k++) {
        const at = positions[first + k]! - f.input - 2 + from
        if (at >= from) found = walk(this, input, at, found)
      }
      if (to >= length) break
    }
    return found
  }

  /** Hands the (keyword, start) pairs on in the order an Aho-Corasick scan reports them. */
  private report(found: number[], hit: (keyword: number, start: number) => void): void {
    const { lengths } = this
    const count = found.length >> 1
    const order = Array.from({ length: count }, (_, i) => i)
    const end = (i: number): number => found[2 * i + 1]! + lengths[found[2 * i]!]!
    if (count > 1)
      order.sort(
        (a, b) =>
          end(a) - end(b) ||
          lengths[found[2 * b]!]! - lengths[found[2 * a]!]! ||
          found[2 * a]! - found[2 * b]!,
      )
    for (const i of order) hit(found[2 * i]!, found[2 * i + 1]!)
  }
}

/** What the filter and the trie walks read. */
interface Tables {
  readonly classes: Uint8Array
  readonly starts: Uint8Array
  readonly shift: number
  readonly mask: number
  readonly next: Int32Array
  readonly width: number
  readonly outStart: Int32Array
  readonly outputs: Int32Array
}

/** One WebAssembly instance of the filter with this index's tables in its memory. */
interface Filter {
  readonly input: number
  readonly output: number
  memory(): Buffer
  positions(): Int32Array
  /** Filters `n` bytes at `input`; `last` when they end the input. Returns how many positions it wrote. */
  run(n: number, last: boolean): number
}

function makeFilter(t: Tables): Filter {
  compiled ??= new WebAssembly.Module(Buffer.from(KEYWORD_FILTER_WASM, 'base64'))
  const exports = new WebAssembly.Instance(compiled, {}).exports as {
    memory: WebAssembly.Memory
    filter(input: number, n: number, output: number, shift: number, mask: number, last: number): number
  }
  const { memory } = exports
  const input = (256 + t.starts.length + 63) & ~63
  const output = (input + CHUNK + 2 + 63) & ~63
  const need = output + 4 * (CHUNK + 4)
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536))
  const bytes = Buffer.from(memory.buffer)
  bytes.set(t.classes, 0)
  bytes.set(t.starts, 256)
  const words = new Int32Array(memory.buffer)
  return {
    input,
    output,
    memory: () => bytes,
    positions: () => words,
    run: (n, last) => exports.filter(input, n, output, t.shift, t.mask, last ? 1 : 0),
  }
}

/** The keywords that start at `at`, appended to `found` as (keyword, start) pairs. */
function walkText(t: Tables, text: string, at: number, found: number[] | undefined): number[] | undefined {
  const { classes, next, width, outStart, outputs } = t
  let s = 0
  for (let j = at, n = text.length; j < n; j++) {
    s = next[s * width + classes[text.charCodeAt(j) & 0xff]!]!
    if (s < 0) break
    for (let k = outStart[s]!, e = outStart[s + 1]!; k < e; k++) (found ??= []).push(outputs[k]!, at)
  }
  return found
}

function walkBytes(
  t: Tables,
  bytes: Uint8Array,
  at: number,
  found: number[] | undefined,
): number[] | undefined {
  const { classes, next, width, outStart, outputs } = t
  let s = 0
  for (let j = at, n = bytes.length; j < n; j++) {
    s = next[s * width + classes[bytes[j]!]!]!
    if (s < 0) break
    for (let k = outStart[s]!, e = outStart[s + 1]!; k < e; k++) (found ??= []).push(outputs[k]!, at)
  }
  return found
}
