// The shaping memory of the report fonts: what fontkit taught in one process lays text out in the next exactly as
// fontkit would, from a file that holds glyphs, advances and kerning pairs but no text.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { create, type Font, type GlyphRun } from 'fontkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CATALOGUE } from '../../src/catalogue/catalogue'
import {
  kernIsPairOnly,
  openShapingMemory,
  readShapingFile,
  shapingCacheDir,
  shapingKey,
} from '../../src/report/pdf/font-shaping'
import { defaultFontsDir, FEATURES } from '../../src/report/pdf/fonts'

const FONTS = readdirSync(defaultFontsDir()).filter((f) => /\.(otf|ttf)$/.test(f))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Words as pdfkit hands them to the font: split after each space, the space kept. */
function words(text: string): string[] {
  return text.match(/[^ ]+ ?| /g) ?? []
}

/** Every title, summary and remediation of the catalogue, plus evidence-like values. */
const CORPUS = [
  ...Object.values(CATALOGUE).flatMap((c) => [
    c.name,
    c.purpose,
    ...Object.values(c.outcomes).flatMap((o) => [o.title, o.summary, o.remediation]),
  ]),
  'TXT s1._domainkey.acme.test: v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0B…AQAB → 2048-bit RSA (“strong”) — 14 days, 1/2',
  'Line one\nline two\tafter a tab\n',
].flatMap(words)

/** What a run says, in plain data, for exact comparison. */
const plain = (run: GlyphRun) => ({
  glyphs: run.glyphs.map((g) => ({ id: g.id, advanceWidth: g.advanceWidth, codePoints: [...g.codePoints] })),
  positions: run.positions.map((p) => ({ ...p })),
  advanceWidth: run.advanceWidth,
})

