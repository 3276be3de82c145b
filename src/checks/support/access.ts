// Verdicts of the access checks, proven by content: a response is a bypass only when it carries the data of
// another account's answer (its distinctive values), never because of a status code. Redirects to sign-in,
// 200 pages that say "forbidden" or show a login form, empty bodies and the caller's own object are not bypasses.
import type { Evidence, Observation } from '../../core/types'
import type { Engagement } from '../../engagement/load'
import {
  accessOf,
  surfaceOf,
  type AccessExchange,
  type AccessFacts,
  type SurfaceFacts,
} from '../../probes/identity'
import { observationError, type ErrorFinding, type ObservationSet } from '../check'

/** The distinctive leaf values of a JSON (or text) answer: strings of 4+ characters, numbers of 3+ digits. */
export function markersOf(body: string | undefined): Set<string> {
  const out = new Set<string>()
  if (!body) return out
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return out
  }
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8) return
    if (typeof v === 'string') {
      if (v.length >= 4 && !/^\[redacted/.test(v)) out.add(v)
    } else if (typeof v === 'number') {
      if (String(Math.abs(v)).replace('.', '').length >= 3) out.add(String(v))
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1))
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, depth + 1))
  }
  walk(value, 0)
  return out
}

/** True for an answer that grants nothing: an error status, a redirect, an empty body, a login or "denied" page. */
export function refuses(x: AccessExchange): boolean {
  if (x.error || x.status === undefined) return true
  if (x.status >= 300) return true
  const body = x.body ?? ''
  if (body.trim().length === 0) return true
  if (/<input\b[^>]*type\s*=\s*["']?password/i.test(body)) return true
  const text = body.replace(/<[^>]+>/g, ' ')
  if (
    !/^\s*[[{]/.test(body) &&
    /access denied|forbidden|not authori[sz]ed|sign in|log in|permission/i.test(text)
  )
    return true
  return false
}

/** How much of `reference`'s distinctive data `candidate` carries, beyond what `known` (the caller's own data) has. */
export function overlap(
  candidate: AccessExchange,
  reference: AccessExchange,
  known: ReadonlySet<string> = new Set(),
): { shared: string[]; specific: number } {
  const specific = [...markersOf(reference.body)].filter((m) => !known.has(m))
  const body = candidate.body ?? ''
  const mine = markersOf(body)
  const shared = specific.filter((m) => mine.has(m) || body.includes(m))
  return { shared, specific: specific.length }
}

/** A bypass: `candidate` answered with data and carries at least half (and at least one) of the reference's own values. */
export function carriesDataOf(
  candidate: AccessExchange,
  reference: AccessExchange,
  known: ReadonlySet<string> = new Set(),
): boolean {
  if (refuses(candidate) || refuses(reference)) return false
  const { shared, specific } = overlap(candidate, reference, known)
  return specific > 0 && shared.length >= Math.max(1, Math.ceil(specific / 2))
}

/** Every distinctive value of an account's own answers. */
export function knownTo(account: string, own: readonly AccessExchange[]): Set<string> {
  const out = new Set<string>()
  for (const x of own) if (x.as === account && !refuses(x)) for (const m of markersOf(x.body)) out.add(m)
  return out
}

/** BOLA: the owner's own answer that `x` (a request for another account's object) carries the data of, if any. */
export function ownersDataIn(x: AccessExchange, own: readonly AccessExchange[]): AccessExchange | undefined {
  if (!x.owner) return undefined
  const ref = own.find((o) => o.as === x.owner && o.endpoint === x.endpoint && o.id === x.id)
  return ref && carriesDataOf(x, ref, knownTo(x.as, own)) ? ref : undefined
}

/** BFLA: the entitled account's answer that `x` (a request to another role's endpoint) carries the data of, if any. */
export function entitledDataIn(
  x: AccessExchange,
  own: readonly AccessExchange[],
): AccessExchange | undefined {
  const ref = own.find((o) => o.endpoint === x.endpoint && !refuses(o))
  return ref && carriesDataOf(x, ref, knownTo(x.as, own)) ? ref : undefined
}

/**
 * An unauthenticated answer's leak: the signed-in answer it carries the data of, or `bare` when no signed-in
 * answer exists to compare with and the answer still holds data; undefined when it leaks nothing.
 */
export function anonymousLeak(
  anon: AccessExchange,
  own: readonly AccessExchange[],
): { ref?: AccessExchange } | undefined {
  const refs = own.filter(
    (o) => o.endpoint === anon.endpoint && (anon.id === undefined || o.id === anon.id) && !refuses(o),
  )
  const ref = refs.find((r) => carriesDataOf(anon, r))
  if (ref) return { ref }
  // Without a signed-in answer to compare with, data in the answer of a protected endpoint is still a leak.
  if (refs.length === 0 && !refuses(anon) && markersOf(anon.body).size > 0) return {}
  return undefined
}

/** Real customer data: the objects that accounts of a customer role (not admin, not demo) got as their own. */
export function customerObjects(
  own: readonly AccessExchange[],
  roleOf: (account: string) => string,
): AccessExchange[] {
  return own.filter(
    (o) => o.id !== undefined && o.as === o.owner && !['admin', 'demo'].includes(roleOf(o.as)) && !refuses(o),
  )
}

/** Everything a demo account may legitimately hold: the values of its own objects. */
export function demoKnown(demo: string, own: readonly AccessExchange[]): Set<string> {
  const known = new Set<string>()
  for (const o of own.filter((x) => x.as === demo && x.owner === demo))
    for (const m of markersOf(o.body)) known.add(m)
  return known
}

/** One exchange as evidence: the request line and what came back, redacted, cut short. */
export function exchangeEvidence(label: string, x: AccessExchange, observation: string): Evidence {
  const answer = x.error
    ? x.error
    : `${x.status}${x.contentType ? ` ${x.contentType.split(';')[0]}` : ''}${x.location ? ` → ${x.location}` : ''}${x.body ? `\n${x.body.slice(0, 400)}` : ''}`
  return { label: `${label}: ${x.method} ${x.url} as ${x.as}`, value: answer, observation }
}

/**
 * The two observations an access check compares, each with its data: every account's own answers (the surface)
 * and their tries at each other's; or the error for `subject`, the surface's first.
 */
export function accessObservations(
  observations: ObservationSet,
  engagement: Engagement,
  subject: string,
):
  | {
      surface: Observation<SurfaceFacts> & { data: SurfaceFacts }
      access: Observation<AccessFacts> & { data: AccessFacts }
    }
  | ErrorFinding[] {
  const surface = observations.get<SurfaceFacts>(surfaceOf(engagement))
  const access = observations.get<AccessFacts>(accessOf(engagement))
  if (!surface?.data) return [observationError(subject, surface)]
  if (!access?.data) return [observationError(subject, access)]
  return {
    surface: surface as Observation<SurfaceFacts> & { data: SurfaceFacts },
    access: access as Observation<AccessFacts> & { data: AccessFacts },
  }
}
