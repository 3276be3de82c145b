// The part of fontkit (pdfkit's font engine, which ships without types) that the renderer uses.
declare module 'fontkit' {
  export interface GlyphPosition {
    xAdvance: number
    yAdvance: number
    xOffset: number
    yOffset: number
  }

  export interface Glyph {
    id: number
    advanceWidth: number
    /** The characters this glyph stands for in the run (pdfkit writes them into the ToUnicode map). */
    codePoints: number[]
  }

  export interface GlyphRun {
    glyphs: Glyph[]
    positions: GlyphPosition[]
    readonly advanceWidth: number
  }

  export interface Font {
    postscriptName: string
    layout(text: string, features?: Readonly<Record<string, boolean>> | string[]): GlyphRun
    /** The glyph with this id; fontkit keeps one object per id, made with the characters of its first request. */
    getGlyph(id: number, codePoints?: number[]): Glyph
  }

  /** Parses a font file (a single font, not a collection). */
  export function create(buffer: Uint8Array, postscriptName?: string): Font
}
