// Section: the 48-hour sprint timeline, a chart of the windows and runs, then the runs listed.
import { REPORT_COLUMNS, REPORT_HEADINGS, REPORT_PHRASES } from '../../model'
import { col, columns, continued, runLine } from '../cells'
import { type Cell, text } from '../layout'
import type { PackPdf, PdfSection } from '../pack-pdf'
import { COLOURS, CONTENT_WIDTH, PAGE, PRINT_COLOURS, SIZES } from '../theme'

/** The 48 hours as a bar of windows, with a mark per run (hollow, this run filled, the baseline square). */
function drawTimelineChart({ doc, l, m, runNumber }: PackPdf): void {
  const x = PAGE.marginX
  const w = CONTENT_WIDTH
  l.ensure(110)
  const top = l.y + 30
  const barH = 22
  const px = (hour: number): number => x + (Math.min(hour, 48) / 48) * w
  m.timeline.windows.forEach((win, i) => {
    doc
      .save()
      .rect(px(win.from), top, px(win.to) - px(win.from), barH)
      .fill(i % 2 === 0 ? PRINT_COLOURS.window : PRINT_COLOURS.windowAlt)
      .restore()
  })
  const bounds = [...new Set(m.timeline.windows.flatMap((win) => [win.from, win.to]))]
  for (const hour of bounds) {
    doc
      .save()
      .moveTo(px(hour), top + barH)
      .lineTo(px(hour), top + barH + 4)
      .lineWidth(0.6)
      .stroke(COLOURS.faint)
      .restore()
    l.line(hour === 0 ? '0 h' : String(hour), px(hour) - 15, top + barH + 6, {
      size: 6.8,
      color: COLOURS.muted,
      width: 30,
      align: 'center',
    })
  }
  const runs = m.timeline.windows.flatMap((win) => win.runs)
  for (const r of runs) {
    const rx = px(r.hour)
    const n = runNumber(r.id)
    doc
      .save()
      .moveTo(rx, top - 5)
      .lineTo(rx, top + barH)
      .lineWidth(1.1)
      .stroke(COLOURS.ink)
      .restore()
    if (r.baseline)
      doc
        .save()
        .rect(rx - 4, top - 14, 8, 8)
        .fill(COLOURS.accent)
        .restore()
    else if (r.current)
      doc
        .save()
        .circle(rx, top - 10, 4.2)
        .fill(COLOURS.navy)
        .restore()
    else
      doc
        .save()
        .circle(rx, top - 10, 3.8)
        .lineWidth(1.1)
        .fillAndStroke(COLOURS.white, COLOURS.ink)
        .restore()
    l.line(`#${n}`, rx - 20, top - 27, {
      font: 'semibold',
      size: 7,
      color: COLOURS.ink,
      width: 40,
      align: 'center',
    })
  }
  l.y = top + barH + 24
  l.paragraph(
    'Hollow circle: a run; filled circle: this run; square: the accepted baseline. Numbers match the runs listed below.',
    {
      size: 7.6,
      color: COLOURS.muted,
      gap: 10,
    },
  )
}

/** The 48-hour sprint timeline: chart, windows with their runs, and the runs after the 48 hours. */
export const timelineSection: PdfSection = {
  breakBefore: true,
  draw(pdf) {
    const { l, m, runNumber } = pdf
    drawTimelineChart(pdf)
    l.table({
      columns: columns(REPORT_COLUMNS.timeline, [0.15, 0.49, 0.36]),
      rows: m.timeline.windows.map((w): Cell[] => [
        [
          text(w.label, 'semibold'),
          text(`stages ${w.stages.join(', ')}`, 'regular', SIZES.tiny, COLOURS.muted),
        ],
        [text(w.work, 'regular', SIZES.small)],
        w.runs.length === 0
          ? [text(REPORT_PHRASES.noRunInWindow, 'italic', SIZES.small, COLOURS.muted)]
          : w.runs.flatMap((r) => runLine(r, runNumber(r.id))),
      ]),
      continued: continued(m.timeline.title),
    })
    if (m.timeline.afterSprint.length > 0) {
      l.h3(REPORT_HEADINGS.afterSprint)
      l.table({
        columns: [col('Run', 1)],
        rows: m.timeline.afterSprint.map((r) => [runLine(r, runNumber(r.id))]),
        continued: continued(REPORT_HEADINGS.afterSprint),
      })
    }
  },
}
