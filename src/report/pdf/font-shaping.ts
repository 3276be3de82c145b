// What shaping teaches about a font, kept on disk so the next process need not shape again: the glyph and advance of
// each character and the kerning fontkit applied to each glyph pair. It holds only for fonts whose kerning is plain
// pair positioning (checked in their GPOS table), and only for Latin and common characters, where fontkit with our
// features substitutes nothing; a word of such characters whose pairs are all known is then laid out exactly as
// fontkit would, without fontkit parsing the positioning tables (most of a cold report's time). No text is stored.
// File: <cache>/font-shaping/<key>.json (schema handover.font-shaping/1), written atomically, merged between processes.
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Font, Glyph, GlyphPosition, GlyphRun } from 'fontkit'

const SCHEMA = 'handover.font-shaping/1'

/** Characters the pair model covers: Latin and common-script ones (digits, punctuation, symbols)… */
const MODELLED = /^[\p{Script=Latin}\p{Script=Common}]+$/u
/** …but not those fontkit shapes in context: the fraction slash (frac/numr/dnom), joiners, bidi controls. */
const CONTEXTUAL = /[\u2044\u200b-\u200f\u202a-\u202e\u2060-\u206f]/u

/** Where learned shaping is kept: HANDOVER_CACHE_DIR (empty turns it off), else the per-user cache folder. */
export function shapingCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.HANDOVER_CACHE_DIR
  if (configured === '') return undefined
  const base =
    configured ??
    (process.platform === 'win32'
      ? path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'handover', 'Cache')
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Caches', 'handover')
        : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'handover'))
  return path.join(base, 'font-shaping')
}

/** The cache key of a font file under a feature set: what was learned holds for exactly these bytes. */
export function shapingKey(bytes: Uint8Array, features: Readonly<Record<string, boolean>>): string {
  const enabled = Object.keys(features)
    .filter((f) => features[f])
    .sort()
    .join(',')
  return createHash('sha256').update(`${SCHEMA}\0${enabled}\0`).update(bytes).digest('hex').slice(0, 32)
}

/** fontkit's script class of a word: Latin as soon as one Latin letter is in it, else the default script. */
const scriptOf = (text: string): string => (/\p{Script=Latin}/u.test(text) ? 'latn' : 'DFLT')
const pairKey = (script: string, left: number, right: number): string => `${script} ${left} ${right}`

/** A glyph as pdfkit reads it from a run: id, advance and the character it stands for. */
interface ModelGlyph {
  id: number
  advanceWidth: number
  codePoints: number[]
}

/** The characters pdfkit sees for a glyph: none for .notdef (it maps glyph 0 to U+0000 itself). */
const codePointsOf = (id: number, cp: number): number[] => Object.freeze(id === 0 ? [] : [cp]) as number[]

/** A run laid out from the memory; its width is the sum of the advances, as fontkit's GlyphRun computes it. */
class LearnedRun {
  constructor(
    public glyphs: Glyph[],
    public positions: GlyphPosition[],
  ) {}

  get advanceWidth(): number {
    let width = 0
    for (const p of this.positions) width += p.xAdvance
    return width
  }
}

/** True when the font's `kern` feature is pair positioning that only moves the first glyph's advance. */
export function kernIsPairOnly(font: Font): boolean {
  const gpos = field(font, 'GPOS')
  if (gpos === undefined) return true
  const features = field(gpos, 'featureList')
  const lookups = field(gpos, 'lookupList')
  if (!Array.isArray(features) || typeof field(lookups, 'get') !== 'function') return false
  const get = (i: number): unknown => (lookups as { get(i: number): unknown }).get(i)
  for (const feature of features) {
    if (field(feature, 'tag') !== 'kern') continue
    const indexes = field(field(feature, 'feature'), 'lookupListIndexes')
    if (!Array.isArray(indexes)) return false
    for (const index of indexes) {
      const lookup = get(Number(index))
      const tables = field(lookup, 'subTables')
      if (!Array.isArray(tables)) return false
      const type = field(lookup, 'lookupType')
      const pairs = type === 9 ? tables.map((t) => field(t, 'extension')) : type === 2 ? tables : undefined
      if (!pairs || (type === 9 && tables.some((t) => field(t, 'lookupType') !== 2))) return false
      for (const table of pairs) {
        if (!onlyFlags(field(table, 'valueFormat1'), ['xAdvance'])) return false
        if (!onlyFlags(field(table, 'valueFormat2'), [])) return false
      }
    }
  }
  return true
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined
}

