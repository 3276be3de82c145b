// One pass over the bytes finds every keyword of every rule: an Aho-Corasick automaton compiled to a DFA.

/**
 * Case-insensitive (ASCII) multi-keyword search. Built once per rule set; `scan` costs one table step per byte,
 * however many keywords there are, so rules whose keyword is absent never run their regex.
 */
export class KeywordIndex {
  /** Byte → input class (0: a byte no keyword contains). Upper-case letters share their lower-case class. */
  private readonly classes = new Uint8Array(256)
  private readonly width: number
  private readonly table: Uint16Array | Uint32Array
  /** States numbered from here on report keywords; the others never do. */
  private readonly firstOutput: number
  /** For each state, the keyword ids that end there (through failure links too), as a slice of `outputs`. */
  private readonly outStart: Int32Array
  private readonly outputs: Int32Array
  private readonly lengths: Int32Array

  constructor(readonly keywords: readonly string[]) {
    let next = 1
    for (const kw of keywords) {
      for (let i = 0; i < kw.length; i++) {
        const c = kw.charCodeAt(i) & 0xff
        if (this.classes[c] === 0) {
          this.classes[c] = next++
          if (next > 255) throw new Error('too many distinct keyword characters')
        }
      }
    }
    for (let c = 65; c <= 90; c++) if (this.classes[c + 32]) this.classes[c] = this.classes[c + 32]!
    this.width = next
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
      ends[s]!.push(id)
    })
    // Failure links in breadth-first order, folded into a full transition table.
    const states = children.length
    const table = new Int32Array(states * this.width)
    const fail = new Int32Array(states)
    const order: number[] = []
    for (let cls = 1; cls < this.width; cls++) {
      const t = children[0]!.get(cls)
      if (t !== undefined) {
        table[cls] = t
        order.push(t)
      }
    }
    for (let qi = 0; qi < order.length; qi++) {
      const s = order[qi]!
      ends[s]!.push(...ends[fail[s]!]!)
      for (let cls = 1; cls < this.width; cls++) {
        const t = children[s]!.get(cls)
        if (t !== undefined) {
          fail[t] = table[fail[s]! * this.width + cls]!
          table[s * this.width + cls] = t
          order.push(t)
        } else {
          table[s * this.width + cls] = table[fail[s]! * this.width + cls]!
        }
      }
    }
    // Renumber: states without output first, so "does this state report?" is one comparison per byte.
    const ids = new Int32Array(states)
    let n = 0
    for (let q = 0; q < states; q++) if (new Set(ends[q]).size === 0) ids[q] = n++
    this.firstOutput = n
    for (let q = 0; q < states; q++) if (new Set(ends[q]).size > 0) ids[q] = n++
    // Entries hold the next state's row offset (state × width), so a step is one add and one load.
    if (states * this.width >= 2 ** 32) throw new Error('keyword automaton too large')
    const Row = states * this.width < 65536 ? Uint16Array : Uint32Array
    this.table = new Row(states * this.width)
    for (let q = 0; q < states; q++)
      for (let cls = 0; cls < this.width; cls++)
        this.table[ids[q]! * this.width + cls] = ids[table[q * this.width + cls]!]! * this.width
    this.outStart = new Int32Array(states + 1)
    const byId: number[][] = new Array<number[]>(states)
    for (let q = 0; q < states; q++) byId[ids[q]!] = [...new Set(ends[q])]
    const flat: number[] = []
    for (let q = 0; q < states; q++) {
      this.outStart[q] = flat.length
      flat.push(...byId[q]!)
    }
    this.outStart[states] = flat.length
    this.outputs = Int32Array.from(flat)
    this.lengths = Int32Array.from(keywords.map((k) => k.length))
  }

  /** `scan` over a string's characters, each taken by its low byte (as its Latin-1 encoding would be). */
  scanText(text: string, hit: (keyword: number, start: number) => void): void {
    const { classes, table, width, outStart, outputs, lengths } = this
    const firstRow = this.firstOutput * width
    let s = 0
    for (let i = 0, n = text.length; i < n; i++) {
      s = table[s + classes[text.charCodeAt(i) & 0xff]!]!
      if (s >= firstRow) {
        const q = s / width
        const b = outStart[q + 1]!
        for (let j = outStart[q]!; j < b; j++) hit(outputs[j]!, i - lengths[outputs[j]!]! + 1)
      }
    }
  }

  /** Calls `hit(keywordId, start)` for every occurrence, in order of its end. */
  scan(bytes: Uint8Array, hit: (keyword: number, start: number) => void, from = 0, to = bytes.length): void {
    const { classes, table, width, outStart, outputs, lengths } = this
    const firstRow = this.firstOutput * width
    let s = 0
    for (let i = from; i < to; i++) {
      s = table[s + classes[bytes[i]!]!]!
      if (s >= firstRow) {
        const q = s / width
        const b = outStart[q + 1]!
        for (let j = outStart[q]!; j < b; j++) hit(outputs[j]!, i - lengths[outputs[j]!]! + 1)
      }
    }
  }
}
