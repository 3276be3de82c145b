// The fonts shipped in resources/fonts/ (licences beside them): parsed once per process, shaped with a
// shared cache, and embedded by pdfkit as subsets.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { create, type Font, type GlyphRun } from 'fontkit'

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
const FEATURES: Readonly<Record<string, boolean>> = {
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

/** The parsed font with a memoised `layout`; everything else is inherited from the fontkit font. */
function shapedFont(font: Font): Font {
  const shaped = new Map<string, GlyphRun>()
  const wrapper = Object.create(font) as Font
  wrapper.layout = (text: string): GlyphRun => {
    let run = shaped.get(text)
    if (!run) {
      if (shaped.size >= MAX_SHAPED) shaped.clear()
      run = font.layout(text, FEATURES)
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
    font = shapedFont(create(readFileSync(file)))
    fonts.set(file, font)
  }
  return font
}

/** Registers every font on the document under its key. */
export function registerFonts(doc: PDFKit.PDFDocument, dir = defaultFontsDir()): void {
  for (const key of Object.keys(FILES) as FontKey[]) {
    // pdfkit takes a parsed fontkit font in place of file data (it checks for a `layout` method).
    doc.registerFont(key, loadFont(dir, key) as unknown as Buffer)
  }
}