function onlyFlags(format: unknown, allowed: readonly string[]): boolean {
  if (typeof format !== 'object' || format === null) return false
  return Object.entries(format).every(([flag, on]) => on !== true || allowed.includes(flag))
}

/** What one font taught; `layout` answers from it, `learn` adds to it. */
export class ShapingMemory {
  private readonly glyphs = new Map<number, ModelGlyph>()
  private readonly pairs = new Map<string, number>()
  private readonly contextual = new Set<string>()
  /** Known once the font was inspected: a memory loaded from disk was written for a pair-only font. */
  private pairOnly: boolean | undefined
  private dirty = false

  constructor(
    readonly file: string | undefined,
    readonly key: string,
  ) {}

  /** The run fontkit would give `text`, when every character and pair of it is known; else undefined. */
  layout(text: string): GlyphRun | undefined {
    if (this.pairOnly !== true || !MODELLED.test(text) || CONTEXTUAL.test(text)) return undefined
    const script = scriptOf(text)
    const glyphs: ModelGlyph[] = []
    for (const ch of text) {
      const glyph = this.glyphs.get(ch.codePointAt(0) ?? 0)
      if (!glyph) return undefined
      glyphs.push(glyph)
    }
    const positions: GlyphPosition[] = []
    for (let i = 0; i < glyphs.length; i++) {
      const glyph = glyphs[i]!
      const next = glyphs[i + 1]
      let kern = 0
      if (next) {
        const key = pairKey(script, glyph.id, next.id)
        const known = this.pairs.get(key)
        if (known === undefined || this.contextual.has(key)) return undefined
        kern = known
      }
      positions.push({ xAdvance: glyph.advanceWidth + kern, yAdvance: 0, xOffset: 0, yOffset: 0 })
    }
    return new LearnedRun(glyphs as Glyph[], positions) as unknown as GlyphRun
  }

  /** Learns from fontkit's run for `text` when the run is what the pair model describes; ignores it otherwise. */
  learn(font: Font, text: string, run: GlyphRun): void {
    this.pairOnly ??= kernIsPairOnly(font)
    if (!this.pairOnly || !MODELLED.test(text) || CONTEXTUAL.test(text)) return
    const codePoints = [...text].map((ch) => ch.codePointAt(0) ?? 0)
    if (run.glyphs.length !== codePoints.length) return
    const script = scriptOf(text)
    const learned: ModelGlyph[] = []
    for (let i = 0; i < codePoints.length; i++) {
      const glyph = run.glyphs[i]!
      const position = run.positions[i]!
      const cp = codePoints[i]!
      const mapped = glyph.codePoints
      // .notdef (a control character, a missing glyph) is one object in fontkit, created by pdfkit without
      // characters; any other glyph must stand for exactly this character.
      if (glyph.id !== 0 && (mapped.length !== 1 || mapped[0] !== cp)) return
      if (position.yAdvance !== 0 || position.xOffset !== 0 || position.yOffset !== 0) return
      learned.push({ id: glyph.id, advanceWidth: glyph.advanceWidth, codePoints: codePointsOf(glyph.id, cp) })
    }
    const last = run.positions[run.positions.length - 1]
    // A last glyph whose advance changed was moved by something other than a pair's first-glyph value.
    if (last && last.xAdvance !== learned[learned.length - 1]?.advanceWidth) return
    learned.forEach((glyph, i) => this.remember(codePoints[i]!, glyph))
    for (let i = 0; i + 1 < learned.length; i++) {
      const kern = run.positions[i]!.xAdvance - learned[i]!.advanceWidth
      this.pair(pairKey(script, learned[i]!.id, learned[i + 1]!.id), kern)
    }
  }

  private remember(cp: number, glyph: ModelGlyph): void {
    const known = this.glyphs.get(cp)
    if (known && known.id === glyph.id && known.advanceWidth === glyph.advanceWidth) return
    this.glyphs.set(cp, Object.freeze({ ...glyph, codePoints: codePointsOf(glyph.id, cp) }))
    this.dirty = true
  }

  private pair(key: string, kern: number): void {
    const known = this.pairs.get(key)
    if (known === kern) return
    // Two adjustments for one pair: something contextual is at work, so this pair is always left to fontkit.
    if (known !== undefined) this.contextual.add(key)
    else this.pairs.set(key, kern)
    this.dirty = true
  }

