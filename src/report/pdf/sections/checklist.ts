// Section: the checklist, one table per stage.
import { REPORT_COLUMNS, stageHeading } from '../../model'
import { columns, continued } from '../cells'
import { badges, type Cell, mono, type TableSpec, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS, SEVERITY_BADGE, SIZES, STATUS_BADGE } from '../theme'

/** The checklist: each stage's goal, note and results, bookmarked per stage. */
export const checklistSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }, outline) {
    for (const stage of m.checklist.stages) {
      const spec: TableSpec = {
        columns: columns(REPORT_COLUMNS.checklist, [0.12, 0.7, 0.18]),
        rows: stage.rows.map((r): Cell[] => [
          [badges(STATUS_BADGE[r.status])],
          [
            text(r.title, 'semibold'),
            mono(`${r.check} · ${r.subject}`, COLOURS.muted),
            ...(r.evidence.length > 0 ? [mono(r.evidence.join('\n'), COLOURS.faint, 6.8)] : []),
          ],
          r.severity
            ? [
                badges(SEVERITY_BADGE[r.severity]),
                ...(r.ref ? [text(r.ref, 'semibold', SIZES.small, COLOURS.muted)] : []),
              ]
            : [],
        ]),
        continued: continued(stageHeading(stage.stage, stage.name)),
      }
      // Keep the stage heading with the first row of its table.
      l.ensure(76 + (stage.rows.length > 0 ? l.tableLead(spec) : 0))
      l.space(4)
      outline.addItem(`Stage ${stage.stage}: ${stage.name}`)
      l.h2(stageHeading(stage.stage, stage.name))
      l.paragraph(stage.goal, { font: 'italic', size: 8.8, color: COLOURS.muted, gap: 2 })
      l.paragraph(stage.note, { size: 8.2, color: COLOURS.muted, gap: 8 })
      if (stage.rows.length > 0) l.table(spec)
    }
  },
}
