// Section: the risk register.
import { col, finding, ownerCell, severityCell } from '../cells'
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
      columns: [
        col('Ref', 0.07),
        col('Severity', 0.13),
        col('Finding', 0.34),
        col('Owner', 0.13),
        col('Next step', 0.33),
      ],
      rows: items.map((r): Cell[] => [
        [text(r.ref, 'semibold')],
        severityCell(r, true),
        finding(r),
        ownerCell(r.owner),
        [text(r.nextStep, 'regular', SIZES.small)],
      ]),
      continued: 'Risk register (continued)',
    })
  },
}
