// The fonts shipped in resources/fonts/ (licences beside them), read once per process and embedded as subsets.
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** Names the renderer uses; each maps to one file. */
export type FontKey = 'regular' | 'italic' | 'semibold' | 'bold' | 'mono'

const FILES: Readonly<Record<FontKey, string>> = {
  regular: 'Inter-Regular.otf',
  italic: 'Inter-Italic.otf',
  semibold: 'Inter-SemiBold.otf',
  bold: 'Inter-Bold.otf',
  mono: 'DejaVuSansMono.ttf',
}

/** The fonts folder next to the engine, as laid out in the repository and the packaged app. */
export function defaultFontsDir(): string {
  return path.resolve(import.meta.dirname, '..', '..', '..', 'resources', 'fonts')
}

const cache = new Map<string, Buffer>()

function fontFile(dir: string, key: FontKey): Buffer {
  const file = path.join(dir, FILES[key])
  let data = cache.get(file)
  if (!data) {
    // A missing font file is an installation bug, so it throws rather than returning a coded failure.
    data = readFileSync(file)
    cache.set(file, data)
  }
  return data
}

/** Registers every font on the document under its key. */
export function registerFonts(doc: PDFKit.PDFDocument, dir = defaultFontsDir()): void {
  for (const key of Object.keys(FILES) as FontKey[]) doc.registerFont(key, fontFile(dir, key))
}
