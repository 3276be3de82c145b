// A small layout layer over pdfkit: a vertical cursor, headings, paragraphs, badges and tables that break
// across pages with their header row repeated.
import type { FontKey } from './fonts'
import { COLOURS, CONTENT_WIDTH, PAGE, SIZES, type BadgeStyle } from './theme'

/** One piece of a table cell; a cell stacks its blocks top to bottom. */
export type Block =
  | { kind: 'text'; text: string; font?: FontKey; size?: number; color?: string }
  | { kind: 'badges'; styles: BadgeStyle[] }

/** A table cell: blocks stacked top to bottom. */
export type Cell = Block[]

/** A table column: its header and its share of the width. */
export interface Column {
  header: string
  /** Share of the content width; the shares of a table add up to 1. */
  share: number
}

/** A table to draw: columns, rows of cells, and the caption of a continuation page. */
export interface TableSpec {
  columns: Column[]
  rows: Cell[][]
  /** Printed above the repeated header on a continuation page, e.g. `Risk register (continued)`. */
  continued: string
}

const BADGE_HEIGHT = 12
const BADGE_FONT = 6.3
const BADGE_PAD = 4.2
const BADGE_GAP = 3
const CELL_PAD_X = 5
const CELL_PAD_Y = 5
const BLOCK_GAP = 2.2
const LINE_GAP = 1.6