  /** Adds what a file holds (written by this or another process) to what this memory knows. */
  merge(data: ShapingFile): void {
    this.pairOnly = true
    for (const [cp, id, advanceWidth] of data.glyphs)
      if (!this.glyphs.has(cp))
        this.glyphs.set(cp, Object.freeze({ id, advanceWidth, codePoints: codePointsOf(id, cp) }))
    for (const [script, list] of Object.entries(data.pairs))
      for (const [left, right, kern] of list) {
        const key = pairKey(script, left, right)
        const known = this.pairs.get(key)
        if (known === undefined) this.pairs.set(key, kern)
        else if (known !== kern) this.contextual.add(key)
      }
    for (const [script, list] of Object.entries(data.contextual))
      for (const [left, right] of list) this.contextual.add(pairKey(script, left, right))
  }

  /** The file form; pairs are grouped by script. */
  toFile(): ShapingFile {
    const pairs: Record<string, [number, number, number][]> = {}
    const contextual: Record<string, [number, number][]> = {}
    for (const [key, kern] of this.pairs) {
      const [script = '', left, right] = key.split(' ')
      ;(pairs[script] ??= []).push([Number(left), Number(right), kern])
    }
    for (const key of this.contextual) {
      const [script = '', left, right] = key.split(' ')
      ;(contextual[script] ??= []).push([Number(left), Number(right)])
    }
    const glyphs = [...this.glyphs].map(([cp, g]): [number, number, number] => [cp, g.id, g.advanceWidth])
    return { schema: SCHEMA, key: this.key, glyphs, pairs, contextual }
  }

  /** Writes what was learned since the last save, merged with the file as it is now; true when written. */
  save(): boolean {
    if (!this.dirty || !this.file || this.pairOnly !== true) return false
    const current = readShapingFile(this.file, this.key)
    if (current) this.merge(current)
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(path.dirname(this.file), { recursive: true })
      writeFileSync(temp, JSON.stringify(this.toFile()))
      renameSync(temp, this.file)
      this.dirty = false
      return true
    } catch {
      // A cache that cannot be written (read-only home, full disk) only costs the next process some time.
      rmSync(temp, { force: true })
      return false
    }
  }
}

/** The on-disk form of one font's memory. */
export interface ShapingFile {
  schema: typeof SCHEMA
  key: string
  glyphs: [number, number, number][]
  pairs: Record<string, [number, number, number][]>
  contextual: Record<string, [number, number][]>
}

const isId = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) < 0x110000
const isMetric = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 65536
const rows = (v: unknown, check: (row: unknown[]) => boolean): boolean =>
  Array.isArray(v) && v.every((row) => Array.isArray(row) && check(row))
const groups = (v: unknown, check: (row: unknown[]) => boolean): boolean =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((list) => rows(list, check))

/** The file for `key` when it exists and holds exactly what this schema describes; anything else is ignored. */
export function readShapingFile(file: string, key: string): ShapingFile | undefined {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  if (field(data, 'schema') !== SCHEMA || field(data, 'key') !== key) return undefined
  const valid =
    rows(field(data, 'glyphs'), (r) => r.length === 3 && isId(r[0]) && isId(r[1]) && isMetric(r[2])) &&
    groups(field(data, 'pairs'), (r) => r.length === 3 && isId(r[0]) && isId(r[1]) && isMetric(r[2])) &&
    groups(field(data, 'contextual'), (r) => r.length === 2 && isId(r[0]) && isId(r[1]))
  return valid ? (data as ShapingFile) : undefined
}

const memories = new Set<ShapingMemory>()

/** The memory of the font in `bytes`, loaded from the cache folder when a valid file is there. */
export function openShapingMemory(
  bytes: Uint8Array,
  features: Readonly<Record<string, boolean>>,
  dir: string | undefined = shapingCacheDir(),
): ShapingMemory | undefined {
  if (!dir) return undefined
  const key = shapingKey(bytes, features)
  const memory = new ShapingMemory(path.join(dir, `${key}.json`), key)
  const stored = readShapingFile(memory.file!, key)
  if (stored) memory.merge(stored)
  memories.add(memory)
  return memory
}

/** Saves every memory that learned something; called when a document ends. */
export function saveShapingMemories(): void {
  for (const memory of memories) memory.save()
}
