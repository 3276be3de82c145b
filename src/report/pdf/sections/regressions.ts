// Section: what changed since the accepted baseline.
import { REPORT_COLUMNS } from '../../model'
import { columns, continued, finding } from '../cells'
import { type Cell, mono, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS } from '../theme'

/** Regressions since the baseline: each change with the baseline's and this run's outcome. */
export const regressionsSection: PdfSection = {
  breakBefore: false,
  draw({ l, m }) {
    const items = m.regressions.items
    if (items.length === 0) return
    l.table({
      columns: columns(REPORT_COLUMNS.regressions, [0.13, 0.47, 0.2, 0.2]),
      rows: items.map((e): Cell[] => [
        [text(e.change, 'semibold')],
        finding(e),
        [mono(e.from, COLOURS.body)],
        [mono(e.to, COLOURS.ink)],
      ]),
      continued: continued(m.regressions.title),
    })
  },
}
