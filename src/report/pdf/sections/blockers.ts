// Section: the launch block list.
import { REPORT_COLUMNS } from '../../model'
import { columns, finding, ownerCell, severityCell } from '../cells'
import { text } from '../layout'
import { listSection } from '../list-section'
import { SIZES } from '../theme'

/** The launch block list: what must be fixed before launch, with next step and owner. */
export const blockersSection = listSection({
  breakBefore: true,
  list: (m) => m.blockers,
  columns: columns(REPORT_COLUMNS.blockers, [0.07, 0.13, 0.34, 0.32, 0.14]),
  row: (r) => [
    [text(r.ref, 'semibold')],
    severityCell(r),
    finding(r),
    [text(r.nextStep, 'regular', SIZES.small)],
    ownerCell(r.owner),
  ],
})
