// Section: the minimum bar, each item with the check outcomes that decided it.
import { REPORT_COLUMNS } from '../../model'
import { columns, continued } from '../cells'
import { badges, type Cell, mono, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { BAR_BADGE, COLOURS } from '../theme'

/** The minimum bar: status, item and the outcomes behind it. */
export const minimumBarSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }) {
    const rows = m.minimumBar.items.map((b): Cell[] => [
      [badges(BAR_BADGE[b.status])],
      [text(b.label, 'semibold'), mono(b.item)],
      b.checks.map((c) => mono(`${c.check} — ${c.outcome}`, COLOURS.body)),
    ])
    l.table({
      columns: columns(REPORT_COLUMNS.minimumBar, [0.15, 0.45, 0.4]),
      rows,
      continued: continued(m.minimumBar.title),
    })
  },
}
