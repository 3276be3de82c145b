// The fonts shipped in resources/fonts/ (licences beside them): parsed once per process, shaped with a shared
// cache, and embedded by pdfkit as subsets. What shaping teaches about a font (the glyph of each character, its
// advance, the kerning of each glyph pair: never the words) is kept on disk per font file (font-shaping.ts), so a
// new process lays text out without asking fontkit to parse the font's positioning tables again.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { create, type Font, type GlyphRun } from 'fontkit'
import { openShapingMemory, saveShapingMemories, type ShapingMemory } from './font-shaping'

/** Names the renderer uses; each maps to one file. */
export type FontKey = 'regular' | 'italic' | 'semibold' | 'bold' | 'mono'

const FILES: Readonly<Record<FontKey, string>> = {
  regular: 'Inter-Regular.otf',
  italic: 'Inter-Italic.otf',
  semibold: 'Inter-SemiBold.otf',
  bold: 'Inter-Bold.otf',
  mono: 'DejaVuSansMono.ttf',
}

/**
 * Kerning only: Inter's contextual alternates cost most of the shaping time and change nothing in a report
 * set in plain Latin text.
 */
export const FEATURES: Readonly<Record<string, boolean>> = {
  kern: true,
  calt: false,
  ccmp: false,
  locl: false,
  rlig: false,
  liga: false,
  clig: false,
  rclt: false,
  mark: false,
  mkmk: false,
  curs: false,
}

/** Shaped runs kept per font; reports repeat most words, and renders repeat most reports. */
const MAX_SHAPED = 50_000

/** The fonts folder next to the engine, as laid out in the repository and the packaged app. */
export function defaultFontsDir(): string {
  return path.resolve(import.meta.dirname, '..', '..', '..', 'resources', 'fonts')
}

const counts = { memory: 0, fontkit: 0 }

/** How many distinct words this process laid out from the shaping memory and how many fontkit shaped. */
export function shapingCounts(): { memory: number; fontkit: number } {
  return { ...counts }
}

/** A copy pdfkit may scale in place without touching the cached run. */
function copyRun(run: GlyphRun): GlyphRun {
  const copy = Object.create(Object.getPrototypeOf(run) as object) as GlyphRun
  Object.assign(copy, run)
  copy.glyphs = [...run.glyphs]
  copy.positions = run.positions.map((p) =>
    Object.assign(Object.create(Object.getPrototypeOf(p) as object) as object, p),
  )
  return copy
}

/**
 * The parsed font with a memoised `layout`: a word already shaped in this process, then a word the shaping memory
 * can lay out from what it learned, then fontkit (whose result teaches the memory).
 */
function shapedFont(font: Font, memory: ShapingMemory | undefined): Font {
  const shaped = new Map<string, GlyphRun>()
  const wrapper = Object.create(font) as Font
  wrapper.layout = (text: string): GlyphRun => {
    let run = shaped.get(text)
    if (!run) {
      if (shaped.size >= MAX_SHAPED) shaped.clear()
      run = memory?.layout(text)
      if (run) counts.memory++
      else {
        run = font.layout(text, FEATURES)
        counts.fontkit++
        memory?.learn(font, text, run)
      }
      shaped.set(text, run)
    }
    return copyRun(run)
  }
  return wrapper
}

const fonts = new Map<string, Font>()

function loadFont(dir: string, key: FontKey): Font {
  const file = path.join(dir, FILES[key])
  let font = fonts.get(file)
  if (!font) {
    // A missing or unreadable font file is an installation bug, so it throws rather than returning a code.
    const bytes = readFileSync(file)
    font = shapedFont(create(bytes), openShapingMemory(bytes, FEATURES))
    fonts.set(file, font)
  }
  return font
}

/** Registers every font on the document under its key; what shaping learned is saved when the document ends. */
export function registerFonts(doc: PDFKit.PDFDocument, dir = defaultFontsDir()): void {
  for (const key of Object.keys(FILES) as FontKey[]) {
    // pdfkit takes a parsed fontkit font in place of file data (it checks for a `layout` method).
    doc.registerFont(key, loadFont(dir, key) as unknown as Buffer)
  }
  doc.once('end', saveShapingMemories)
}
