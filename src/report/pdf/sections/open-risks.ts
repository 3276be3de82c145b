// Section: the open risks and their next steps.
import { REPORT_COLUMNS } from '../../model'
import { columns, finding, ownerCell } from '../cells'
import { badges, text } from '../layout'
import { listSection } from '../list-section'
import { COLOURS, PRIORITY_BADGE, SIZES } from '../theme'

/** Open risks and next steps: priority, due date, finding, owner and next step. */
export const openRisksSection = listSection({
  breakBefore: true,
  list: (m) => m.openRisks,
  columns: columns(REPORT_COLUMNS.openRisks, [0.1, 0.12, 0.34, 0.12, 0.32]),
  row: (r) => [
    [badges(PRIORITY_BADGE[r.priority])],
    [text(r.due, 'regular', SIZES.small)],
    [...(r.ref ? [text(r.ref, 'semibold', SIZES.small, COLOURS.muted)] : []), ...finding(r)],
    ownerCell(r.owner),
    [text(r.nextStep, 'regular', SIZES.small)],
  ],
})
