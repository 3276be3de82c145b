// The auth map (stage 2): which role reaches which endpoint and UI route — allowed, denied, bypass or not tried —
// each cell with the id of the exchange that decides it. Built from the identity probes' observations with the
// verdict helpers the access checks use, so the map and the checks cannot disagree. It holds no body and no secret:
// URLs and headers are redacted when observed, and only the status line of each exchange is shown.
import type { Observation, Run } from '../core/types'
import type { EngagementFile } from '../engagement/schema'
import type { AccessExchange, AccessFacts, SurfaceFacts } from '../probes/identity'
import type { Deliverable } from '../report/model/types'
import {
  anonymousLeak,
  carriesDataOf,
  customerObjects,
  demoKnown,
  entitledDataIn,
  ownersDataIn,
  refuses,
} from '../checks/support/access'

/** The id of the auth map deliverable. */
export const AUTH_MAP = 'auth-map'

/** What one role got from one endpoint or UI route. */
export type AccessState = 'allowed' | 'denied' | 'bypass' | 'not tried'

/** One cell: the state and the id (`A3`) of the evidence that decides it. */
export interface AuthMapCell {
  state: AccessState
  evidence?: string
}

/** One row: an endpoint (`GET /api/invoices/{id}`) or a UI route (`UI /portal/admin`). */
export interface AuthMapRow {
  subject: string
  cells: Record<string, AuthMapCell>
}

/** One exchange or crawl the map cites. */
export interface AuthMapEvidence {
  id: string
  request: string
  answer: string
  why: string
  observation: string
}

/** The map: roles in column order (`anonymous` last), endpoint rows, then UI route rows, and their evidence. */
export interface AuthMap {
  roles: string[]
  rows: AuthMapRow[]
  evidence: AuthMapEvidence[]
  /** False when the cross-account requests were not made (no consent), so only own and anonymous cells are known. */
  crossTried: boolean
}

const ANONYMOUS = 'anonymous'

/** A decided cell before it gets its evidence id. */
interface Judged {
  state: AccessState
  cite?: { exchange?: AccessExchange; crawl?: SurfaceFacts['crawl'][number]; why: string; key: string }
}

const find = <T>(run: Run, kind: string): Observation<T> | undefined =>
  Object.values(run.observations).find((o) => o.kind === kind && o.data) as Observation<T> | undefined

function answerOf(x: AccessExchange): string {
  if (x.error) return `not answered: ${x.error}`
  const type = x.contentType ? ` ${x.contentType.split(';')[0]}` : ''
  const to = x.location ? ` → ${x.location}` : ''
  return `${x.status}${type}${to}${x.bodyBytes !== undefined ? `, ${x.bodyBytes} bytes` : ''}`
}

function refusal(x: AccessExchange): string {
  if (x.error || x.status === undefined) return 'not answered'
  if (x.status >= 300) return `refused with ${x.status}`
  return refuses(x) ? 'an empty, sign-in or "denied" page' : 'answered without another account’s data'
}

