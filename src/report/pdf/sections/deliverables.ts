// Section: the deliverables, each with its badge, paragraphs and tables.
import { type Deliverable, deliverableLine, printsNothing, REPORT_PHRASES } from '../../model'
import { col, continued } from '../cells'
import { type Layout, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS, CONTENT_WIDTH, DELIVERABLE_BADGE, SIZES } from '../theme'

/** One deliverable: heading with its badge, its stage and why, then its paragraphs and tables. */
function drawDeliverable(l: Layout, d: Deliverable): void {
  l.ensure(120)
  l.space(6)
  l.h2(d.title, [DELIVERABLE_BADGE[d.status]])
  l.paragraph(deliverableLine(d), {
    font: 'italic',
    size: 8.5,
    color: d.status === 'missing' ? DELIVERABLE_BADGE.missing.text : COLOURS.muted,
    gap: 8,
  })
  if (d.status === 'ready' && printsNothing(d))
    l.paragraph(REPORT_PHRASES.emptyDeliverable, { color: COLOURS.muted })
  for (const s of d.sections) {
    const shares = s.table ? l.autoShares(s.table.columns, s.table.rows, SIZES.small) : []
    const spec =
      s.table && s.table.columns.length > 0
        ? {
            columns: s.table.columns.map((c, i) => col(c, shares[i] ?? 0)),
            rows: s.table.rows.map((row) =>
              s.table!.columns.map((_, i) => [
                text(row[i] ?? '', i === 0 ? 'semibold' : 'regular', SIZES.small),
              ]),
            ),
            continued: continued(d.title),
          }
        : undefined
    // Keep a section's heading and its paragraphs with the first row of its table.
    if (s.heading && spec)
      l.ensure(
        SIZES.h3 +
          6 +
          (s.paragraphs ?? []).reduce((h, p) => h + l.measure(p, 'regular', 9, CONTENT_WIDTH) + 6, 0) +
          l.tableLead(spec),
      )
    if (s.heading) l.h3(s.heading)
    for (const p of s.paragraphs ?? []) l.paragraph(p, { size: 9 })
    if (spec) l.table(spec)
  }
}

/** The deliverables, each bookmarked. */
export const deliverablesSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }, outline) {
    for (const d of m.deliverables.items) {
      l.ensure(120)
      outline.addItem(d.title)
      drawDeliverable(l, d)
    }
  },
}
