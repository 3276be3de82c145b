// Badges share the PDF's system: the label is always text; weight and colour come from the generated theme CSS.
import type { Severity, Status } from '../../../src/core/types'

type Family = 'severity' | 'status' | 'bar' | 'target' | 'priority' | 'deliverable'

/** The PDF's wording: the value in capitals, dashes as spaces (NOT CHECKED, NOT MET). */
export function badgeLabel(value: string): string {
  return value.replace(/-/g, ' ').toUpperCase()
}

/** One badge; `label` overrides the text (e.g. ACCEPTED). */
export function Badge({ family, value, label }: { family: Family; value: string; label?: string }) {
  return (
    <span className={`badge badge--${family}-${value.replace(/\s+/g, '-')}`}>
      {label ?? badgeLabel(value)}
    </span>
  )
}

/** Status first, then severity (only where a severity means something), in one fixed order (UI-NOTES P2). */
export function ResultBadges({ status, severity }: { status: Status; severity?: Severity | undefined }) {
  return (
    <span className="badges">
      <Badge family="status" value={status} />
      {severity && (status === 'fail' || status === 'error' || status === 'warn') ? (
        <Badge family="severity" value={severity} />
      ) : null}
    </span>
  )
}
