// What the stage 6 checks share: which URLs are watched and how each is fetched (as the monitoring account).
import type { Engagement } from '../../engagement/load'
import type { HttpExchange, HttpOutcome } from '../../network/http'
import { authenticatedOf } from '../../probes/authenticated'
import { pageOf } from '../../probes/http'
import type { ProbeRequest } from '../../probes/probe'

/** The homepage an uptime monitor should watch: the portal, else the www host, else the apex. */
export function homepageOf(e: Engagement): string | undefined {
  if (e.portal?.url) return e.portal.url
  const apex = e.domains?.apex
  if (!apex) return undefined
  return e.domains?.www ? `https://www.${apex}/` : `https://${apex}/`
}

/** The request that fetches the health endpoint: signed in as `monitoring.account` when one is named. */
export function healthRequestOf(e: Engagement): ProbeRequest | undefined {
  const health = e.monitoring?.health
  if (!health) return undefined
  return e.monitoring?.account ? authenticatedOf(health, e.monitoring.account) : pageOf(health)
}

/** The last response of a fetch (after redirects), if any. */
export function finalExchange(outcome: HttpOutcome | undefined): HttpExchange | undefined {
  return outcome?.exchanges.at(-1)
}
