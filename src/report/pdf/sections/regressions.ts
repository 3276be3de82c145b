// Section: what changed since the accepted baseline.
import { REPORT_COLUMNS } from '../../model'
import { columns, finding } from '../cells'
import { mono, text } from '../layout'
import { listSection } from '../list-section'
import { COLOURS } from '../theme'

/** Regressions since the baseline: each change with the baseline's and this run's outcome. */
export const regressionsSection = listSection({
  breakBefore: false,
  list: (m) => m.regressions,
  columns: columns(REPORT_COLUMNS.regressions, [0.13, 0.47, 0.2, 0.2]),
  row: (e) => [
    [text(e.change, 'semibold')],
    finding(e),
    [mono(e.from, COLOURS.body)],
    [mono(e.to, COLOURS.ink)],
  ],
})
