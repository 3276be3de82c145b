// The redirect-leak probe: per portal origin, each sign-in, sign-out and redirect endpoint asked plainly, then with
// every redirect parameter pointing at a canary host (absolute and protocol-relative), then — only where the canary
// came back — one parameter at a time to name the one honoured; and the home page's own links that carry a
// redirect parameter, as they are. Redirects are never followed: the Location is the evidence, and the canary
// (under .invalid) is never contacted. The network layer records every Location redacted.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ok } from '../core/result'
import type { ProbeError } from '../core/types'
import type { Engagement } from '../engagement/load'
import { fetchUrl, HttpPool, type HttpExchange } from '../network/http'
import {
  canaryHost,
  canaryTargets,
  REDIRECT_ENDPOINTS,
  REDIRECT_PARAMS,
  redirectTarget,
  withRedirectParams,
} from '../surface/redirects'
import { readPage, resolveUrl } from './frontend'
import { httpExchangeSchema } from './http'
import { probeErrorSchema, request } from './probe'
import type { ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'

/** What the probe asks: one origin, its home page and the endpoints that may redirect. */
export interface RedirectParams {
  origin: string
  home: string
  endpoints: string[]
}

/** One request: the endpoint alone, with a canary destination of a shape, or a link of the home page as written. */
export interface RedirectTrial {
  ask: 'plain' | 'absolute' | 'protocol-relative' | 'link'
  path: string
  /** The only redirect parameter set (pinpointing which one the endpoint honours). */
  param?: string
  exchange?: HttpExchange
  error?: ProbeError
}

/** Every request asked on one origin, and the canary host its destinations named. */
export interface RedirectFacts {
  origin: string
  canary: string
  trials: RedirectTrial[]
}

/** At most this many of the home page's links with a redirect parameter are asked. */
const MAX_LINKS = 5

/** The redirect-leak probe. */
export const httpRedirects: ProbeKind<RedirectParams, RedirectFacts> = {
  kind: 'http.redirects',
  subject: ({ origin }) => origin,
  timeLimitMs: (_params, e) => e.net.totalMs * 3,
  async run(params, ctx): Promise<ProbeResult<RedirectFacts>> {
    const pool = new HttpPool(ctx.network, ctx.rec)
    const nonce = randomBytes(6).toString('hex')
    const canary = canaryHost(nonce)
    const ask = async (
      url: string,
      trial: Omit<RedirectTrial, 'exchange' | 'error'>,
    ): Promise<RedirectTrial> => {
      const outcome = await fetchUrl(
        ctx.network,
        { url, follow: false, deadline: ctx.deadline, pool },
        ctx.rec,
      )
      const exchange = outcome.exchanges[0]
      if (exchange) return { ...trial, exchange }
      return { ...trial, ...(outcome.error ? { error: outcome.error } : {}) }
    }
    const landsOnCanary = (t: RedirectTrial): boolean =>
      !!t.exchange && redirectTarget(t.exchange.url, t.exchange.headers)?.host === canary
    try {
      const origin = new URL(params.origin).origin
      const home = await fetchUrl(
        ctx.network,
        { url: params.home, capture: true, captureBytes: 256 * 1024, deadline: ctx.deadline, pool },
        ctx.rec,
      )
      const links = readPage(home.captured?.body ?? '')
        .links.map((href) => resolveUrl(href, home.exchanges.at(-1)?.url ?? params.home))
        .filter(
          (u): u is URL => !!u && u.origin === origin && REDIRECT_PARAMS.some((p) => u.searchParams.has(p)),
        )
        .map((u) => u.href)
      const trials: RedirectTrial[] = []
      for (const path of params.endpoints) {
        trials.push(await ask(new URL(path, origin).href, { ask: 'plain', path }))
        for (const { shape, value } of canaryTargets(nonce)) {
          const all = await ask(withRedirectParams(origin, path, value), { ask: shape, path })
          trials.push(all)
          if (!landsOnCanary(all)) continue
          // Name the parameter: one at a time, stopping at the first that sends the browser to the canary.
          for (const param of REDIRECT_PARAMS) {
            const one = await ask(withRedirectParams(origin, path, value, param), { ask: shape, path, param })
            trials.push(one)
            if (landsOnCanary(one)) break
          }
          break
        }
      }
      for (const href of [...new Set(links)].slice(0, MAX_LINKS)) {
        const u = new URL(href)
        trials.push(await ask(href, { ask: 'link', path: `${u.pathname}${u.search}` }))
      }
      return ok({ origin, canary, trials })
    } finally {
      await pool.close()
    }
  },
}

/** The origins judged: the portal's, with its sign-in page and the usual redirecting endpoints. */
export function redirectTargets(e: Engagement): RedirectParams[] {
  if (!e.portal?.url) return []
  const origin = new URL(e.portal.url).origin
  const own = [e.portal.login].filter((u): u is string => !!u && new URL(u).origin === origin)
  const endpoints = [...new Set([...own.map((u) => new URL(u).pathname), ...REDIRECT_ENDPOINTS])]
  return [{ origin, home: e.portal.url, endpoints }]
}

/** The probe request for one origin. */
export const redirectsOf = (p: RedirectParams): ProbeRequest =>
  request(httpRedirects.kind, p.origin, { ...p } as unknown as Record<string, unknown>)

/** Data of `http.redirects`. */
export const redirectFactsSchema = z.strictObject({
  origin: z.url(),
  canary: z.string().endsWith('.invalid'),
  trials: z.array(
    z.strictObject({
      ask: z.enum(['plain', 'absolute', 'protocol-relative', 'link']),
      path: z.string().startsWith('/'),
      param: z.string().optional(),
      exchange: httpExchangeSchema.optional(),
      error: probeErrorSchema.optional(),
    }),
  ),
})

const shapeMatches: Same<z.output<typeof redirectFactsSchema>, RedirectFacts> = true
void shapeMatches
