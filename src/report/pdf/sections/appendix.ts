// Section: the appendix (run facts, check versions, attestations).
import { appendixFacts, REPORT_COLUMNS, REPORT_HEADINGS, REPORT_PHRASES } from '../../model'
import { col, columns, continued } from '../cells'
import { type Cell, mono, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS, SIZES } from '../theme'

/** The appendix: run facts, check versions and attestations. */
export const appendixSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }) {
    const a = m.appendix
    l.table({
      columns: columns(REPORT_COLUMNS.appendix, [0.25, 0.75]),
      rows: appendixFacts(m, '\n').map(([k, v]): Cell[] => [[text(k, 'semibold')], [mono(v, COLOURS.body)]]),
      continued: continued(m.appendix.title),
    })
    l.h3(REPORT_HEADINGS.checkVersions)
    const per = 3
    const rows: Cell[][] = []
    for (let i = 0; i < a.checks.length; i += per) {
      const slice = a.checks.slice(i, i + per)
      rows.push(
        Array.from({ length: per }, (_, j) => slice[j]).flatMap((c): Cell[] =>
          c ? [[mono(c.id, COLOURS.body)], [mono(`v${c.version}`, COLOURS.body)]] : [[], []],
        ),
      )
    }
    if (rows.length === 0) l.paragraph(REPORT_PHRASES.noCheckVersions, { color: COLOURS.muted })
    else
      l.table({
        columns: [
          col('Check', 0.25),
          col('Ver.', 0.08),
          col('Check', 0.25),
          col('Ver.', 0.08),
          col('Check', 0.26),
          col('Ver.', 0.08),
        ],
        rows,
        continued: continued(REPORT_HEADINGS.checkVersions),
      })
    l.h3(REPORT_HEADINGS.attestations)
    if (a.attestations.length === 0) {
      l.paragraph(REPORT_PHRASES.noAttestations, { color: COLOURS.muted })
      return
    }
    l.table({
      columns: columns(REPORT_COLUMNS.attestations, [0.22, 0.1, 0.13, 0.22, 0.33]),
      rows: a.attestations.map((t): Cell[] => [
        [mono(t.check, COLOURS.body), ...(t.subject ? [mono(t.subject)] : [])],
        [text(t.status, 'semibold')],
        [text(t.by)],
        [mono(t.at, COLOURS.body)],
        [text(t.note ?? '', 'regular', SIZES.small)],
      ]),
      continued: continued(REPORT_HEADINGS.attestations),
    })
  },
}
