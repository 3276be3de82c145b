// Table cells more than one section prints: a finding with its check, a severity, an owner, a run.
import type { RiskEntry, TimelineRun } from '../model'
import { badges, mono, text, type Cell, type Column } from './layout'
import { COLOURS, SEVERITY_BADGE, SIZES } from './theme'

/** A table column with its header and share of the width. */
export const col = (header: string, share: number): Column => ({ header, share })

/** A finding's title, then its check and subject (the subject left out when it is the engagement). */
export function finding(r: { title: string; check?: string; subject?: string }): Cell {
  const where = r.check ? `${r.check}${r.subject && r.subject !== 'engagement' ? ` · ${r.subject}` : ''}` : ''
  return where ? [text(r.title, 'semibold'), mono(where)] : [text(r.title, 'semibold')]
}

/** A risk's severity badge and status, with "blocks launch" when asked and it does. */
export function severityCell(r: RiskEntry, markBlocker = false): Cell {
  const words = markBlocker && r.blocker ? `${r.status} · blocks launch` : r.status
  return [badges(SEVERITY_BADGE[r.severity]), text(words, 'regular', SIZES.tiny, COLOURS.muted)]
}

/** An owner's name; "unassigned" set in muted italics so it stands out as a gap. */
export function ownerCell(owner: string): Cell {
  return [
    text(
      owner,
      owner === 'unassigned' ? 'italic' : 'regular',
      SIZES.tableBody,
      owner === 'unassigned' ? COLOURS.muted : COLOURS.body,
    ),
  ]
}

/** A run as the timeline lists it: number, hour, launch state and marks, then its id. */
export function runLine(r: TimelineRun, n: number): Cell {
  const marks = [r.current ? 'this run' : '', r.baseline ? 'baseline' : ''].filter(Boolean).join(', ')
  const state =
    r.launchReady === undefined
      ? ''
      : r.launchReady
        ? ' · launch-ready'
        : ` · ${r.blockers ?? '?'} blocker${r.blockers === 1 ? '' : 's'}`
  return [
    text(
      `#${n} · hour ${r.hour.toFixed(1)}${state}${marks ? ` (${marks})` : ''}`,
      r.current ? 'semibold' : 'regular',
    ),
    mono(r.id),
  ]
}

/** A table's columns: the catalogue's headings (REPORT_COLUMNS) with one share of the width for each. */
export function columns<const H extends readonly string[]>(
  headers: H,
  shares: { readonly [K in keyof H]: number },
): Column[] {
  return headers.map((header, i) => ({ header, share: shares[i] ?? 0 }))
}

/** The caption over a table's repeated header on the page it continues onto. */
export const continued = (heading: string): string => `${heading} (continued)`
