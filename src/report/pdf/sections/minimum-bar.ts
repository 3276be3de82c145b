// Section: the minimum bar, each item with the check outcomes that decided it.
import { col } from '../cells'
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
      columns: [col('Status', 0.15), col('Item', 0.45), col('Decided by', 0.4)],
      rows,
      continued: 'Minimum bar (continued)',
    })
  },
}
