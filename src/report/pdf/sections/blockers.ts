// Section: the launch block list.
import { REPORT_COLUMNS } from '../../model'
import { columns, continued, finding, ownerCell, severityCell } from '../cells'
import { type Cell, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { SIZES } from '../theme'

/** The launch block list: what must be fixed before launch, with next step and owner. */
export const blockersSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }) {
    const items = m.blockers.items
    if (items.length === 0) return
    l.table({
      columns: columns(REPORT_COLUMNS.blockers, [0.07, 0.13, 0.34, 0.32, 0.14]),
      rows: items.map((r): Cell[] => [
        [text(r.ref, 'semibold')],
        severityCell(r),
        finding(r),
        [text(r.nextStep, 'regular', SIZES.small)],
        ownerCell(r.owner),
      ]),
      continued: continued(m.blockers.title),
    })
  },
}
