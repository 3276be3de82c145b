// Shapes shared by the store's slices.
import type { Stage } from '../../../src/core/types'

/** Where the user is: one screen, with its selection (serialised to location.hash). */
export interface Route {
  screen:
    | 'overview'
    | 'stage'
    | 'register'
    | 'regressions'
    | 'deliverables'
    | 'pack'
    | 'verify'
    | 'credentials'
    | 'setup'
    | 'run'
  stage?: Stage
  /** The run open on the run screen (from the history strip). */
  run?: string
  /** The fingerprint of the finding open in the drawer. */
  finding?: string
}

/** Every dialog the app can show, with its payload: one stack, so focus and Escape are handled once. */
export type Popup =
  | { kind: 'credential'; name: string; replacing: boolean }
  | { kind: 'accept-baseline'; runId: string; regressions: number; partial?: string }
  | { kind: 'delete-credential'; name: string }
  | { kind: 'palette' }

/** A message for the person: polite milestones, or an alert for a failure. */
export interface Notice {
  id: number
  text: string
  tone: 'info' | 'error'
}

const SCREENS: readonly Route['screen'][] = [
  'overview',
  'stage',
  'register',
  'regressions',
  'deliverables',
  'pack',
  'verify',
  'credentials',
  'setup',
  'run',
]

/** `#/stage/4/tls.cert-valid|help.acme.test:443` ⇄ a route. */
export function routeToHash(r: Route): string {
  const parts = [
    r.screen,
    ...(r.stage ? [String(r.stage)] : []),
    ...(r.run ? [encodeURIComponent(r.run)] : []),
    ...(r.finding ? [encodeURIComponent(r.finding)] : []),
  ]
  return `#/${parts.join('/')}`
}

/** Reads a route from the hash; anything unknown is the overview. */
export function hashToRoute(hash: string): Route {
  const [screen, a, b] = hash.replace(/^#\/?/, '').split('/')
  if (!screen || !SCREENS.includes(screen as Route['screen'])) return { screen: 'overview' }
  const route: Route = { screen: screen as Route['screen'] }
  if (screen === 'stage') {
    const n = Number(a)
    if (n >= 1 && n <= 7) route.stage = n as Stage
    if (b) route.finding = decodeURIComponent(b)
  }
  if (screen === 'run' && a) {
    route.run = decodeURIComponent(a)
    if (b) route.finding = decodeURIComponent(b)
  }
  return route
}
