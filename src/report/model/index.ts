// The report model: what the handover pack says, independent of how it is rendered.
export * from './types'
export { buildReport, EVIDENCE_LINE_MAX, EVIDENCE_LINES } from './build'
export {
  appendixFacts,
  deliverableLine,
  MINIMUM_BAR_LABELS,
  REPORT_COLUMNS,
  REPORT_HEADINGS,
  REPORT_PHRASES,
  stageHeading,
} from './phrases'
export { EXPECTED_DELIVERABLES, printsNothing } from './deliverables'
export { SPRINT_WINDOWS } from './sprint'