/** Prose for print: Markdown code spans (`handover attest`) become quoted, the backticks would only be noise. */
export const prose = (value: string): string => value.replace(/`([^`]+)`/g, '“$1”')

/** Text as a cell block. */
export const text = (
  value: string,
  font: FontKey = 'regular',
  size: number = SIZES.tableBody,
  color?: string,
): Block => ({
  kind: 'text',
  text: prose(value),
  font,
  size,
  ...(color ? { color } : {}),
})

/** Monospaced text (ids, subjects, evidence) as a cell block. */
export const mono = (value: string, color: string = COLOURS.muted, size: number = SIZES.mono): Block => ({
  kind: 'text',
  text: value,
  font: 'mono',
  size,
  color,
})

/** One or more badges side by side as a cell block. */
export const badges = (...styles: BadgeStyle[]): Block => ({ kind: 'badges', styles })

/** The document plus a cursor; everything that writes content goes through here. */
export class Layout {
  y: number = PAGE.top
  /** Running head per page index (the section the page belongs to). */
  readonly pageSections: string[] = []
  section = ''

  constructor(readonly doc: PDFKit.PDFDocument) {
    // pdfkit itself may add a page while flowing a long paragraph; record it the same way.
    doc.on('pageAdded', () => {
      this.pageSections.push(this.section)
      this.y = PAGE.top
    })
  }

  get bottom(): number {
    return PAGE.height - PAGE.bottom
  }

  get left(): number {
    return PAGE.marginX
  }

  get pageIndex(): number {
    return this.pageSections.length - 1
  }

  newPage(): void {
    this.doc.addPage()
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage()
  }

  space(points: number): void {
    this.y += points
  }

  private style(font: FontKey, size: number, color: string): PDFKit.PDFDocument {
    return this.doc.font(font).fontSize(size).fillColor(color)
  }

  /** Height of `value` in the given style and width. */
  measure(value: string, font: FontKey, size: number, width: number, lineGap = LINE_GAP): number {
    return this.doc.font(font).fontSize(size).heightOfString(value, { width, lineGap })
  }

  /** A paragraph that may flow onto the next page; keeps at least two lines together. */
  paragraph(
    value: string,
    opts: { font?: FontKey; size?: number; color?: string; x?: number; width?: number; gap?: number } = {},
  ): void {
    const font = opts.font ?? 'regular'
    const size = opts.size ?? SIZES.body
    const x = opts.x ?? this.left
    const width = opts.width ?? CONTENT_WIDTH
    const words = prose(value)
    const height = this.measure(words, font, size, width, LINE_GAP + 0.8)
    this.ensure(Math.min(height, size * 3))
    this.style(font, size, opts.color ?? COLOURS.body).text(words, x, this.y, {
      width,
      lineGap: LINE_GAP + 0.8,
    })
    this.y = this.doc.y + (opts.gap ?? 6)
  }

  /** A single line that must not wrap or break, drawn at an explicit position. */
  line(
    value: string,
    x: number,
    y: number,
    opts: {
      font?: FontKey
      size?: number
      color?: string
      width?: number
      align?: 'left' | 'right' | 'center'
      spacing?: number
    },
  ): void {
    const size = opts.size ?? SIZES.body
    this.style(opts.font ?? 'regular', size, opts.color ?? COLOURS.body).text(value, x, y, {
      width: opts.width ?? CONTENT_WIDTH,
      align: opts.align ?? 'left',
      lineBreak: false,
      height: size * 1.6,
      characterSpacing: opts.spacing ?? 0,
    })
  }

  /** A small, letter-spaced label above a heading. */
  kicker(value: string, color: string = COLOURS.accent): void {
    this.line(value.toUpperCase(), this.left, this.y, { font: 'semibold', size: 7.2, color, spacing: 1.1 })
    this.y += 12
  }

  h1(value: string, kicker?: string): void {
    this.ensure(90)
    if (kicker) this.kicker(kicker)
    this.line(value, this.left, this.y, { font: 'bold', size: SIZES.h1, color: COLOURS.navy })
    this.y += SIZES.h1 + 8
    this.doc
      .save()
      .moveTo(this.left, this.y)
      .lineTo(this.left + 36, this.y)
      .lineWidth(2)
      .strokeColor(COLOURS.accent)
      .stroke()
      .restore()
    this.y += 12
  }

  h2(value: string, after?: BadgeStyle[]): void {
    this.ensure(70)
    this.line(value, this.left, this.y, { font: 'semibold', size: SIZES.h2, color: COLOURS.ink })
    if (after?.length) {
      const w = this.doc.font('semibold').fontSize(SIZES.h2).widthOfString(value)
      this.badgeRow(after, this.left + w + 8, this.y + 1.5)
    }
    this.y += SIZES.h2 + 7
  }

  h3(value: string): void {
    this.ensure(50)
    this.line(value, this.left, this.y, { font: 'semibold', size: SIZES.h3, color: COLOURS.ink })
    this.y += SIZES.h3 + 6
  }

  rule(color: string = COLOURS.rule, y = this.y): void {
    this.doc
      .save()
      .moveTo(this.left, y)
      .lineTo(this.left + CONTENT_WIDTH, y)
      .lineWidth(0.6)
      .strokeColor(color)
      .stroke()
      .restore()
  }

  badgeWidth(style: BadgeStyle): number {
    return (
      this.doc.font('bold').fontSize(BADGE_FONT).widthOfString(style.label, { characterSpacing: 0.5 }) +
      2 * BADGE_PAD
    )
  }

  /** Draws a badge and returns its width. */
  badge(style: BadgeStyle, x: number, y: number): number {
    const w = this.badgeWidth(style)
    const doc = this.doc.save()
    doc.roundedRect(x + 0.4, y + 0.4, w - 0.8, BADGE_HEIGHT - 0.8, 2.2)
    if (style.dashed) doc.dash(1.6, { space: 1.2 })
    if (style.fill && style.stroke) doc.lineWidth(0.8).fillAndStroke(style.fill, style.stroke)
    else if (style.fill) doc.fill(style.fill)
    else doc.lineWidth(0.8).stroke(style.stroke ?? COLOURS.faint)
    doc.undash().restore()
    this.doc
      .font('bold')
      .fontSize(BADGE_FONT)
      .fillColor(style.text)
      .text(style.label, x + BADGE_PAD, y + (BADGE_HEIGHT - BADGE_FONT) / 2 - 0.6, {
        lineBreak: false,
        characterSpacing: 0.5,
        height: BADGE_HEIGHT,
      })
    return w
  }

  badgeRow(styles: readonly BadgeStyle[], x: number, y: number): number {
    let at = x
    for (const s of styles) at += this.badge(s, at, y) + BADGE_GAP
    return at - x
  }

  /** Measured heights, so a row is laid out once and drawn without measuring again. */
  private readonly heights = new WeakMap<Block, { width: number; height: number }>()

  private blockHeight(block: Block, width: number): number {
    if (block.kind === 'badges') return BADGE_HEIGHT
    const known = this.heights.get(block)
    if (known && known.width === width) return known.height
    const height = this.measure(block.text, block.font ?? 'regular', block.size ?? SIZES.tableBody, width)
    this.heights.set(block, { width, height })
    return height
  }

  private cellHeight(cell: Cell, width: number): number {
    if (cell.length === 0) return 0
    return cell.reduce((h, b) => h + this.blockHeight(b, width), 0) + BLOCK_GAP * (cell.length - 1)
  }

  private drawCell(cell: Cell, x: number, y: number, width: number, maxY: number): void {
    let at = y
    for (const block of cell) {
      if (at >= maxY) return
      if (block.kind === 'badges') {
        this.badgeRow(block.styles, x, at)
        at += BADGE_HEIGHT + BLOCK_GAP
        continue
      }
      const font = block.font ?? 'regular'
      const size = block.size ?? SIZES.tableBody
      const h = this.blockHeight(block, width)
      // An explicit height stops pdfkit from flowing onto a new page; a row taller than a page is cut with an ellipsis.
      this.style(font, size, block.color ?? COLOURS.body).text(block.text, x, at, {
        width,
        lineGap: LINE_GAP,
        height: Math.min(h + 2, maxY - at),
        ellipsis: true,
      })
      at += h + BLOCK_GAP
    }
  }

  private tableHeader(columns: readonly Column[], widths: readonly number[]): void {
    const labels = columns.map((c) => c.header.toUpperCase())
    const h =
      Math.max(
        ...labels.map((l, i) =>
          this.measure(l, 'semibold', SIZES.tableHead, (widths[i] ?? 0) - 2 * CELL_PAD_X, 0),
        ),
      ) +
      2 * CELL_PAD_Y
    this.doc.save().rect(this.left, this.y, CONTENT_WIDTH, h).fill(COLOURS.tint).restore()
    let x = this.left
    labels.forEach((label, i) => {
      const w = widths[i] ?? 0
      this.style('semibold', SIZES.tableHead, COLOURS.muted).text(
        label,
        x + CELL_PAD_X,
        this.y + CELL_PAD_Y,
        {
          width: w - 2 * CELL_PAD_X,
          characterSpacing: 0.6,
          height: h,
        },
      )
      x += w
    })
    this.y += h
    this.rule(COLOURS.faint)
  }

  /**
   * Column shares for a free-form table (first column semibold): every column gets at least its longest word,
   * and the space left goes to the columns whose text wants it most.
   */
  autoShares(columns: readonly string[], rows: readonly (readonly string[])[], size: number): number[] {
    const pad = 2 * CELL_PAD_X + 1
    const cap = CONTENT_WIDTH * 0.4
    const words = (s: string): string[] => s.split(/\s+/).filter(Boolean)
    const min: number[] = []
    const want: number[] = []
    columns.forEach((header, i) => {
      const font: FontKey = i === 0 ? 'semibold' : 'regular'
      const head = header.toUpperCase()
      this.doc.font('semibold').fontSize(SIZES.tableHead)
      let lo = Math.max(0, ...words(head).map((w) => this.doc.widthOfString(w, { characterSpacing: 0.6 })))
      let hi = this.doc.widthOfString(head, { characterSpacing: 0.6 })
      this.doc.font(font).fontSize(size)
      for (const row of rows) {
        const cell = row[i] ?? ''
        lo = Math.max(lo, ...words(cell).map((w) => this.doc.widthOfString(w)))
        hi = Math.max(hi, this.doc.widthOfString(cell))
      }
      min.push(Math.min(lo, cap) + pad)
      want.push(Math.min(Math.max(hi, lo), cap * 1.5) + pad)
    })
    // Columns that fit in a fair share get all they want; the rest split what is left by how much they want.
    const widths = [...want]
    let open = want.map((_, i) => i)
    let remaining = CONTENT_WIDTH
    for (;;) {
      const fair = remaining / Math.max(1, open.length)
      const fits = open.filter((i) => (want[i] ?? 0) <= fair)
      if (fits.length === 0 || fits.length === open.length) break
      remaining -= fits.reduce((n, i) => n + (want[i] ?? 0), 0)
      open = open.filter((i) => !fits.includes(i))
    }
    // Everything fits: share the spare width in proportion, so no column looks starved.
    if (want.reduce((a, b) => a + b, 0) <= CONTENT_WIDTH)
      return want.map((w) => w / want.reduce((a, b) => a + b, 0))
    const openMin = open.reduce((n, i) => n + (min[i] ?? 0), 0)
    const openFlex = open.reduce((n, i) => n + (want[i] ?? 0) - (min[i] ?? 0), 0)
    const extra = Math.max(0, remaining - openMin)
    for (const i of open) {
      const flex = (want[i] ?? 0) - (min[i] ?? 0)
      widths[i] = (min[i] ?? 0) + (openFlex > 0 ? (extra * flex) / openFlex : extra / open.length)
    }
    const total = widths.reduce((a, b) => a + b, 0)
    // Wider than the page only when the longest words are: then every column shrinks alike.
    return widths.map((w) => w / total)
  }

  private rowHeight(row: readonly Cell[], widths: readonly number[]): number {
    const tallest = Math.max(
      12,
      ...row.map((cell, i) => this.cellHeight(cell, (widths[i] ?? 0) - 2 * CELL_PAD_X)),
    )
    return Math.min(tallest + 2 * CELL_PAD_Y, this.bottom - PAGE.top - 60)
  }

  /** Height of a table's header and first row: what a heading above it must be kept with. */
  tableLead(spec: TableSpec): number {
    const first = spec.rows[0]
    return (
      26 +
      (first
        ? this.rowHeight(
            first,
            spec.columns.map((c) => c.share * CONTENT_WIDTH),
          )
        : 0)
    )
  }

  /** A table whose rows never split; on a page break the header row is drawn again under a caption. */
  table(spec: TableSpec): void {
    const widths = spec.columns.map((c) => c.share * CONTENT_WIDTH)
    this.ensure(this.tableLead(spec))
    this.tableHeader(spec.columns, widths)
    spec.rows.forEach((row, r) => {
      const h = this.rowHeight(row, widths)
      if (this.y + h > this.bottom) {
        this.newPage()
        this.line(spec.continued, this.left, this.y, {
          font: 'italic',
          size: SIZES.small,
          color: COLOURS.muted,
        })
        this.y += 14
        this.tableHeader(spec.columns, widths)
      }
      if (r % 2 === 1) this.doc.save().rect(this.left, this.y, CONTENT_WIDTH, h).fill(COLOURS.zebra).restore()
      let x = this.left
      row.forEach((cell, i) => {
        const w = widths[i] ?? 0
        this.drawCell(
          cell,
          x + CELL_PAD_X,
          this.y + CELL_PAD_Y,
          w - 2 * CELL_PAD_X,
          this.y + h - CELL_PAD_Y + 1,
        )
        x += w
      })
      this.y += h
      this.rule()
    })
    this.y += 12
  }

  /** A short bulleted list that may break between items. */
  bullets(items: readonly string[], opts: { x?: number; width?: number; size?: number } = {}): void {
    const x = opts.x ?? this.left
    const width = opts.width ?? CONTENT_WIDTH
    const size = opts.size ?? SIZES.body
    for (const item of items) {
      const h = this.measure(item, 'regular', size, width - 12)
      this.ensure(h)
      this.doc
        .save()
        .circle(x + 2.5, this.y + size * 0.55, 1.4)
        .fill(COLOURS.accent)
        .restore()
      this.style('regular', size, COLOURS.body).text(item, x + 12, this.y, {
        width: width - 12,
        lineGap: LINE_GAP,
        height: h + 2,
      })
      this.y += h + 3
    }
  }
}
