// The error-leak probe: per origin, the home page (the control: what every page shows anyway), then requests that
// make a careless server fail — an unknown route; a quote in a query parameter of the home page; huge, negative and quoted ids in each templated GET endpoint
// (as a signed-in account when the endpoint is protected); and, only with the `input` consent, a malformed and a
// wrong-typed JSON body to the sign-in endpoint. Bodies are read only for the lines that leak; each kept line is
// redacted and cut short, and no body is stored.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ok } from '../core/result'
import type { ProbeError } from '../core/types'
import type { Engagement } from '../engagement/load'
import { fetchUrl, HttpPool, type HttpExchange } from '../network/http'
import { leaksIn, type Leak } from '../surface/errors'
import { openApiEndpoints } from './identity-inventory'
import { httpExchangeSchema } from './http'
import { probeErrorSchema, request } from './probe'
import type { ProbeContext, ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'
import { PROBE } from './codes'

/** Which request a trial made. */
export type ErrorTrialName =
  'unknown-route' | 'quote-query' | 'huge-id' | 'negative-id' | 'quote' | 'malformed-json' | 'wrong-types'

/** What the probe asks on one origin. */
export interface ErrorLeakParams {
  origin: string
  /** The control page: what every answer of this origin may show without leaking. */
  home: string
  /** Templated GET paths of the engagement's list on this origin (`/api/invoices/{id}`), with their protection. */
  templates: { path: string; protected: boolean }[]
  /** Read the OpenAPI document for more templated GET paths (the API's origin). */
  openapi: boolean
  /** The account whose session carries requests to protected paths (the first non-admin one). */
  account?: string
  /** The sign-in endpoint on this origin, when it takes JSON. */
  login?: { url: string; method: string }
  /** True when `scope.active` lists `input`: only then are the malformed bodies sent. */
  bodies: boolean
}

/** One request that should make a careless server fail, and what its answer gave away. */
export interface ErrorTrial {
  name: ErrorTrialName
  /** What was sent, in words: the path with its bad id, or the body. */
  sent: string
  /** The endpoint template, for the id trials. */
  template?: string
  /** The account whose session carried it, when one did. */
  as?: string
  exchange?: HttpExchange
  error?: ProbeError
  leaks: Leak[]
}

/** Everything asked on one origin. */
export interface ErrorLeakFacts {
  origin: string
  /** The control page and the lines it shows to everyone (a docs page's code sample is not an error leak). */
  control?: { exchange: HttpExchange; leaks: Leak[] }
  trials: ErrorTrial[]
  /** Why the sign-in endpoint got no malformed body (no `input` consent), when it did not. */
  bodiesNotSent?: string
  /** Why an account's session could not be used, when it could not (the id trials went anonymous). */
  sessionError?: string
  /** The code of that sign-in failure (a credential missing from the keychain: `isNoCredential`). */
  sessionCode?: string
  /** Why the OpenAPI document added nothing, when it could not be read. */
  openapiError?: string
}

/** A value with both quotes: it breaks a query or a template built by string concatenation. */
const QUOTE = `1'"`

/** The ids that break a careless parser or query. */
export const BAD_IDS: { name: 'huge-id' | 'negative-id' | 'quote'; id: string }[] = [
  { name: 'huge-id', id: '99999999999999999999999999999999' },
  { name: 'negative-id', id: '-1' },
  { name: 'quote', id: QUOTE },
]

/** Most templated paths tried per origin (three requests each). */
const TEMPLATES_TRIED = 4
const BODY_BYTES = 64 * 1024
/** A JSON body cut off in the middle: no parser accepts it. */
const MALFORMED = '{"email": "handover-probe@example.invalid", "password": '
/** Every field of the wrong type. */
const WRONG_TYPES = '{"email": 12345, "password": ["handover"], "remember": "yes"}'

/** The error-leak probe. */
export const httpErrorLeak: ProbeKind<ErrorLeakParams, ErrorLeakFacts> = {
  kind: 'http.error-leak',
  subject: ({ origin }) => origin,
  timeLimitMs: (_params, e) => e.net.totalMs * 3,
  async run(params, ctx): Promise<ProbeResult<ErrorLeakFacts>> {
    const pool = new HttpPool(ctx.network, ctx.rec)
    const leaksOf = (body: string): Leak[] =>
      leaksIn(body).map((l) => ({ ...l, line: ctx.network.redactor.text(l.line) }))
    const ask = async (
      url: string,
      opts: { method?: string; headers?: Record<string, string>; body?: string; active?: boolean } = {},
    ): Promise<{ exchange?: HttpExchange; error?: ProbeError; leaks: Leak[] }> => {
      const outcome = await fetchUrl(
        ctx.network,
        {
          url,
          method: opts.method ?? 'GET',
          headers: { accept: 'application/json, text/html;q=0.9, */*;q=0.8', ...opts.headers },
          ...(opts.body !== undefined ? { body: opts.body } : {}),
          follow: false,
          capture: true,
          captureBytes: BODY_BYTES,
          ...(opts.active ? { active: true } : {}),
          deadline: ctx.deadline,
          pool,
        },
        ctx.rec,
      )
      const exchange = outcome.exchanges[0]
      if (!exchange)
        return {
          error: outcome.error ?? { code: PROBE.NO_ANSWER, message: `${url} gave no answer` },
          leaks: [],
        }
      return { exchange, leaks: leaksOf(outcome.captured?.body ?? '') }
    }
    try {
      const origin = new URL(params.origin).origin
      const facts: ErrorLeakFacts = { origin, trials: [] }
      const home = await ask(params.home)
      if (home.exchange) facts.control = { exchange: home.exchange, leaks: home.leaks }
      const unknown = `/handover-no-such-route-${randomBytes(6).toString('hex')}`
      facts.trials.push({ name: 'unknown-route', sent: unknown, ...(await ask(`${origin}${unknown}`)) })
      const quoted = new URL(params.home)
      quoted.searchParams.set('q', QUOTE)
      facts.trials.push({
        name: 'quote-query',
        sent: `${quoted.pathname}${quoted.search}`,
        ...(await ask(quoted.href)),
      })

      const templates = await templatesOf(params, ctx, pool, facts)
      const session = await sessionOf(params, templates, ctx, facts)
      for (const t of templates) {
        const headers = t.protected && session ? session.headers : undefined
        for (const bad of BAD_IDS) {
          const pathname = t.path.replace(/\{[^}]+\}/, encodeURIComponent(bad.id)).replace(/\{[^}]+\}/g, '1')
          const trial = await ask(`${origin}${pathname}`, headers ? { headers } : {})
          facts.trials.push({
            name: bad.name,
            sent: pathname,
            template: t.path,
            ...(headers && params.account ? { as: params.account } : {}),
            ...trial,
          })
        }
      }

      if (params.login && !params.bodies)
        facts.bodiesNotSent = `scope.active does not list input, so no malformed body was sent to ${params.login.method} ${params.login.url}`
      if (params.login && params.bodies) {
        for (const [name, body] of [
          ['malformed-json', MALFORMED],
          ['wrong-types', WRONG_TYPES],
        ] as const) {
          const trial = await ask(params.login.url, {
            method: params.login.method,
            headers: { 'content-type': 'application/json' },
            body,
            active: true,
          })
          facts.trials.push({
            name,
            sent: `${params.login.method} ${new URL(params.login.url).pathname} ${body}`,
            ...trial,
          })
        }
      }
      return ok(facts)
    } finally {
      await pool.close()
    }
  },
}

