// The dark theme: the same token names as the PDF's (src/report/pdf/theme.ts), with values that keep text at
// 4.5:1 and edges at 3:1 on the dark surface. The PDF is never dark, so these values live with the app only;
// the types make a new token or badge without a dark value fail to compile.
import type { BadgeStyle, COLOURS, SEVERITY_BADGE, STATUS_BADGE } from '../../src/report/pdf/theme'

type Colour = keyof typeof COLOURS
type Override = Partial<Omit<BadgeStyle, 'label'>>

/** Surface and ink for the dark theme. */
export const DARK_COLOURS: Readonly<Record<Colour, string>> = {
  ink: '#E8ECF2',
  body: '#CDD5DF',
  muted: '#A3AFBE',
  faint: '#7F8B9A',
  rule: '#2E3948',
  tint: '#0E141D',
  zebra: '#18202B',
  navy: '#9CC3F5',
  accent: '#7DB3F7',
  white: '#151C26',
}

const critical: Override = { fill: '#991B1B', stroke: '#F87171', text: '#FFFFFF' }
const high: Override = { fill: '#FB923C', stroke: '#FB923C', text: '#1B1B1B' }
const medium: Override = { fill: '#3A2E0A', stroke: '#D69E2E', text: '#FDE68A' }
const lowish: Override = { stroke: '#8C9AAB', text: '#C9D2DD' }
const pass: Override = { fill: '#0F2E1C', stroke: '#4ADE80', text: '#BBF7D0' }
const failing: Override = { fill: '#B91C1C', stroke: '#FCA5A5', text: '#FFFFFF' }

/** Severity badges on dark. */
export const DARK_SEVERITY: Readonly<Record<keyof typeof SEVERITY_BADGE, Override>> = {
  critical,
  high,
  medium,
  low: lowish,
  info: { stroke: '#7F8B9A', text: '#B8C2CE' },
}

/** Status badges on dark. */
export const DARK_STATUS: Readonly<Record<keyof typeof STATUS_BADGE, Override>> = {
  pass,
  fail: failing,
  warn: medium,
  error: { fill: '#6D4AA8', stroke: '#C4B5FD', text: '#FFFFFF' },
  skipped: { stroke: '#7F8B9A', text: '#B8C2CE' },
  manual: { stroke: '#7DB3F7', text: '#BFDBFE' },
}

/** The other badge families on dark, by the PDF's labels' meaning. */
export const DARK_OTHER: Readonly<Record<string, Override>> = {
  'bar-pass': pass,
  'bar-fail': failing,
  'bar-not-checked': lowish,
  'target-met': pass,
  'target-not-met': failing,
  'target-not-measured': lowish,
  'priority-P1': critical,
  'priority-P2': medium,
  'priority-P3': lowish,
  'deliverable-ready': pass,
  'deliverable-missing': { stroke: '#FCA5A5', text: '#FECACA' },
}

/** The verdict panel on dark. */
export const DARK_VERDICT = { ready: '#14532D', notReady: '#7F1D1D' } as const
