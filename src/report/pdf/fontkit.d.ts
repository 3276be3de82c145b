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
  }

  export interface GlyphRun {
    glyphs: Glyph[]
    positions: GlyphPosition[]
    readonly advanceWidth: number
  }

  export interface Font {
    postscriptName: string
    layout(text: string, features?: Readonly<Record<string, boolean>> | string[]): GlyphRun
  }

  /** Parses a font file (a single font, not a collection). */
  export function create(buffer: Uint8Array, postscriptName?: string): Font
}