/** The auth map of a run, or undefined when the run has no `identity.surface` observation. */
export function authMapOf(run: Run, routes: { path: string; roles?: string[] }[] = []): AuthMap | undefined {
  const surfaceObs = find<SurfaceFacts>(run, 'identity.surface')
  if (!surfaceObs?.data) return undefined
  const surface = surfaceObs.data
  const accessObs = find<AccessFacts>(run, 'identity.access')
  const cross = accessObs?.data?.cross ?? []
  const own = surface.own
  const roleOf = (account: string): string =>
    surface.sessions.find((s) => s.account === account)?.role ?? ANONYMOUS
  const roles = [...new Set(surface.sessions.map((s) => s.role)), ANONYMOUS]
  const customers = customerObjects(own, roleOf)
  const cite = (exchange: AccessExchange, why: string, key: string): Judged['cite'] => ({
    exchange,
    why,
    key,
  })

  const endpointCell = (key: string, role: string): Judged => {
    const ep = surface.endpoints.find((e) => `${e.method} ${e.template}` === key)
    if (role === ANONYMOUS) {
      const tries = surface.anonymous.filter((x) => x.endpoint === key)
      for (const x of tries) {
        const leak = anonymousLeak(x, own)
        if (leak)
          return {
            state: 'bypass',
            cite: cite(
              x,
              leak.ref ? `carries ${leak.ref.as}'s data without credentials` : 'data without credentials',
              surfaceObs.key,
            ),
          }
      }
      return tries[0]
        ? { state: 'denied', cite: cite(tries[0], refusal(tries[0]), surfaceObs.key) }
        : { state: 'not tried' }
    }
    const as = (x: AccessExchange): boolean => x.endpoint === key && roleOf(x.as) === role
    const mine = own.filter(as)
    const others = cross.filter(as)
    const restricted = Boolean(ep?.roles && !ep.roles.includes(role))
    for (const x of others) {
      const ref = restricted ? entitledDataIn(x, own) : ownersDataIn(x, own)
      if (ref)
        return {
          state: 'bypass',
          cite: cite(x, `carries ${ref.as}'s data (${ref.method} ${ref.url})`, accessObs!.key),
        }
    }
    if (role === 'demo')
      for (const x of [...mine, ...others]) {
        const ref = customers.find((c) => carriesDataOf(x, c, demoKnown(x.as, own)))
        if (ref)
          return {
            state: 'bypass',
            cite: cite(
              x,
              `carries customer ${ref.as}'s object (${ref.method} ${ref.url})`,
              x.owner && x.owner !== x.as ? accessObs!.key : surfaceObs.key,
            ),
          }
      }
    const allowed = mine.find((x) => !refuses(x))
    if (allowed)
      return { state: 'allowed', cite: cite(allowed, 'its own request answered with data', surfaceObs.key) }
    const first = mine[0] ?? others[0]
    if (!first) return { state: 'not tried' }
    return {
      state: 'denied',
      cite: cite(first, refusal(first), mine[0] ? surfaceObs.key : accessObs!.key),
    }
  }

  const endpointKeys = surface.endpoints.map((e) => `${e.method} ${e.template}`)
  const judged: { subject: string; cells: Record<string, Judged> }[] = endpointKeys.map((key) => ({
    subject: key,
    cells: Object.fromEntries(roles.map((r) => [r, endpointCell(key, r)])),
  }))

  // UI routes: declared ones with their roles, then any other page the crawl opened.
  const declaredRoutes = new Map(routes.map((r) => [r.path, r.roles]))
  for (const c of surface.crawl)
    for (const p of [...c.pages.map((u) => new URL(u).pathname), ...Object.keys(c.routes)])
      if (!declaredRoutes.has(p)) declaredRoutes.set(p, undefined)
  const byKey = new Map(judged.map((j) => [j.subject, j.cells]))
  for (const [route, allowedRoles] of declaredRoutes) {
    const keys = [...new Set(surface.crawl.flatMap((c) => c.routes[route] ?? []))]
    const routeCell = (role: string): Judged => {
      if (role !== ANONYMOUS && (!allowedRoles || allowedRoles.includes(role))) {
        const crawl = surface.crawl.find(
          (c) => roleOf(c.account) === role && !c.error && c.routes[route] !== undefined,
        )
        return crawl
          ? {
              state: 'allowed',
              cite: { crawl, why: 'the page loaded and made its API calls', key: surfaceObs.key },
            }
          : { state: 'not tried' }
      }
      // A role not allowed on the route: judged by the page's API calls that this role may not use.
      const refusedTo = keys.filter((k) => {
        const ep = surface.endpoints.find((e) => `${e.method} ${e.template}` === k)
        return role === ANONYMOUS ? ep?.protected : Boolean(ep?.roles && !ep.roles.includes(role))
      })
      const cells = (refusedTo.length ? refusedTo : keys).map((k) => byKey.get(k)![role]!)
      return (
        cells.find((c) => c.state === 'bypass') ??
        (cells.length && cells.every((c) => c.state === 'denied')
          ? cells[0]!
          : (cells.find((c) => c.state === 'allowed') ?? { state: 'not tried' }))
      )
    }
    judged.push({
      subject: `UI ${route}`,
      cells: Object.fromEntries(roles.map((r) => [r, routeCell(r)])),
    })
  }

  // Evidence ids in reading order, one per exchange or crawl cited.
  const ids = new Map<object, string>()
  const evidence: AuthMapEvidence[] = []
  const idOf = (c: NonNullable<Judged['cite']>): string => {
    const target = c.exchange ?? c.crawl!
    const known = ids.get(target)
    if (known) return known
    const id = `A${ids.size + 1}`
    ids.set(target, id)
    evidence.push(
      c.exchange
        ? {
            id,
            request: `${c.exchange.method} ${c.exchange.url} as ${c.exchange.as}`,
            answer: answerOf(c.exchange),
            why: c.why,
            observation: c.key,
          }
        : {
            id,
            request: `crawl of ${c.crawl!.pages.join(', ')} as ${c.crawl!.account}`,
            answer: `${c.crawl!.calls.length} API calls`,
            why: c.why,
            observation: c.key,
          },
    )
    return id
  }
  const rows: AuthMapRow[] = judged.map((j) => ({
    subject: j.subject,
    cells: Object.fromEntries(
      Object.entries(j.cells).map(([role, c]) => [
        role,
        { state: c.state, ...(c.cite ? { evidence: idOf(c.cite) } : {}) },
      ]),
    ),
  }))
  return { roles, rows, evidence, crossTried: Boolean(accessObs?.data) }
}

/** The auth map deliverable of `run`; missing when the run made no identity observation. */
export function buildAuthMap(run: Run, engagement?: Pick<EngagementFile, 'portal'>): Deliverable {
  const base = { id: AUTH_MAP, title: 'Auth map', stage: 2 as const }
  const map = authMapOf(run, engagement?.portal?.routes)
  if (!map)
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} made no identity observation; run stage 2 (accounts, auth and api in handover.json).`,
      sections: [],
    }
  const show = (c: AuthMapCell): string => (c.evidence ? `${c.state} · ${c.evidence}` : c.state)
  return {
    ...base,
    status: 'ready',
    why: `From the identity probes of run ${run.id}: each account's own requests, the same requests without credentials${map.crossTried ? ' and each account against the others’ objects and the admin functions' : ''}.`,
    sections: [
      {
        paragraphs: [
          'Each cell says what the server did for that role: "allowed" (its own request answered with data), "denied" (refused, a redirect to sign-in, a "denied" page, or no other account’s data), "bypass" (the answer carried data of another account or role, compared value by value with that account’s own answer) or "not tried". Hidden buttons count for nothing: a UI route a role may not use is judged by the API calls that page makes.',
          ...(map.crossTried
            ? []
            : [
                'The cross-account requests were not made in this run (consent family authz is not in scope.active), so a role is not tried on what it does not own.',
              ]),
        ],
        table: {
          columns: ['Endpoint or UI route', ...map.roles],
          rows: map.rows.map((r) => [r.subject, ...map.roles.map((role) => show(r.cells[role]!))]),
        },
      },
      {
        heading: 'Evidence',
        paragraphs: [
          'The exchange behind each cell, redacted; the full transcript is in the run file under the observation named.',
        ],
        table: {
          columns: ['Id', 'Request', 'Answer', 'Why', 'Observation'],
          rows: map.evidence.map((e) => [e.id, e.request, e.answer, e.why, e.observation]),
        },
      },
    ],
  }
}
