// The endpoint inventory of stages 1–2: declared endpoints (OpenAPI 3 document and the engagement's manual list),
// the single-page app crawled in Chromium as each account (every XHR/fetch with its method, path template and who
// saw it), and the object ids each account owns, harvested from its own answers. Shared, once per run, by the
// identity probes through SessionCache.shared.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Session } from '../auth/session'
import type { Problem } from '../core/result'
import type { Engagement } from '../engagement/load'
import { BrowserSession } from '../network/browser'
import { fetchUrl, type HttpExchange, type HttpPool } from '../network/http'
import type { ProbeContext } from './probe'

/** Where an endpoint was learnt from. */
export type EndpointSource = 'openapi' | 'manual' | 'crawl'

/** One endpoint of the inventory, by method and path template (`/api/invoices/{id}`). */
export interface InventoryEndpoint {
  method: string
  template: string
  sources: EndpointSource[]
  /** Needs a signed-in account (declared, or an OpenAPI operation with `security`, or seen only signed in). */
  protected: boolean
  /** Roles allowed, when declared (`roles: ["admin"]`); absent means every signed-in role. */
  roles?: string[]
  /** Accounts whose crawl saw the endpoint called. */
  seenBy: string[]
  /** In the OpenAPI document or the manual list. */
  declared: boolean
}

/** What the crawl of one account saw. */
export interface CrawlFacts {
  account: string
  pages: string[]
  /** API calls (XHR/fetch) the pages made, as `METHOD url` (redacted). */
  calls: string[]
  /** UI routes each page's calls belong to, for the auth map: route path → endpoint keys. */
  routes: Record<string, string[]>
  error?: string
}

/** One request made for the identity checks, redacted; `body` is cut to a few KB. */
export interface AccessExchange {
  /** The account the request was sent as, or `anonymous`. */
  as: string
  /** `METHOD template` of the endpoint. */
  endpoint: string
  /** The object id substituted into the template, if any. */
  id?: string
  /** The account that owns that object (the one it was harvested from). */
  owner?: string
  method: string
  url: string
  status?: number
  contentType?: string
  location?: string
  body?: string
  bodyBytes?: number
  error?: string
}

/** A session of the run, described without its material. */
export interface SessionFacts {
  account: string
  role: string
  ok: boolean
  error?: { code: string; message: string }
  lifetime?: Session['lifetime']
  /** The sign-in's last exchange: status and Set-Cookie attributes (values redacted). */
  signIn?: Pick<HttpExchange, 'method' | 'url' | 'status'> & { setCookie?: string }
}

/** Data of the `identity.surface` observation. */
export interface SurfaceFacts {
  endpoints: InventoryEndpoint[]
  openapi?: { source: string; paths: number; error?: string }
  crawl: CrawlFacts[]
  sessions: SessionFacts[]
  /** Object ids per account and template, from the account's own answers, crawl and declared examples. */
  ids: Record<string, Record<string, string[]>>
  /** Each account's requests to the endpoints its role may use, with its own ids. */
  own: AccessExchange[]
  /** The protected endpoints requested without any credential. */
  anonymous: AccessExchange[]
  /** Why the probe stopped early (a sign of harm, the budget). */
  stopped?: string
}

/** The shared inventory and sessions of a run, as the identity probes use them (sessions stay in memory). */
export interface IdentityState {
  facts: SurfaceFacts
  sessions: Map<string, Session>
}

/** How many ids per account and template are replayed: enough to prove, few enough to stay in budget. */
export const IDS_PER_TEMPLATE = 2
const BODY_KEEP = 6 * 1024

const SEGMENT_ID =
  /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z_-]*\d{3,}[A-Za-z0-9_-]*)$/i

/** `/api/invoices/1001` → `/api/invoices/{id}`: numbers, UUIDs, long hex and code-like segments become `{id}`. */
export function templateOf(pathname: string): string {
  return pathname
    .split('/')
    .map((s) => (s && SEGMENT_ID.test(s) ? '{id}' : s))
    .join('/')
}

/** Normalises parameter names (`{projectId}` → `{id}`) so declared and crawled templates compare. */
export function normaliseTemplate(template: string): string {
  return template.replace(/\{[^}]+\}/g, '{id}')
}

