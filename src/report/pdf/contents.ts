// The contents page: the list of sections (filled in once their pages are known) and how to read the labels.
import { SEVERITIES } from '../../core/types'
import { REPORT_SECTIONS, type ReportSectionKey } from '../model'
import { col } from './cells'
import { badges, text, type Cell } from './layout'
import type { PackPdf } from './pack-pdf'
import { COLOURS, CONTENT_WIDTH, PAGE, PRIORITY_BADGE, SEVERITY_BADGE, STATUS_BADGE } from './theme'

/** Draws the contents page with room left for the section list; returns where that list starts. */
export function drawContents({ l }: PackPdf): number {
  l.section = 'Contents'
  l.newPage()
  l.h1('Contents')
  const listY = l.y
  l.y += REPORT_SECTIONS.length * 21 + 24

  l.h2('Reading this pack')
  l.paragraph(
    'Every label below is printed in words as well as colour, so the pack reads the same in grey print. Findings are numbered R01, R02… in order of severity, and the same number is used wherever a finding appears.',
    { color: COLOURS.muted, size: 8.8 },
  )
  const legend: [Cell, Cell][] = [
    [[badges(STATUS_BADGE.pass)], [text('The check ran and the portal meets it.')]],
    [[badges(STATUS_BADGE.warn)], [text('Meets the bar, but weakly; worth tightening.')]],
    [[badges(STATUS_BADGE.fail)], [text('The check ran and found a problem.')]],
    [
      [badges(STATUS_BADGE.error)],
      [text('The check could not observe; the reason and code are in its evidence.')],
    ],
    [
      [badges(STATUS_BADGE.skipped)],
      [text('Not applicable, not configured, or not consented to, with the reason.')],
    ],
    [[badges(STATUS_BADGE.manual)], [text('Waiting for a person to attest the answer.')]],
    [
      [badges(...SEVERITIES.map((s) => SEVERITY_BADGE[s]))],
      [text('Severity of a failing result, from most to least serious.')],
    ],
    [
      [badges(PRIORITY_BADGE.P1, PRIORITY_BADGE.P2, PRIORITY_BADGE.P3)],
      [text('Next-step priority: before launch, within the first week, within 30 days.')],
    ],
  ]
  l.table({
    columns: [col('Label', 0.36), col('Meaning', 0.64)],
    rows: legend,
    continued: 'Reading this pack (continued)',
  })
  return listY
}

/** Writes the section list into the room left on the contents page, each line linked to its section. */
export function fillContents(
  { doc, l, m }: PackPdf,
  listY: number,
  pageOf: ReadonlyMap<ReportSectionKey, number>,
): void {
  doc.switchToPage(1)
  let y = listY
  const x = PAGE.marginX
  REPORT_SECTIONS.forEach((key, i) => {
    const page = (pageOf.get(key) ?? 0) + 1
    const title = m[key].title
    l.line(String(i + 1).padStart(2, '0'), x, y, { font: 'semibold', size: 10, color: COLOURS.accent })
    l.line(title, x + 26, y, { font: 'regular', size: 10.5, color: COLOURS.ink })
    const tw = doc.font('regular').fontSize(10.5).widthOfString(title)
    l.line(String(page), x, y, { font: 'semibold', size: 10.5, color: COLOURS.ink, align: 'right' })
    const nw = doc.font('semibold').fontSize(10.5).widthOfString(String(page))
    doc
      .save()
      .moveTo(x + 26 + tw + 6, y + 9)
      .lineTo(x + CONTENT_WIDTH - nw - 6, y + 9)
      .dash(0.8, { space: 2.6 })
      .lineWidth(0.8)
      .stroke(COLOURS.faint)
      .undash()
      .restore()
    doc.goTo(x, y - 3, CONTENT_WIDTH, 18, `section-${key}`)
    y += 21
  })
}
