// The numbered sections of the pack, one file each; the type makes a section of the model without a renderer fail tsc.
import type { ReportSectionKey } from '../../model'
import type { PdfSection } from '../pack-pdf'
import { appendixSection } from './appendix'
import { blockersSection } from './blockers'
import { checklistSection } from './checklist'
import { deliverablesSection } from './deliverables'
import { firstWeekSection } from './first-week'
import { minimumBarSection } from './minimum-bar'
import { openRisksSection } from './open-risks'
import { regressionsSection } from './regressions'
import { risksSection } from './risks'
import { targetsSection } from './targets'
import { timelineSection } from './timeline'

/** Each report section's PDF renderer, keyed as the model keys them (the order is REPORT_SECTIONS'). */
export const PDF_SECTIONS: Readonly<Record<ReportSectionKey, PdfSection>> = {
  minimumBar: minimumBarSection,
  targets: targetsSection,
  blockers: blockersSection,
  risks: risksSection,
  regressions: regressionsSection,
  checklist: checklistSection,
  deliverables: deliverablesSection,
  timeline: timelineSection,
  openRisks: openRisksSection,
  firstWeek: firstWeekSection,
  appendix: appendixSection,
}
