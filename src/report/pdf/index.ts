// The handover PDF renderer.
export { renderReportPdf } from './render'
