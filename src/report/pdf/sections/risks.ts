// Section: the risk register.
import { REPORT_COLUMNS } from '../../model'
import { columns, continued, finding, ownerCell, severityCell } from '../cells'
import { type Cell, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { SIZES } from '../theme'

/** The risk register: every finding by severity, those that block launch marked. */
export const risksSection: PdfSection = {
  breakBefore: false,
  draw({ l, m }) {
    const items = m.risks.items
    if (items.length === 0) return
    l.table({
      columns: columns(REPORT_COLUMNS.risks, [0.07, 0.13, 0.34, 0.13, 0.33]),
      rows: items.map((r): Cell[] => [
        [text(r.ref, 'semibold')],
        severityCell(r, true),
        finding(r),
        ownerCell(r.owner),
        [text(r.nextStep, 'regular', SIZES.small)],
      ]),
      continued: continued(m.risks.title),
    })
  },
}
