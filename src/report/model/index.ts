// The report model: what the handover pack says, independent of how it is rendered.
export * from './types'
export {
  buildReport,
  capLine,
  EVIDENCE_LINE_MAX,
  EVIDENCE_LINES,
  MINIMUM_BAR_LABELS,
  REPORT_PHRASES,
} from './build'
export { collectDeliverables, EXPECTED_DELIVERABLES, type ExpectedDeliverable } from './deliverables'
export { SPRINT_WINDOWS } from './sprint'
