// The look of the handover PDF: page geometry, type scale, colours and the badge styles.
import type { Severity, Status } from '../../core/types'
import type { Priority, TargetStatus } from '../model'

/** A4 in points, with generous margins for print and binding. */
export const PAGE = { size: 'A4', width: 595.28, height: 841.89, marginX: 56, top: 70, bottom: 64 } as const

/** The printable width between the side margins. */
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginX

/** Ink, rules and accents; status colours live with the badges. */
export const COLOURS = {
  ink: '#1B2430',
  body: '#2D3846',
  muted: '#5E6B7B',
  faint: '#8A96A5',
  rule: '#D5DBE3',
  tint: '#F2F4F7',
  zebra: '#F8F9FB',
  navy: '#12355B',
  accent: '#1D5FA8',
  white: '#FFFFFF',
} as const

/** Tints the printed pack alone uses (the cover's labels, the caveat, the sprint chart's windows); no app token. */
export const PRINT_COLOURS = {
  coverLabel: '#9CC3F0',
  coverFact: '#DCE7F5',
  verdictLabel: '#F3D9D9',
  caveat: '#8A4B00',
  window: '#E4EBF4',
  windowAlt: '#D3DEEC',
} as const

/** Type scale in points. */
export const SIZES = {
  body: 9.5,
  small: 8,
  tiny: 7,
  mono: 7.4,
  h1: 20,
  h2: 12.5,
  h3: 10,
  tableHead: 7,
  tableBody: 8.4,
} as const

/**
 * A badge is a coloured label; its text always says what it means, and its weight (solid, tinted, outlined,
 * dashed) differs by seriousness, so it still reads in grey print and for colour-blind readers.
 */
export interface BadgeStyle {
  label: string
  fill?: string
  stroke?: string
  text: string
  dashed?: boolean
}

const solid = (label: string, fill: string): BadgeStyle => ({ label, fill, text: COLOURS.white })
const tinted = (label: string, fill: string, stroke: string, text: string): BadgeStyle => ({
  label,
  fill,
  stroke,
  text,
})
const outlined = (label: string, stroke: string, text: string, dashed = false): BadgeStyle => ({
  label,
  stroke,
  text,
  dashed,
})

/** Severity badges, darkest for the most serious. */
export const SEVERITY_BADGE: Readonly<Record<Severity, BadgeStyle>> = {
  critical: solid('CRITICAL', '#7F1D1D'),
  high: solid('HIGH', '#C2410C'),
  medium: tinted('MEDIUM', '#FDF0C4', '#B7791F', '#6B4400'),
  low: outlined('LOW', '#7B8794', '#3E4C59'),
  info: outlined('INFO', '#9AA5B1', '#52606D', true),
}

/** Result status badges. */
export const STATUS_BADGE: Readonly<Record<Status, BadgeStyle>> = {
  pass: tinted('PASS', '#E1F3E8', '#2F7D4F', '#1C4E31'),
  fail: solid('FAIL', '#A61B1B'),
  warn: tinted('WARN', '#FDF0C4', '#B7791F', '#6B4400'),
  error: solid('ERROR', '#5B3A8C'),
  skipped: outlined('SKIPPED', '#9AA5B1', '#52606D', true),
  manual: outlined('MANUAL', '#1D5FA8', '#1D4F8A'),
}

/** Minimum-bar item badges. */
export const BAR_BADGE: Readonly<Record<'pass' | 'fail' | 'not-checked', BadgeStyle>> = {
  pass: STATUS_BADGE.pass,
  fail: STATUS_BADGE.fail,
  'not-checked': outlined('NOT CHECKED', '#7B8794', '#3E4C59', true),
}

/** Operational target badges. */
export const TARGET_BADGE: Readonly<Record<TargetStatus, BadgeStyle>> = {
  met: tinted('MET', '#E1F3E8', '#2F7D4F', '#1C4E31'),
  'not met': solid('NOT MET', '#A61B1B'),
  'not measured': outlined('NOT MEASURED', '#7B8794', '#3E4C59', true),
}

/** Next-step priority badges. */
export const PRIORITY_BADGE: Readonly<Record<Priority, BadgeStyle>> = {
  P1: solid('P1', '#7F1D1D'),
  P2: tinted('P2', '#FDF0C4', '#B7791F', '#6B4400'),
  P3: outlined('P3', '#7B8794', '#3E4C59'),
}

/** Deliverable badges. */
export const DELIVERABLE_BADGE: Readonly<Record<'ready' | 'missing', BadgeStyle>> = {
  ready: tinted('READY', '#E1F3E8', '#2F7D4F', '#1C4E31'),
  missing: outlined('MISSING', '#A61B1B', '#8A1C1C', true),
}

/** Verdict panel colours: dark enough for white text, and distinct in grey. */
export const VERDICT = {
  ready: { fill: '#1E5B3A', band: '#2F7D4F' },
  notReady: { fill: '#7F1D1D', band: '#A61B1B' },
} as const
