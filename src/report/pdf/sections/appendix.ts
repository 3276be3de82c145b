// Section: the appendix (run facts, check versions, attestations).
import { col } from '../cells'
import { type Cell, mono, text } from '../layout'
import type { PdfSection } from '../pack-pdf'
import { COLOURS, SIZES } from '../theme'

/** The appendix: run facts, check versions and attestations. */
export const appendixSection: PdfSection = {
  breakBefore: true,
  draw({ l, m }) {
    const a = m.appendix
    const facts: [string, string][] = [
      ['Report schema', m.schema],
      ['Engine version', a.engine],
      ['Run', `${a.runId} (${a.runStatus})`],
      ['Started', a.startedAt],
      ['Finished', a.finishedAt ?? 'not recorded'],
      ['Baseline', a.baseline ?? 'none accepted'],
      ['Issued', m.meta.creationDate],
      ['Runs on record', a.runs.length > 0 ? a.runs.join('\n') : 'none'],
    ]
    l.table({
      columns: [col('Item', 0.25), col('Value', 0.75)],
      rows: facts.map(([k, v]): Cell[] => [[text(k, 'semibold')], [mono(v, COLOURS.body)]]),
      continued: 'Appendix (continued)',
    })
    l.h3('Check versions')
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
    if (rows.length === 0) l.paragraph('No check ran in this run.', { color: COLOURS.muted })
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
        continued: 'Check versions (continued)',
      })
    l.h3('Attestations')
    if (a.attestations.length === 0) {
      l.paragraph('No attestation was recorded for this run.', { color: COLOURS.muted })
      return
    }
    l.table({
      columns: [col('Check', 0.22), col('Answer', 0.1), col('By', 0.13), col('At', 0.22), col('Note', 0.33)],
      rows: a.attestations.map((t): Cell[] => [
        [mono(t.check, COLOURS.body), ...(t.subject ? [mono(t.subject)] : [])],
        [text(t.status, 'semibold')],
        [text(t.by)],
        [mono(t.at, COLOURS.body)],
        [text(t.note ?? '', 'regular', SIZES.small)],
      ]),
      continued: 'Attestations (continued)',
    })
  },
}