/** The templated GET paths to try: the engagement's own, then the OpenAPI document's, at most {@link TEMPLATES_TRIED}. */
async function templatesOf(
  params: ErrorLeakParams,
  ctx: ProbeContext,
  pool: HttpPool,
  facts: ErrorLeakFacts,
): Promise<{ path: string; protected: boolean }[]> {
  const all = [...params.templates]
  if (params.openapi) {
    const doc = await openApiEndpoints(ctx, pool)
    if (doc.facts?.error) facts.openapiError = doc.facts.error
    for (const e of doc.endpoints)
      if (e.method === 'GET' && /\{[^}]+\}/.test(e.template))
        all.push({ path: e.template, protected: e.protected })
  }
  return all.filter((t, i) => all.findIndex((o) => o.path === t.path) === i).slice(0, TEMPLATES_TRIED)
}

/** The account's session, when a protected path needs one; a failed sign-in is noted and the trials go anonymous. */
async function sessionOf(
  params: ErrorLeakParams,
  templates: { protected: boolean }[],
  ctx: ProbeContext,
  facts: ErrorLeakFacts,
): Promise<{ headers: Record<string, string> } | undefined> {
  if (!params.account || !templates.some((t) => t.protected)) return undefined
  const session = await ctx.sessions.get(params.account, ctx.rec)
  if (session.ok) return session.value
  facts.sessionError = `${params.account} could not sign in (${session.error.message}); the id trials went without a session`
  facts.sessionCode = session.error.code
  return undefined
}

