// What every part of the pack draws with: the document, the shared layout and the report model.
import type { ReportModel } from '../model'
import type { Layout } from './layout'

/** The pack being drawn: pdfkit's document, the layout's cursor over it, the model and each run's number. */
export interface PackPdf {
  readonly doc: PDFKit.PDFDocument
  readonly l: Layout
  readonly m: ReportModel
  /** A run's number (#1, #2…) in the order the timeline lists runs; 0 for a run it does not list. */
  readonly runNumber: (id: string) => number
}

/** One numbered section of the pack: whether it starts a page, and how it draws its body below its heading. */
export interface PdfSection {
  /** False for a section that follows the previous one on the same page when there is room. */
  readonly breakBefore: boolean
  /** Draws the section's body; `outline` is its bookmark, for sub-entries (stages, deliverables). */
  draw(pdf: PackPdf, outline: PDFKit.PDFOutline): void
}
