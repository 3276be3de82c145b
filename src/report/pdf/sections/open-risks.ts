// Section: the open risks and their next steps.
import { REPORT_COLUMNS } from '../../model'
import { columns, continued, finding, ownerCell } from '../cells'
import { badges, type Cell, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS, PRIORITY_BADGE, SIZES } from '../theme'

/** Open risks and next steps: priority, due date, finding, owner and next step. */
export const openRisksSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }) {
    const items = m.openRisks.items
    if (items.length === 0) return
    l.table({
      columns: columns(REPORT_COLUMNS.openRisks, [0.1, 0.12, 0.34, 0.12, 0.32]),
      rows: items.map((r): Cell[] => [
        [badges(PRIORITY_BADGE[r.priority])],
        [text(r.due, 'regular', SIZES.small)],
        [...(r.ref ? [text(r.ref, 'semibold', SIZES.small, COLOURS.muted)] : []), ...finding(r)],
        ownerCell(r.owner),
        [text(r.nextStep, 'regular', SIZES.small)],
      ]),
      continued: continued(m.openRisks.title),
    })
  },
}