/** The id a concrete path fills into a template, or undefined when it does not match. */
export function idIn(template: string, pathname: string): string | undefined {
  const re = new RegExp(`^${template.split('{id}').map(escape).join('([^/]+)')}$`)
  const m = re.exec(pathname)
  if (!m) return undefined
  return m[1] ?? ''
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `METHOD template`, the key of an endpoint. */
export const endpointKey = (method: string, template: string): string => `${method} ${template}`

/** The API's base URL joined with a path. */
export function apiUrl(engagement: Engagement, pathname: string): string {
  return new URL(pathname, engagement.api?.base ?? engagement.portal?.url).toString()
}

/** Reads the OpenAPI 3 document (a workspace file or a URL) into endpoints. */
export async function openApiEndpoints(
  ctx: ProbeContext,
  pool: HttpPool,
): Promise<{ endpoints: InventoryEndpoint[]; facts?: SurfaceFacts['openapi'] }> {
  const ref = ctx.engagement.api?.openapi
  if (!ref) return { endpoints: [] }
  let text: string
  if (/^https?:\/\//.test(ref)) {
    const out = await fetchUrl(
      ctx.network,
      { url: ref, capture: true, captureBytes: 2_000_000, pool },
      ctx.rec,
    )
    const status = out.exchanges.at(-1)?.status
    if (out.error || !out.captured || !status || status >= 400)
      return {
        endpoints: [],
        facts: { source: ref, paths: 0, error: out.error?.message ?? `answered ${status ?? 'nothing'}` },
      }
    text = out.captured.body
  } else {
    try {
      text = await readFile(path.resolve(ctx.workspace, ref), 'utf8')
    } catch (err) {
      return {
        endpoints: [],
        facts: {
          source: ref,
          paths: 0,
          error: `handover.json: api.openapi ${ref} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        },
      }
    }
  }
  let doc: {
    openapi?: unknown
    security?: unknown[]
    paths?: Record<string, Record<string, { security?: unknown[] }>>
  }
  try {
    doc = JSON.parse(text) as typeof doc
  } catch {
    return { endpoints: [], facts: { source: ref, paths: 0, error: `${ref} is not a JSON OpenAPI document` } }
  }
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3') || !doc.paths)
    return {
      endpoints: [],
      facts: {
        source: ref,
        paths: 0,
        error: `${ref} is not an OpenAPI 3 document (no "openapi": "3.x" and paths)`,
      },
    }
  const globalSecurity = Array.isArray(doc.security) && doc.security.length > 0
  const endpoints: InventoryEndpoint[] = []
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops ?? {})) {
      if (!['get', 'head', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const secured = Array.isArray(op?.security) ? op.security.length > 0 : globalSecurity
      endpoints.push({
        method: method.toUpperCase(),
        template: normaliseTemplate(p),
        sources: ['openapi'],
        protected: secured,
        seenBy: [],
        declared: true,
      })
    }
  }
  return { endpoints, facts: { source: ref, paths: Object.keys(doc.paths).length } }
}

function merge(into: Map<string, InventoryEndpoint>, e: InventoryEndpoint): InventoryEndpoint {
  const key = endpointKey(e.method, e.template)
  const found = into.get(key)
  if (!found) {
    into.set(key, e)
    return e
  }
  for (const s of e.sources) if (!found.sources.includes(s)) found.sources.push(s)
  found.protected ||= e.protected
  found.declared ||= e.declared
  if (e.roles) found.roles = e.roles
  for (const a of e.seenBy) if (!found.seenBy.includes(a)) found.seenBy.push(a)
  return found
}

/** Crawls the portal's pages in Chromium as one account; the session rides on every request as headers. */
async function crawlAs(
  ctx: ProbeContext,
  browser: BrowserSession,
  account: string,
  session: Session | undefined,
): Promise<CrawlFacts & { seen: { method: string; url: string; page: string }[] }> {
  const pages = ctx.engagement.portal?.crawl.length
    ? ctx.engagement.portal.crawl
    : ctx.engagement.portal
      ? [ctx.engagement.portal.url]
      : []
  const facts: CrawlFacts & { seen: { method: string; url: string; page: string }[] } = {
    account,
    pages,
    calls: [],
    routes: {},
    seen: [],
  }
  const context = await browser.newContext({ rec: ctx.rec, ...(session ? { headers: session.headers } : {}) })
  if (!context.ok) return { ...facts, error: context.error.message }
  try {
    for (const page of pages) {
      const before = context.value.requests.length
      // Load, then wait until the app's network is idle (up to 3 s): its API calls are what the crawl is after.
      const visit = await context.value.visit(page, 3000)
      if (!visit.ok) {
        facts.error = visit.error.message
        continue
      }
      // A slow app keeps calling after the network first goes idle: wait until no call has started or been in
      // flight for 1.5 s (at most 10 s), so one slow answer the app waits for before its next call ends nothing.
      const until = Math.min(ctx.deadline - 1000, Date.now() + 10_000)
      const inFlight = (): boolean =>
        context.value.requests
          .slice(before)
          .some(
            (r) =>
              (r.resourceType === 'xhr' || r.resourceType === 'fetch') &&
              r.status === undefined &&
              r.failure === undefined &&
              r.blocked === undefined,
          )
      let count = context.value.requests.length
      let quietSince = Date.now()
      while (Date.now() < until && Date.now() - quietSince < 1500) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        if (context.value.requests.length !== count || inFlight()) {
          count = context.value.requests.length
          quietSince = Date.now()
        }
      }
      await visit.value.page.close().catch(() => undefined)
      for (const r of context.value.requests.slice(before)) {
        if (r.resourceType !== 'xhr' && r.resourceType !== 'fetch') continue
        if (r.method === 'OPTIONS' || r.blocked) continue
        facts.seen.push({ method: r.method, url: r.url, page })
      }
    }
  } finally {
    await context.value.close()
  }
  return facts
}

/** A JSON answer's value, or undefined when there is none or it is not JSON. */
function parsedJson(body: string | undefined): unknown {
  if (!body) return undefined
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

/** Every `id` field of every object in a parsed value, at most five levels down. */
function idsOf(value: unknown): string[] {
  const out: string[] = []
  const walk = (v: unknown, depth: number): void => {
    if (depth > 5 || !v || typeof v !== 'object') return
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1))
    const id = (v as Record<string, unknown>).id
    if (typeof id === 'string' || typeof id === 'number') out.push(String(id))
    for (const x of Object.values(v as Record<string, unknown>)) if (typeof x === 'object') walk(x, depth + 1)
  }
  walk(value, 0)
  return [...new Set(out)]
}

/** Ids in a JSON answer: every `id` field of every object in it. */
export function idsInJson(body: string | undefined): string[] {
  return idsOf(parsedJson(body))
}

/** Ids of the items listed under `key` anywhere in a JSON answer (a dashboard's `projects: [{ id }]`). */
export function idsUnder(body: string | undefined, key: string): string[] {
  const out: string[] = []
  const walk = (v: unknown, depth: number): void => {
    if (depth > 5 || !v || typeof v !== 'object') return
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1))
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === key && Array.isArray(x)) out.push(...idsOf(x))
      else walk(x, depth + 1)
    }
  }
  walk(parsedJson(body), 0)
  return [...new Set(out)]
}

/** Sends one identity request and records it, redacted; `harm` sees every status. */
export async function send(
  ctx: ProbeContext,
  pool: HttpPool,
  spec: {
    as: string
    endpoint: InventoryEndpoint
    id?: string
    owner?: string
    headers?: Record<string, string>
    active: boolean
  },
): Promise<AccessExchange> {
  const pathname =
    spec.id !== undefined
      ? spec.endpoint.template.replace('{id}', encodeURIComponent(spec.id))
      : spec.endpoint.template
  const url = apiUrl(ctx.engagement, pathname)
  const out = await fetchUrl(
    ctx.network,
    {
      url,
      method: spec.endpoint.method,
      headers: { accept: 'application/json, text/html;q=0.8', ...(spec.headers ?? {}) },
      follow: false,
      keepBody: BODY_KEEP,
      active: spec.active,
      pool,
      deadline: ctx.deadline,
    },
    ctx.rec,
  )
  const last = out.exchanges.at(-1)
  const exchange: AccessExchange = {
    as: spec.as,
    endpoint: endpointKey(spec.endpoint.method, spec.endpoint.template),
    ...(spec.id !== undefined ? { id: spec.id } : {}),
    ...(spec.owner ? { owner: spec.owner } : {}),
    method: spec.endpoint.method,
    url: ctx.network.redactor.url(url),
  }
  if (out.error || !last) return { ...exchange, error: unanswered(out.error) }
  return {
    ...exchange,
    status: last.status,
    ...(last.headers['content-type'] ? { contentType: last.headers['content-type'] } : {}),
    ...(last.headers.location ? { location: last.headers.location } : {}),
    ...(last.body !== undefined ? { body: last.body } : {}),
    bodyBytes: last.bodyBytes,
  }
}

/** Why a request got no answer, as every active probe records it: `CODE: message` (HarmWatch reads the code). */
export function unanswered(error: Problem | undefined): string {
  return error ? `${error.code}: ${error.message}` : 'no answer'
}

/** Watches answers for signs of harm: a 429, a lock-out (423), or a storm of server errors. */
export class HarmWatch {
  private serverErrors = 0
  reason?: string

  see(x: AccessExchange): string | undefined {
    if (this.reason) return this.reason
    if (x.error && /BUDGET|HALTED|CANCELLED|PROBE_ABORTED/.test(x.error)) return (this.reason = x.error)
    if (x.status === 429) return (this.reason = `${x.url} answered 429 Too Many Requests`)
    if (x.status === 423) return (this.reason = `${x.url} answered 423 Locked (an account is locked out)`)
    this.serverErrors = x.status !== undefined && x.status >= 500 ? this.serverErrors + 1 : 0
    if (this.serverErrors >= 3)
      return (this.reason = `three server errors in a row (last: ${x.url} → ${x.status})`)
    return undefined
  }
}

/** True when the account's role may use the endpoint (no roles declared, or its role is listed). */
export function entitled(endpoint: InventoryEndpoint, role: string): boolean {
  return !endpoint.roles || endpoint.roles.includes(role)
}

/** Builds the inventory, signs every account in, harvests ids and makes each account's own and the anonymous requests. */
export async function buildIdentityState(ctx: ProbeContext, pool: HttpPool): Promise<IdentityState> {
  const e = ctx.engagement
  const facts: SurfaceFacts = { endpoints: [], crawl: [], sessions: [], ids: {}, own: [], anonymous: [] }
  const sessions = new Map<string, Session>()
  for (const { account, session } of await ctx.sessions.all(ctx.rec)) {
    const role = e.accounts.find((a) => a.id === account)?.role ?? ''
    if (!session.ok) {
      facts.sessions.push({ account, role, ok: false, error: session.error })
      continue
    }
    sessions.set(account, session.value)
    const last = session.value.exchanges?.at(-1)
    facts.sessions.push({
      account,
      role,
      ok: true,
      ...(session.value.lifetime ? { lifetime: session.value.lifetime } : {}),
      ...(last
        ? {
            signIn: {
              method: last.method,
              url: last.url,
              status: last.status,
              ...(last.headers['set-cookie'] ? { setCookie: last.headers['set-cookie'] } : {}),
            },
          }
        : {}),
    })
  }
  const byKey = new Map<string, InventoryEndpoint>()
  const api = await openApiEndpoints(ctx, pool)
  if (api.facts) facts.openapi = api.facts
  for (const ep of api.endpoints) merge(byKey, ep)
  for (const ep of e.api?.endpoints ?? [])
    merge(byKey, {
      method: ep.method,
      template: normaliseTemplate(ep.path),
      sources: ['manual'],
      protected: ep.protected,
      ...(ep.roles ? { roles: ep.roles } : {}),
      seenBy: [],
      declared: true,
    })
  const declared = [...byKey.values()]
  const ids: Record<string, Record<string, Set<string>>> = {}
  const addId = (account: string, template: string, id: string): void => {
    ;((ids[account] ??= {})[template] ??= new Set()).add(id)
  }
  // Declared examples first: the consultant knows which objects are whose.
  for (const ep of e.api?.endpoints ?? [])
    for (const [account, id] of Object.entries(ep.examples ?? {}))
      addId(account, normaliseTemplate(ep.path), id)
  // The crawl: every XHR/fetch of the single-page app, as each account.
  const apiHost = e.api ? new URL(e.api.base).host : undefined
  if (e.portal && sessions.size > 0) {
    const browser = await BrowserSession.launch(ctx.network, ctx.rec, { deadline: ctx.deadline })
    if (!browser.ok)
      facts.crawl.push({ account: '*', pages: [], calls: [], routes: {}, error: browser.error.message })
    else {
      try {
        // One context per account, crawled side by side; merged in the engagement's order.
        const crawls = await Promise.all(
          [...sessions].map(([account, session]) => crawlAs(ctx, browser.value, account, session)),
        )
        for (const crawl of crawls) {
          const account = crawl.account
          const { seen, ...rest } = crawl
          for (const s of seen) {
            const url = new URL(s.url)
            if (apiHost && url.host !== apiHost) continue
            const known = declared.find(
              (d) => d.method === s.method && idIn(d.template, url.pathname) !== undefined,
            )
            const template = known?.template ?? templateOf(url.pathname)
            const ep = merge(byKey, {
              method: s.method,
              template,
              sources: ['crawl'],
              protected: true,
              seenBy: [account],
              declared: false,
            })
            const key = endpointKey(ep.method, ep.template)
            rest.calls.push(`${s.method} ${s.url}`)
            const route = new URL(s.page).pathname
            const keys = (rest.routes[route] ??= [])
            if (!keys.includes(key)) keys.push(key)
            const id = idIn(ep.template, url.pathname)
            if (id) addId(account, ep.template, decodeURIComponent(id))
          }
          facts.crawl.push(rest)
        }
      } finally {
        await browser.value.close()
      }
    }
  }
  facts.endpoints = [...byKey.values()].sort(
    (a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method),
  )
  const harm = new HarmWatch()
  // Each account's own requests: lists first (they name the ids the account owns), then its objects.
  const reads = facts.endpoints.filter((ep) => ep.method === 'GET')
  const lists = reads.filter((ep) => !ep.template.includes('{id}'))
  const objects = reads.filter((ep) => ep.template.includes('{id}'))
  for (const [account, session] of sessions) {
    const role = e.accounts.find((a) => a.id === account)!.role
    for (const ep of lists.filter((x) => entitled(x, role))) {
      if (harm.reason) break
      const x = await send(ctx, pool, { as: account, endpoint: ep, headers: session.headers, active: false })
      facts.own.push(x)
      harm.see(x)
      if (x.status !== undefined && x.status < 300)
        // Objects listed under their collection's name in any answer (`projects: [{ id }]` for /projects/{id}).
        for (const obj of objects) {
          const collection = obj.template.split('/{id}')[0]!.split('/').at(-1)
          if (collection) for (const id of idsUnder(x.body, collection)) addId(account, obj.template, id)
        }
      if (x.status !== undefined && x.status < 300)
        for (const obj of objects.filter(
          (o) =>
            o.template.startsWith(`${ep.template}/`) &&
            o.template.split('/').length === ep.template.split('/').length + 1,
        ))
          for (const id of idsInJson(x.body)) addId(account, obj.template, id)
    }
    for (const ep of objects.filter((x) => entitled(x, role))) {
      for (const id of [...(ids[account]?.[ep.template] ?? [])].slice(0, IDS_PER_TEMPLATE)) {
        if (harm.reason) break
        const x = await send(ctx, pool, {
          as: account,
          endpoint: ep,
          id,
          owner: account,
          headers: session.headers,
          active: false,
        })
        facts.own.push(x)
        harm.see(x)
      }
    }
  }
  facts.ids = Object.fromEntries(
    Object.entries(ids).map(([a, t]) => [
      a,
      Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [...v].slice(0, IDS_PER_TEMPLATE)])),
    ]),
  )
  // Without credentials: every protected read, with one object of each owner that answered it.
  for (const ep of reads.filter((x) => x.protected)) {
    if (harm.reason) break
    if (!ep.template.includes('{id}')) {
      const x = await send(ctx, pool, { as: 'anonymous', endpoint: ep, active: false })
      facts.anonymous.push(x)
      harm.see(x)
      continue
    }
    const owned = facts.own.filter(
      (o) =>
        o.endpoint === endpointKey(ep.method, ep.template) &&
        o.status !== undefined &&
        o.status < 300 &&
        o.id !== undefined,
    )
    const byOwner = new Map(owned.map((o) => [o.as, o]))
    for (const o of byOwner.values()) {
      if (harm.reason) break
      const x = await send(ctx, pool, {
        as: 'anonymous',
        endpoint: ep,
        id: o.id!,
        owner: o.as,
        active: false,
      })
      facts.anonymous.push(x)
      harm.see(x)
    }
  }
  if (harm.reason) facts.stopped = harm.reason
  return { facts, sessions }
}
