// The cover: engagement facts on the navy band, the verdict panel, the result counts and the minimum bar.
import type { PackPdf } from './pack-pdf'
import { BAR_BADGE, COLOURS, CONTENT_WIDTH, PAGE, PRINT_COLOURS, STATUS_BADGE, VERDICT } from './theme'

/** Draws the cover page (page 1, without running head or page number). */
export function drawCover({ doc, l, m }: PackPdf): void {
  const c = m.cover
  l.section = ''
  l.newPage()
  const x = PAGE.marginX
  const bandH = 318
  doc.save().rect(0, 0, PAGE.width, bandH).fill(COLOURS.navy).restore()
  doc.save().rect(0, bandH, PAGE.width, 4).fill(COLOURS.accent).restore()
  l.line(c.title.toUpperCase(), x, 64, {
    font: 'semibold',
    size: 8,
    color: PRINT_COLOURS.coverLabel,
    spacing: 2,
  })
  l.line(c.subtitle, x, 84, { font: 'bold', size: 28, color: COLOURS.white })
  l.line(c.engagement, x, 124, { font: 'regular', size: 15, color: PRINT_COLOURS.coverFact })
  const facts: [string, string][] = [
    ['Client', c.client],
    ['Portal', c.portal],
    ['Consultant', c.consultant],
    ['Issued', c.dateLabel],
    ['Run', c.runId],
    ['Baseline', m.appendix.baseline ?? 'none accepted yet'],
  ]
  const colW = CONTENT_WIDTH / 2
  const fact = (label: string, value: string, fx: number, fy: number, width: number, lines: number): void => {
    l.line(label.toUpperCase(), fx, fy, {
      font: 'semibold',
      size: 6.8,
      color: PRINT_COLOURS.coverLabel,
      spacing: 1.2,
    })
    doc
      .font(label === 'Run' || label === 'Baseline' ? 'mono' : 'regular')
      .fontSize(label === 'Run' || label === 'Baseline' ? 8.6 : 10)
      .fillColor(COLOURS.white)
      .text(value, fx, fy + 11, { width, height: lines * 13.5, ellipsis: true, lineGap: 1 })
  }
  facts.forEach(([label, value], i) =>
    fact(label, value, x + (i % 2) * colW, 166 + Math.floor(i / 2) * 34, colW - 16, 1),
  )
  fact('Hosts', c.hosts.length > 0 ? c.hosts.join(' · ') : 'none recorded', x, 268, CONTENT_WIDTH, 2)

  // Verdict panel: colour, words and weight all say the same thing.
  const tone = c.launchReady ? VERDICT.ready : VERDICT.notReady
  const vy = 346
  const reasonH = l.measure(c.reason, 'regular', 9.5, CONTENT_WIDTH - 40)
  const vh = 70 + reasonH
  doc.save().roundedRect(x, vy, CONTENT_WIDTH, vh, 6).fill(tone.fill).restore()
  doc.save().roundedRect(x, vy, 8, vh, 3).fill(tone.band).restore()
  l.line('VERDICT', x + 24, vy + 16, {
    font: 'semibold',
    size: 7,
    color: PRINT_COLOURS.verdictLabel,
    spacing: 1.6,
  })
  // The verdict stays on one line: long ones are set smaller rather than cut.
  const verdictSize = Math.max(
    13,
    Math.min(21, (21 * (CONTENT_WIDTH - 48)) / doc.font('bold').fontSize(21).widthOfString(c.verdict)),
  )
  l.line(c.verdict, x + 24, vy + 30 + (21 - verdictSize) / 2, {
    font: 'bold',
    size: verdictSize,
    color: COLOURS.white,
    width: CONTENT_WIDTH - 40,
  })
  doc
    .font('regular')
    .fontSize(9.5)
    .fillColor(COLOURS.white)
    .text(c.reason, x + 24, vy + 60, {
      width: CONTENT_WIDTH - 40,
      lineGap: 1.6,
      height: reasonH + 2,
    })
  l.y = vy + vh + 12
  if (c.caveat) {
    // What the run did not cover is said in full on the first page, never cut (issue 7 item 10).
    const caveatH = l.measure(c.caveat, 'italic', 8.5, CONTENT_WIDTH)
    doc
      .font('italic')
      .fontSize(8.5)
      .fillColor(PRINT_COLOURS.caveat)
      .text(c.caveat, x, l.y, { width: CONTENT_WIDTH, lineGap: 1.4, height: caveatH + 2 })
    l.y += caveatH + 6
  }

  // Result counts: the number, then the status word in the badge's colour and weight.
  const gap = 8
  const boxW = (CONTENT_WIDTH - 5 * gap) / 6
  const by = l.y + 6
  ;(['pass', 'fail', 'warn', 'error', 'skipped', 'manual'] as const).forEach((s, i) => {
    const bx = x + i * (boxW + gap)
    doc.save().roundedRect(bx, by, boxW, 50, 4).lineWidth(0.7).stroke(COLOURS.rule).restore()
    l.line(String(c.counts[s]), bx, by + 9, {
      font: 'bold',
      size: 18,
      color: COLOURS.ink,
      width: boxW,
      align: 'center',
    })
    const badgeW = l.badgeWidth(STATUS_BADGE[s])
    l.badge(STATUS_BADGE[s], bx + (boxW - badgeW) / 2, by + 32)
  })
  l.y = by + 72

  l.line('MINIMUM BAR', x, l.y, { font: 'semibold', size: 7.2, color: COLOURS.accent, spacing: 1.1 })
  l.y += 14
  for (const item of m.minimumBar.items) {
    const style = BAR_BADGE[item.status]
    l.badge(style, x, l.y)
    l.line(item.label, x + 78, l.y + 1.5, { size: 9, color: COLOURS.body, width: CONTENT_WIDTH - 78 })
    l.y += 18
  }

  const fy = PAGE.height - 92
  l.rule(COLOURS.rule, fy)
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(COLOURS.muted)
    .text(
      `${c.preparedBy} This pack describes the security of a live system: share it with the people who run or decide on the portal, and no one else.`,
      x,
      fy + 10,
      { width: CONTENT_WIDTH, lineGap: 1.5, height: 40 },
    )
}
