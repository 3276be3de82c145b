// Baseline and diff: results matched by fingerprint and classified (DESIGN.md §2).
import type { CheckResult, Severity, Status } from '../core/types'
import { SEVERITIES } from '../core/types'

/** How one result moved between two runs. */
export type Change = 'regressed' | 'fixed' | 'new' | 'gone' | 'unchanged' | 'check-changed'

/** The fields of a result a diff looks at. */
export type Comparable = Pick<
  CheckResult,
  'fingerprint' | 'check' | 'subject' | 'status' | 'checkVersion'
> & {
  severity?: Severity
  title?: string
}

/** One fingerprint compared across two runs. */
export interface DiffEntry {
  fingerprint: string
  check: string
  subject: string
  change: Change
  from?: { status: Status; severity?: Severity; checkVersion: number; title?: string }
  to?: { status: Status; severity?: Severity; checkVersion: number; title?: string }
}

/** Two runs compared: every entry, counts by change and what should fail a deploy. */
export interface Diff {
  entries: DiffEntry[]
  counts: Record<Change, number>
  /** Entries that should fail a deploy: regressed, plus new results that fail or error. */
  regressions: DiffEntry[]
}

// An error cannot prove the flaw gone, so fail → error is not a fix (and pass → error is a regression).
const BADNESS: Record<Status, number> = { pass: 0, skipped: 0, manual: 0, warn: 1, error: 3, fail: 3 }

/** How bad a result is: status first, then severity (critical worst). */
export function badness(r: { status: Status; severity?: Severity }): number {
  const sev = r.severity ? SEVERITIES.length - SEVERITIES.indexOf(r.severity) : 0
  return (
    BADNESS[r.status] * 10 + (r.status === 'fail' || r.status === 'error' || r.status === 'warn' ? sev : 0)
  )
}

/**
 * How one result changed. An error observes nothing, so it is never a fix whatever its severity: a failure that
 * now errors, or an error that now fails less severely, stays unchanged (a worse one is still a regression).
 */
export function classify(before: Comparable, after: Comparable): Change {
  if (before.checkVersion !== after.checkVersion) return 'check-changed'
  const was = badness(before)
  const now = badness(after)
  if (now > was) return 'regressed'
  const unobserved = after.status === 'error' || (before.status === 'error' && after.status === 'fail')
  if (now < was && !unobserved) return 'fixed'
  return 'unchanged'
}

function side(r: Comparable): NonNullable<DiffEntry['from']> {
  return {
    status: r.status,
    checkVersion: r.checkVersion,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.title ? { title: r.title } : {}),
  }
}

/** Compares two sets of results. */
export function diffResults(before: readonly Comparable[], after: readonly Comparable[]): Diff {
  const old = new Map(before.map((r) => [r.fingerprint, r]))
  const now = new Map(after.map((r) => [r.fingerprint, r]))
  const entries: DiffEntry[] = []
  for (const r of after) {
    const prev = old.get(r.fingerprint)
    if (!prev) {
      entries.push({
        fingerprint: r.fingerprint,
        check: r.check,
        subject: r.subject,
        change: 'new',
        to: side(r),
      })
      continue
    }
    entries.push({
      fingerprint: r.fingerprint,
      check: r.check,
      subject: r.subject,
      change: classify(prev, r),
      from: side(prev),
      to: side(r),
    })
  }
  for (const r of before) {
    if (!now.has(r.fingerprint))
      entries.push({
        fingerprint: r.fingerprint,
        check: r.check,
        subject: r.subject,
        change: 'gone',
        from: side(r),
      })
  }
  const counts: Record<Change, number> = {
    regressed: 0,
    fixed: 0,
    new: 0,
    gone: 0,
    unchanged: 0,
    'check-changed': 0,
  }
  for (const e of entries) counts[e.change]++
  const regressions = entries.filter(
    (e) =>
      e.change === 'regressed' ||
      (e.change === 'new' && e.to && (e.to.status === 'fail' || e.to.status === 'error')),
  )
  return { entries, counts, regressions }
}
