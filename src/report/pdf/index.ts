// The handover PDF renderer.
export { renderReportPdf, type PdfInfoOverrides, type RenderOptions } from './render'
export { defaultFontsDir } from './fonts'
