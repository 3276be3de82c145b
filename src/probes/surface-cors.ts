// The CORS probe: the same URL asked with foreign, `null` and look-alike Origins, a preflight, and (for a
// protected endpoint) once as a signed-in account. Nothing is sent to the foreign origins: they are only named.
import { getDomain } from 'tldts'
import { z } from 'zod'
import { ok } from '../core/result'
import type { ProbeError } from '../core/types'
import type { Engagement } from '../engagement/load'
import { fetchUrl, HttpPool, type HttpExchange } from '../network/http'
import { httpExchangeSchema } from './http'
import { probeErrorSchema, request } from './probe'
import type { ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'

/** Which Origin a trial sent. */
export type CorsVariant = 'foreign' | 'null' | 'suffix' | 'prefix' | 'preflight' | 'authenticated'

/** One request of the CORS probe and what came back. */
export interface CorsTrial {
  variant: CorsVariant
  origin: string
  exchange?: HttpExchange
  error?: ProbeError
}

/** What the CORS probe asks: a URL, whether it is protected, and who to sign in as. */
export interface CorsParams {
  url: string
  /** True for an endpoint the engagement declares protected. */
  protected: boolean
  /** The account whose session the `authenticated` trial uses (protected endpoints only). */
  account?: string
}

/** Every trial of one URL. */
export interface CorsFacts {
  url: string
  protected: boolean
  trials: CorsTrial[]
}

/** A name under the reserved `.invalid` TLD: it can never be registered, so no one can own the foreign origin. */
export const FOREIGN_ORIGIN = 'https://handover-cors-probe.invalid'

/** The Origins sent to `url`: foreign, `null`, our host as the prefix of another name, and a look-alike domain. */
export function corsOrigins(
  url: string,
): { variant: Exclude<CorsVariant, 'preflight' | 'authenticated'>; origin: string }[] {
  const host = new URL(url).hostname
  const domain = getDomain(host, { allowPrivateDomains: true }) ?? host
  return [
    { variant: 'foreign', origin: FOREIGN_ORIGIN },
    { variant: 'null', origin: 'null' },
    { variant: 'suffix', origin: `https://${host}.handover-cors-probe.invalid` },
    { variant: 'prefix', origin: `https://evil${domain}` },
  ]
}

/** The CORS probe: foreign, null and look-alike Origins, a preflight, and a signed-in request. */
export const httpCors: ProbeKind<CorsParams, CorsFacts> = {
  kind: 'http.cors',
  subject: ({ url }) => url,
  async run(params, ctx): Promise<ProbeResult<CorsFacts>> {
    const pool = new HttpPool(ctx.network, ctx.rec)
    const ask = async (
      variant: CorsVariant,
      origin: string,
      method: string,
      headers: Record<string, string>,
    ): Promise<CorsTrial> => {
      const outcome = await fetchUrl(
        ctx.network,
        {
          url: params.url,
          method,
          headers: { origin, ...headers },
          follow: false,
          deadline: ctx.deadline,
          pool,
        },
        ctx.rec,
      )
      const exchange = outcome.exchanges[0]
      return exchange
        ? { variant, origin, exchange }
        : { variant, origin, ...(outcome.error ? { error: outcome.error } : {}) }
    }
    try {
      const trials: CorsTrial[] = []
      for (const o of corsOrigins(params.url)) trials.push(await ask(o.variant, o.origin, 'GET', {}))
      trials.push(
        await ask('preflight', FOREIGN_ORIGIN, 'OPTIONS', {
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization, content-type',
        }),
      )
      if (params.account) {
        const session = await ctx.sessions.get(params.account, ctx.rec)
        trials.push(
          session.ok
            ? await ask('authenticated', FOREIGN_ORIGIN, 'GET', session.value.headers)
            : { variant: 'authenticated', origin: FOREIGN_ORIGIN, error: session.error },
        )
      }
      return ok({ url: params.url, protected: params.protected, trials })
    } finally {
      await pool.close()
    }
  },
}

/** The account used for signed-in requests: the first that can sign in, holding one of `roles` when given. */
export function firstAccount(e: Engagement, roles?: readonly string[]): string | undefined {
  if (!e.auth) return undefined
  const usable = e.accounts.filter((a) => a.password || a.token)
  return (roles?.length ? usable.find((a) => roles.includes(a.role)) : usable[0])?.id
}

/** The URLs judged for CORS: the portal, the API base, and every declared GET endpoint without a path parameter. */
export function corsTargets(e: Engagement): CorsParams[] {
  const targets: CorsParams[] = []
  if (e.portal?.url) targets.push({ url: e.portal.url, protected: false })
  if (e.api?.base) targets.push({ url: e.api.base, protected: false })
  for (const ep of e.api?.endpoints ?? []) {
    if (ep.method !== 'GET' || ep.path.includes('{') || !e.api) continue
    const url = new URL(ep.path, e.api.base).href
    const account = ep.protected ? firstAccount(e, ep.roles) : undefined
    targets.push({ url, protected: ep.protected, ...(account ? { account } : {}) })
  }
  const seen = new Set<string>()
  return targets.filter((t) => !seen.has(t.url) && !!seen.add(t.url))
}

/** The probe request for one CORS target. */
export const corsOf = (p: CorsParams): ProbeRequest =>
  request(httpCors.kind, p.url, { ...p } as unknown as Record<string, unknown>)

/** Data of `http.cors`. */
export const corsFactsSchema = z.strictObject({
  url: z.url(),
  protected: z.boolean(),
  trials: z.array(
    z.strictObject({
      variant: z.enum(['foreign', 'null', 'suffix', 'prefix', 'preflight', 'authenticated']),
      origin: z.string(),
      exchange: httpExchangeSchema.optional(),
      error: probeErrorSchema.optional(),
    }),
  ),
})

const shapeMatches: Same<z.output<typeof corsFactsSchema>, CorsFacts> = true
void shapeMatches
