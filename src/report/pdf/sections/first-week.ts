// Section: the first seven days after launch.
import { REPORT_COLUMNS, REPORT_PHRASES } from '../../model'
import { columns, continued } from '../cells'
import { type Cell, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS, SIZES } from '../theme'

/** The first 7 days: each day's focus and what to watch. */
export const firstWeekSection: PdfSection = {
  breakBefore: false,
  draw({ l, m }) {
    l.table({
      columns: columns(REPORT_COLUMNS.firstWeek, [0.08, 0.4, 0.52]),
      rows: m.firstWeek.days.map((d): Cell[] => [
        [text(String(d.day), 'bold', 14, COLOURS.navy)],
        [text(d.focus, 'regular', SIZES.small)],
        d.watch.length === 0
          ? [text(REPORT_PHRASES.quietDay, 'italic', SIZES.small, COLOURS.muted)]
          : d.watch.map((w) => text(`• ${w}`, 'regular', SIZES.small)),
      ]),
      continued: continued(m.firstWeek.title),
    })
  },
}
