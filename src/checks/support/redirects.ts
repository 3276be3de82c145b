// Reading a fetched redirect chain: where it went first and where it ended.
import type { Evidence } from '../../core/types'
import type { HttpExchange, HttpOutcome } from '../../network/http'

const REDIRECT = new Set([301, 302, 303, 307, 308])

/** True for an HTTP status that redirects (301, 302, 303, 307, 308). */
export const isRedirect = (status: number): boolean => REDIRECT.has(status)

/** The absolute target of an exchange's Location header, if it redirects. */
export function redirectTarget(exchange: HttpExchange): string | undefined {
  const location = exchange.headers.location
  if (!isRedirect(exchange.status) || !location) return undefined
  try {
    return new URL(location, exchange.url).href
  } catch {
    return undefined
  }
}

/** Where the chain ended: the last page, or the redirect target that was not followed. */
export function ending(outcome: HttpOutcome): string | undefined {
  if (outcome.refusedRedirect) return outcome.refusedRedirect.url
  const last = outcome.exchanges.at(-1)
  if (!last) return undefined
  return redirectTarget(last) ?? last.url
}

/** One evidence line per hop: `GET url → 301 location`. */
export function chainEvidence(outcome: HttpOutcome, observation: string): Evidence[] {
  const lines: Evidence[] = outcome.exchanges.map((x) => ({
    label: `${x.method} ${x.url}`,
    value: `${x.status}${x.headers.location ? ` → ${x.headers.location}` : ''}`,
    observation,
  }))
  if (outcome.refusedRedirect)
    lines.push({ label: 'not followed (out of scope)', value: outcome.refusedRedirect.url, observation })
  if (outcome.error)
    lines.push({ label: 'stopped', value: `${outcome.error.code}: ${outcome.error.message}`, observation })
  return lines
}