describe('the shaping memory', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'handover-shaping-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each(FONTS)('holds for %s: its kerning is pair positioning that moves the first glyph only', (file) => {
    expect(kernIsPairOnly(create(readFileSync(path.join(defaultFontsDir(), file))))).toBe(true)
  })

  it('refuses a font whose kerning is contextual or moves the second glyph', () => {
    const gpos = (lookupType: number, valueFormat2: Record<string, boolean>) =>
      ({
        GPOS: {
          featureList: [{ tag: 'kern', feature: { lookupListIndexes: [0] } }],
          lookupList: {
            get: () => ({
              lookupType,
              subTables: [{ valueFormat1: { xAdvance: true }, valueFormat2 }],
            }),
          },
        },
      }) as unknown as Font
    expect(kernIsPairOnly(gpos(2, { xAdvance: false }))).toBe(true)
    expect(kernIsPairOnly(gpos(8, { xAdvance: false }))).toBe(false)
    expect(kernIsPairOnly(gpos(2, { xAdvance: true }))).toBe(false)
  })

  it.each(FONTS)('lays out %s from what it learned exactly as fontkit does', (file) => {
    const bytes = readFileSync(path.join(defaultFontsDir(), file))
    const font = create(bytes)
    font.getGlyph(0) // as pdfkit's EmbeddedFont does first: fontkit then keeps .notdef without characters
    const memory = openShapingMemory(bytes, FEATURES, path.join(dir, 'learn'))!
    const [teach, check] = [CORPUS.filter((_, i) => i % 2 === 0), CORPUS.filter((_, i) => i % 2 === 1)]
    for (const word of teach) memory.learn(font, word, font.layout(word, FEATURES))
    let predicted = 0
    for (const word of check) {
      const ours = memory.layout(word)
      if (!ours) continue
      predicted++
      expect(plain(ours), word).toEqual(plain(font.layout(word, FEATURES)))
    }
    // Most words of the other half are made of pairs the first half taught.
    expect(predicted).toBeGreaterThan(check.length / 2)
  })

  it('leaves to fontkit what it cannot know: unseen pairs, fractions, marks, other scripts', () => {
    const bytes = readFileSync(path.join(defaultFontsDir(), 'Inter-Regular.otf'))
    const font = create(bytes)
    const memory = openShapingMemory(bytes, FEATURES, path.join(dir, 'limits'))!
    for (const word of ['1⁄2 ', 'cafe\u0301 ', 'αβγ ', 'Zq '])
      memory.learn(font, word, font.layout(word, FEATURES))
    expect(memory.layout('1⁄2 ')).toBeUndefined()
    expect(memory.layout('cafe\u0301 ')).toBeUndefined()
    expect(memory.layout('αβγ ')).toBeUndefined()
    expect(memory.layout('Zq ')).toBeDefined()
    expect(memory.layout('qZ ')).toBeUndefined()
  })

  it('saves glyphs, advances and pairs but no text, and a new memory reads them back', () => {
    const bytes = readFileSync(path.join(defaultFontsDir(), 'Inter-Bold.otf'))
    const font = create(bytes)
    const at = path.join(dir, 'saved')
    font.getGlyph(0)
    const first = openShapingMemory(bytes, FEATURES, at)!
    // A line's last word reaches the font with its newline, which fontkit shapes as .notdef.
    const secret = 'Hunter2Correct\n'
    first.learn(font, secret, font.layout(secret, FEATURES))
    expect(first.save()).toBe(true)
    const file = path.join(at, `${shapingKey(bytes, FEATURES)}.json`)
    const stored = readFileSync(file, 'utf8')
    expect(stored).not.toContain('Hunter')
    expect(readShapingFile(file, shapingKey(bytes, FEATURES))?.schema).toBe('handover.font-shaping/1')
    const second = openShapingMemory(bytes, FEATURES, at)!
    expect(plain(second.layout(secret)!)).toEqual(plain(font.layout(secret, FEATURES)))
  })

  it('ignores a damaged or foreign file and starts empty', () => {
    const bytes = readFileSync(path.join(defaultFontsDir(), 'Inter-Italic.otf'))
    const key = shapingKey(bytes, FEATURES)
    const at = path.join(dir, 'damaged')
    mkdirSync(at, { recursive: true })
    const file = path.join(at, `${key}.json`)
    const valid = {
      schema: 'handover.font-shaping/1',
      key,
      glyphs: [[65, 3, 1700]],
      pairs: {},
      contextual: {},
    }
    writeFileSync(file, JSON.stringify(valid))
    expect(readShapingFile(file, key)).toEqual(valid)
    for (const text of [
      JSON.stringify(valid).slice(0, 40),
      JSON.stringify({ ...valid, key: 'another-font' }),
      JSON.stringify({ ...valid, glyphs: [[65, -1, 1700]] }),
      JSON.stringify({ ...valid, pairs: { latn: [[1, 2]] } }),
    ]) {
      writeFileSync(file, text)
      expect(readShapingFile(file, key)).toBeUndefined()
      expect(openShapingMemory(bytes, FEATURES, at)!.layout('A')).toBeUndefined()
    }
  })

  it('keeps its files in HANDOVER_CACHE_DIR, in the per-user cache otherwise, and nowhere when it is empty', () => {
    expect(shapingCacheDir({ HANDOVER_CACHE_DIR: '/x/cache' })).toBe(path.join('/x/cache', 'font-shaping'))
    expect(shapingCacheDir({ HANDOVER_CACHE_DIR: '' })).toBeUndefined()
    if (process.platform === 'linux')
      expect(shapingCacheDir({ XDG_CACHE_HOME: '/home/u/.cache' })).toBe(
        '/home/u/.cache/handover/font-shaping',
      )
  })
})

/** Renders the fixture sprint's pack in a new process: how its words were shaped, and the PDF's hash. */
function renderInChild(cacheDir: string): Promise<{ memory: number; fontkit: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const script = path.join(ROOT, 'test', 'report', 'support', 'render-once.ts')
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, HANDOVER_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`))))
  })
}

describe('a report in a new process', () => {
  // Bug: every process parsed each font's positioning tables and shaped every word with fontkit again, which was
  // most of the 3.4 s a cold bench/report took on a loaded machine (1.6 s CPU, target 1.5 s).
  // Fix: the shaping memory (font-shaping.ts) keeps what fontkit taught per font file on disk; the next process
  // lays the same text out from it, byte for byte the same PDF, and asks fontkit only for pairs it has not seen.
  it('Bug: cold bench/report shapes every word with fontkit again (font parsing and shaping)', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'handover-shaping-child-'))
    try {
      const first = await renderInChild(cache)
      expect(first.fontkit).toBeGreaterThan(100)
      const second = await renderInChild(cache)
      expect(second).toEqual({ memory: first.memory + first.fontkit, fontkit: 0, sha256: first.sha256 })
      const without = await renderInChild('')
      expect(without).toMatchObject({ memory: 0, sha256: first.sha256 })
    } finally {
      rmSync(cache, { recursive: true, force: true })
    }
  }, 180_000)
})
