// What every page but the cover carries: the running head, the footer line and the page number.
import type { PackPdf } from './pack-pdf'
import { COLOURS, PAGE } from './theme'

/** Running head and "page X of Y" on every page but the cover. */
export function drawPageFurniture({ doc, l, m }: PackPdf): void {
  const { start, count } = doc.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    if (i === 0) continue
    doc.switchToPage(i)
    const x = PAGE.marginX
    l.line(`${m.cover.client} · ${m.cover.engagement}`, x, 34, {
      font: 'semibold',
      size: 7.4,
      color: COLOURS.muted,
    })
    l.line(l.pageSections[i] ?? '', x, 34, { size: 7.4, color: COLOURS.muted, align: 'right' })
    l.rule(COLOURS.rule, 48)
    const fy = PAGE.height - 42
    l.rule(COLOURS.rule, fy - 8)
    l.line(`Handover pack · ${m.cover.verdict} · run ${m.cover.runId} · issued ${m.cover.dateLabel}`, x, fy, {
      size: 7,
      color: COLOURS.faint,
    })
    l.line(`Page ${i + 1} of ${count}`, x, fy, {
      font: 'semibold',
      size: 7.4,
      color: COLOURS.muted,
      align: 'right',
    })
  }
  doc.switchToPage(start + count - 1)
}
