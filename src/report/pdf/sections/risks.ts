// Section: the risk register.
import { REPORT_COLUMNS } from '../../model'
import { columns, finding, ownerCell, severityCell } from '../cells'
import { text } from '../layout'
import { listSection } from '../list-section'
import { SIZES } from '../theme'

/** The risk register: every finding by severity, those that block launch marked. */
export const risksSection = listSection({
  breakBefore: false,
  list: (m) => m.risks,
  columns: columns(REPORT_COLUMNS.risks, [0.07, 0.13, 0.34, 0.13, 0.33]),
  row: (r) => [
    [text(r.ref, 'semibold')],
    severityCell(r, true),
    finding(r),
    ownerCell(r.owner),
    [text(r.nextStep, 'regular', SIZES.small)],
  ],
})
