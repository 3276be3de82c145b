// The report model: what the handover pack says, independent of how it is rendered.
export * from './types'
export { buildReport, EVIDENCE_LINE_MAX, EVIDENCE_LINES, MINIMUM_BAR_LABELS, REPORT_PHRASES } from './build'
export { EXPECTED_DELIVERABLES, printsNothing } from './deliverables'
export { SPRINT_WINDOWS } from './sprint'
