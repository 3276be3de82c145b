// Renders the report model to the handover PDF: the cover, the contents, each section (one file each under
// sections/, on the shared layout), then the running heads and page numbers.
import PDFDocument from 'pdfkit'
import { REPORT_SECTIONS, type ReportModel, type ReportSectionKey } from '../model'
import { drawContents, fillContents } from './contents'
import { drawCover } from './cover'
import { registerFonts } from './fonts'
import { drawPageFurniture } from './furniture'
import { Layout } from './layout'
import type { PackPdf } from './pack-pdf'
import { PDF_SECTIONS } from './sections'
import { COLOURS, PAGE } from './theme'

/** Document information fields a caller may override (the model supplies all of them by default). */
export interface PdfInfoOverrides {
  title?: string
  author?: string
  subject?: string
  keywords?: string
  creator?: string
  producer?: string
}

/** How to render: the signing hook, metadata overrides and the fonts folder. */
export interface RenderOptions {
  /** Called once everything is drawn and just before `doc.end()`; nothing is written after it (signing hook). */
  beforeEnd?: (doc: PDFKit.PDFDocument) => void
  info?: PdfInfoOverrides
  /** Where the font files are; defaults to resources/fonts/. */
  fontsDir?: string
}

/** Draws one numbered section: its page break (or room), its destination and bookmark, heading, note and body. */
function drawSection(
  pdf: PackPdf,
  key: ReportSectionKey,
  n: number,
  pageOf: Map<ReportSectionKey, number>,
): void {
  const { doc, l, m } = pdf
  const section = PDF_SECTIONS[key]
  const title = m[key].title
  l.section = title
  if (section.breakBefore) l.newPage()
  else {
    l.space(12)
    l.ensure(160)
  }
  pageOf.set(key, l.pageIndex)
  doc.addNamedDestination(`section-${key}`, 'XYZ', null, PAGE.height - l.y + 12, null)
  const outline = doc.outline.addItem(`${n}. ${title}`)
  l.h1(title, `Section ${n}`)
  l.paragraph(m[key].note, { color: COLOURS.muted, size: 9, gap: 10 })
  section.draw(pdf, outline)
}

/** Draws the whole pack into `doc`: cover, contents, the sections in order, the contents' page numbers, furniture. */
function drawPack(doc: PDFKit.PDFDocument, m: ReportModel): void {
  const runs = [...m.timeline.windows.flatMap((w) => w.runs), ...m.timeline.afterSprint]
  const numbers = new Map(runs.map((r, i) => [r.id, i + 1]))
  const pdf: PackPdf = { doc, l: new Layout(doc), m, runNumber: (id) => numbers.get(id) ?? 0 }
  const pageOf = new Map<ReportSectionKey, number>()
  drawCover(pdf)
  const listY = drawContents(pdf)
  REPORT_SECTIONS.forEach((key, i) => drawSection(pdf, key, i + 1, pageOf))
  fillContents(pdf, listY, pageOf)
  drawPageFurniture(pdf)
}

/** Renders the handover PDF; the same model always gives the same bytes. */
export function renderReportPdf(model: ReportModel, options: RenderOptions = {}): Promise<Buffer> {
  const created = new Date(model.meta.creationDate)
  const info = options.info ?? {}
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.marginX, right: PAGE.marginX },
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: info.title ?? model.meta.title,
      Author: info.author ?? model.meta.author,
      Subject: info.subject ?? model.meta.subject,
      Keywords: info.keywords ?? model.meta.keywords.join(', '),
      Creator: info.creator ?? model.meta.creator,
      Producer: info.producer ?? 'Handover (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  registerFonts(doc, options.fontsDir)
  drawPack(doc, model)
  options.beforeEnd?.(doc)
  doc.end()
  return done
}