/** The origins asked: the portal's and the API's, each with its control page, templates and sign-in endpoint. */
export function errorLeakTargets(e: Engagement): ErrorLeakParams[] {
  const targets = new Map<string, ErrorLeakParams>()
  const bodies = e.scope.active.includes('input')
  const account = e.accounts.find((a) => a.role !== 'admin')?.id
  const add = (url: string | undefined, home: string | undefined, openapi: boolean): void => {
    if (!url) return
    const origin = new URL(url).origin
    const found = targets.get(origin)
    if (found) {
      found.openapi ||= openapi
      return
    }
    targets.set(origin, { origin, home: home ?? `${origin}/`, templates: [], openapi, bodies })
  }
  add(e.portal?.url, e.portal?.url, false)
  add(e.api?.base, undefined, !!e.api?.openapi)
  for (const ep of e.api?.endpoints ?? []) {
    if (ep.method !== 'GET' || !/\{[^}]+\}/.test(ep.path) || !e.api?.base) continue
    const target = targets.get(new URL(e.api.base).origin)
    target?.templates.push({ path: ep.path, protected: !!ep.protected })
  }
  const login = e.auth?.kind === 'api' && e.auth.login?.json ? e.auth.login : undefined
  if (login?.method === 'POST') {
    const target = targets.get(new URL(login.url).origin)
    if (target) target.login = { url: login.url, method: login.method }
  }
  for (const t of targets.values()) {
    if (account && (t.templates.some((x) => x.protected) || t.openapi)) t.account = account
  }
  return [...targets.values()]
}

/** The probe request for one origin. */
export const errorLeakOf = (p: ErrorLeakParams): ProbeRequest =>
  request(httpErrorLeak.kind, p.origin, { ...p } as unknown as Record<string, unknown>)

const leak = z.strictObject({
  kind: z.enum(['debug-page', 'stack-trace', 'sql-error', 'server-path']),
  what: z.string().min(1),
  line: z.string().min(1).max(200),
})

/** Data of `http.error-leak`. */
export const errorLeakFactsSchema = z.strictObject({
  origin: z.url(),
  control: z.strictObject({ exchange: httpExchangeSchema, leaks: z.array(leak) }).optional(),
  trials: z.array(
    z.strictObject({
      name: z.enum([
        'unknown-route',
        'quote-query',
        'huge-id',
        'negative-id',
        'quote',
        'malformed-json',
        'wrong-types',
      ]),
      sent: z.string().min(1),
      template: z.string().optional(),
      as: z.string().optional(),
      exchange: httpExchangeSchema.optional(),
      error: probeErrorSchema.optional(),
      leaks: z.array(leak),
    }),
  ),
  bodiesNotSent: z.string().optional(),
  sessionError: z.string().optional(),
  sessionCode: z.string().optional(),
  openapiError: z.string().optional(),
})

const shapeMatches: Same<z.output<typeof errorLeakFactsSchema>, ErrorLeakFacts> = true
void shapeMatches
