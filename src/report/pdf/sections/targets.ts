// Section: the operational targets, with a latency histogram per measured core read.
import { type LatencyFigure, REPORT_COLUMNS } from '../../model'
import { columns, continued } from '../cells'
import { badges, type Cell, mono, text } from '../layout'
import type { PackPdf, PdfSection } from '../pack-pdf'
import { COLOURS, CONTENT_WIDTH, SIZES, TARGET_BADGE, VERDICT } from '../theme'

/** A core read's latency histogram: bars of 50 ms, the 300 ms target as a dashed line, the p95 marked. */
function drawLatencyFigure({ doc, l }: PackPdf, f: LatencyFigure): void {
  const chartH = 96
  l.ensure(chartH + 84)
  l.space(10)
  l.line(`Latency of ${f.subject}`, l.left, l.y, { font: 'semibold', size: SIZES.h3, color: COLOURS.ink })
  l.y += 16
  l.line(
    `${f.count} answered samples, request start to last body byte; p95 ${Math.round(f.p95)} ms against the ${f.targetMs} ms target.`,
    l.left,
    l.y,
    { size: SIZES.small, color: COLOURS.muted },
  )
  l.y += 22
  const axisW = 28
  const x0 = l.left + axisW
  const w = CONTENT_WIDTH - axisW
  const top = l.y
  const base = top + chartH
  const span = f.bins.at(-1)?.to ?? f.targetMs
  const px = (ms: number): number => x0 + (Math.min(ms, span) / span) * w
  const most = Math.max(1, ...f.bins.map((b) => b.count))
  for (const b of f.bins) {
    if (b.count === 0) continue
    const h = (b.count / most) * chartH
    const over = b.from >= f.targetMs
    doc
      .save()
      .rect(px(b.from) + 0.6, base - h, Math.max(0.8, px(b.to) - px(b.from) - 1.2), h)
      .fill(over ? VERDICT.notReady.band : COLOURS.accent)
      .restore()
  }
  doc
    .save()
    .moveTo(x0, base)
    .lineTo(x0 + w, base)
    .lineWidth(0.7)
    .stroke(COLOURS.faint)
    .restore()
  doc.save().moveTo(x0, top).lineTo(x0, base).lineWidth(0.7).stroke(COLOURS.faint).restore()
  l.line(String(most), l.left, top - 3, {
    size: 6.8,
    color: COLOURS.muted,
    width: axisW - 4,
    align: 'right',
  })
  l.line('0', l.left, base - 5, { size: 6.8, color: COLOURS.muted, width: axisW - 4, align: 'right' })
  // At most about ten labels along the time axis, on round steps.
  const step = [100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000].find((s) => span / s <= 10) ?? span
  for (let ms = 0; ms <= span; ms += step) {
    doc
      .save()
      .moveTo(px(ms), base)
      .lineTo(px(ms), base + 3)
      .lineWidth(0.6)
      .stroke(COLOURS.faint)
      .restore()
    l.line(String(ms), px(ms) - 20, base + 5, {
      size: 6.8,
      color: COLOURS.muted,
      width: 40,
      align: 'center',
    })
  }
  l.line('ms', x0 + w - 20, base + 14, { size: 6.8, color: COLOURS.muted, width: 20, align: 'right' })
  const tx = px(f.targetMs)
  doc
    .save()
    .moveTo(tx, top - 6)
    .lineTo(tx, base)
    .dash(3, { space: 2 })
    .lineWidth(1.2)
    .stroke(COLOURS.ink)
    .undash()
    .restore()
  l.line(`${f.targetMs} ms target`, tx + 4, top - 8, {
    font: 'semibold',
    size: 7,
    color: COLOURS.ink,
    width: 90,
  })
  const p95x = px(f.p95)
  doc
    .save()
    .polygon([p95x - 4, base + 22], [p95x + 4, base + 22], [p95x, base + 16])
    .fill(COLOURS.navy)
    .restore()
  l.line(`p95 ${Math.round(f.p95)} ms`, p95x - 40, base + 24, {
    font: 'semibold',
    size: 7,
    color: COLOURS.navy,
    width: 80,
    align: 'center',
  })
  l.y = base + 38
  l.paragraph(
    'Bars: samples per 50 ms; blue under the target, red at or over it. Dashed line: the target; triangle: the p95.',
    { size: 7.6, color: COLOURS.muted, gap: 8 },
  )
}

/** The operational targets: status, what was measured and by which checks, then the latency figures. */
export const targetsSection: PdfSection = {
  breakBefore: false,
  draw(pdf) {
    const { l, m } = pdf
    const rows = m.targets.items.map((t): Cell[] => [
      [badges(TARGET_BADGE[t.status])],
      [text(t.label, 'semibold')],
      [text(t.detail, 'regular', SIZES.small)],
      t.checks.map((c) => mono(c)),
    ])
    l.table({
      columns: columns(REPORT_COLUMNS.targets, [0.15, 0.27, 0.36, 0.22]),
      rows,
      continued: continued(m.targets.title),
    })
    for (const figure of m.targets.latency) drawLatencyFigure(pdf, figure)
  },
}
