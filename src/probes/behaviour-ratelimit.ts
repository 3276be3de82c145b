// `behaviour.rate-limit-login` and `behaviour.rate-limit-api` (active, consent `rate-limit`): failed sign-ins with a
// wrong password for a username that is no real account's, and a burst of one read as a signed-in account, one
// request after another within scope.maxRps and the budget. Each stops at the first answer that throttles, locks or
// challenges (429, 423, Retry-After, a CAPTCHA) — the 429 it looks for does not halt the run — or at a sign of harm
// (three server errors in a row). The first and the last answers are kept for the checks to judge by content.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { formBody, formsIn, hiddenValues, loginFormIn, withoutHiddenValues } from '../auth/login-form'
import { CookieJar, csrfTokenIn, fill } from '../auth/session'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import {
  fetchUrl,
  HttpPool,
  type HttpExchange,
  type HttpOutcome,
  type HttpRequestSpec,
} from '../network/http'
import { engagementRequest, type ProbeContext, type ProbeKind, type ProbeResult } from './probe'
import { AUTH } from '../auth/codes'
import { unanswered } from './identity-inventory'
import { PROBE } from './codes'

/** Bytes of each kept answer shown as text. */
const ANSWER_KEEP = 2 * 1024

/** One answer of the series, redacted. */
export interface BurstAnswer {
  /** 1-based position in the series. */
  n: number
  status?: number
  retryAfter?: string
  contentType?: string
  body?: string
  error?: string
}

/** Data of both rate-limit observations. */
export interface BurstFacts {
  /** `POST https://…/api/login` or `GET https://…/api/search?q=…` (redacted). */
  target: string
  /** Who the requests were made as: the probing username, or the account whose session carried them. */
  as: string
  /** How many requests the series was allowed. */
  planned: number
  sent: number
  first?: BurstAnswer
  /** The answer that throttled, locked or challenged, or (never throttled) the last one. */
  last?: BurstAnswer
  /** How the series ended. */
  ended: 'throttled' | 'completed' | 'harm' | 'error' | 'not-configured'
  /** Why: the throttling signal, the sign of harm or the error. */
  why?: string
  /** The code of a failure whose cause is coded (a sign-in, a credential: `isNoCredential`). */
  code?: string
}

const answer = z.strictObject({
  n: z.number().int().positive(),
  status: z.number().int().optional(),
  retryAfter: z.string().optional(),
  contentType: z.string().optional(),
  body: z.string().optional(),
  error: z.string().optional(),
})

/** Data schema of both rate-limit probes (fixtures are validated against it). */
export const burstFactsSchema = z.strictObject({
  target: z.string(),
  as: z.string(),
  planned: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  first: answer.optional(),
  last: answer.optional(),
  ended: z.enum(['throttled', 'completed', 'harm', 'error', 'not-configured']),
  why: z.string().optional(),
  code: z.string().optional(),
})

const CHALLENGE = /captcha|hcaptcha|turnstile|are you (a )?human|verify you are human/i
const LOCKED =
  /too many (failed )?(attempts|requests|sign-?ins|logins)|account (is |has been )?locked|temporarily (locked|blocked)|try again (later|in)/i

/** Why an answer throttles, locks or challenges, or undefined when it does not. */
export function throttleSignal(a: BurstAnswer): string | undefined {
  if (a.status === 429)
    return `answered 429 Too Many Requests${a.retryAfter ? ` (Retry-After ${a.retryAfter})` : ''}`
  if (a.status === 423) return 'answered 423 Locked'
  if (a.retryAfter) return `answered ${a.status} with Retry-After ${a.retryAfter}`
  const body = a.body ?? ''
  if (CHALLENGE.test(body)) return `answered ${a.status} with a CAPTCHA challenge`
  const locked = LOCKED.exec(body)
  if (locked) return `answered ${a.status} saying "${locked[0]}"`
  return undefined
}

type Spec = Omit<HttpRequestSpec, 'pool' | 'deadline'>

/**
 * What the next request of a series is: the same one each time, or one made afresh (a sign-in after reading the
 * login page's CSRF token); a page that throttles or fails already ends the series there.
 */
type NextRequest = (
  n: number,
  pool: HttpPool,
) => Promise<{ spec: Spec } | { ended: 'throttled' | 'error'; why: string; code?: string }>

/** The answer's facts, redacted; the values of hidden form fields (a fresh CSRF token) are blanked too. */
function answerOf(n: number, last: HttpExchange): BurstAnswer {
  return {
    n,
    status: last.status,
    ...(last.headers['retry-after'] ? { retryAfter: last.headers['retry-after'] } : {}),
    ...(last.headers['content-type'] ? { contentType: last.headers['content-type'] } : {}),
    ...(last.body !== undefined ? { body: withoutHiddenValues(last.body) } : {}),
  }
}

/** One request of a series: active, its answer kept, the 429 it looks for not halting the run. */
function send(ctx: ProbeContext, pool: HttpPool, spec: Spec): Promise<HttpOutcome> {
  return fetchUrl(
    ctx.network,
    { ...spec, keepBody: ANSWER_KEEP, active: true, throttleExpected: true, pool, deadline: ctx.deadline },
    ctx.rec,
  )
}

/** Sends up to `planned` requests one after another and stops at a throttle, a sign of harm or an error. */
async function series(
  ctx: ProbeContext,
  base: Pick<BurstFacts, 'target' | 'as' | 'planned'>,
  next: NextRequest,
): Promise<BurstFacts> {
  const facts: BurstFacts = { ...base, sent: 0, ended: 'completed' }
  const pool = new HttpPool(ctx.network, ctx.rec)
  let serverErrors = 0
  try {
    for (let n = 1; n <= base.planned; n++) {
      const made = await next(n, pool)
      if (!('spec' in made)) {
        facts.ended = made.ended
        facts.why = made.why
        if (made.code) facts.code = made.code
        return facts
      }
      const out = await send(ctx, pool, { ...made.spec, follow: false })
      const last = out.exchanges.at(-1)
      if (out.error || !last) {
        facts.last = { n, error: unanswered(out.error) }
        facts.ended = 'error'
        facts.why = facts.last.error
        return facts
      }
      facts.sent = n
      const a = answerOf(n, last)
      facts.first ??= a
      facts.last = a
      const signal = throttleSignal(a)
      if (signal) {
        facts.ended = 'throttled'
        facts.why = `request ${n} ${signal}`
        return facts
      }
      serverErrors = last.status >= 500 ? serverErrors + 1 : 0
      if (serverErrors >= 3) {
        facts.ended = 'harm'
        facts.why = `three server errors in a row (request ${n} answered ${last.status}): stopped`
        return facts
      }
    }
    return facts
  } finally {
    await pool.close()
  }
}

/** The username the failed sign-ins use: the declared one, else one no real account has. */
export function probingUsername(e: Engagement): string {
  return e.rateLimits?.login.username ?? `handover-rate-limit@${e.domains?.apex ?? 'example.invalid'}`
}

/** Failed sign-ins with a wrong password through the engagement's login: its API, or the form of its sign-in page. */
export const rateLimitLogin: ProbeKind<{ engagement: string }, BurstFacts> = {
  kind: 'behaviour.rate-limit-login',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_p, e) => e.net.totalMs * 6,
  async run(_params, ctx): Promise<ProbeResult<BurstFacts>> {
    const e = ctx.engagement
    const login = e.auth?.login
    const username = probingUsername(e)
    const planned = e.rateLimits?.login.attempts ?? 20
    const target = login ? `${login.method} ${ctx.network.redactor.url(login.url)}` : ''
    const base = { target, as: username, planned }
    const form = e.auth?.kind === 'form'
    if (!login || !(form || (e.auth?.kind === 'api' && (login.json || login.form))))
      return ok({
        ...base,
        sent: 0,
        ended: 'not-configured',
        why: 'failed sign-ins are sent through auth.login: an API login (auth.kind "api" with login.json or login.form, with or without login.csrf) or a sign-in page (auth.kind "form")',
      })
    if (e.accounts.some((a) => a.username === username))
      return ok({
        ...base,
        sent: 0,
        ended: 'not-configured',
        why: `rateLimits.login.username ${username} is a real account of the engagement; failed sign-ins would lock it out`,
      })
    // A wrong password made fresh for this run; it is no secret, but nobody's password either.
    const vars = { username, password: `wrong-${randomBytes(6).toString('hex')}` }
    const next: NextRequest =
      form || login.csrf
        ? (n, pool) => (form ? formSignIn(ctx, login, vars, n, pool) : csrfSignIn(ctx, login, vars, n, pool))
        : () => Promise.resolve({ spec: apiSignIn(login, vars) })
    return ok(await series(ctx, base, next))
  },
}

type Login = NonNullable<NonNullable<Engagement['auth']>['login']>
type Vars = { username: string; password: string }

const SIGN_IN_ACCEPT = 'application/json, text/html;q=0.8'

/** The API sign-in, its body from login.json or login.form. */
function apiSignIn(login: Login, vars: Vars & { csrf?: string }, headers: Record<string, string> = {}): Spec {
  return {
    url: login.url,
    method: login.method,
    headers: {
      'content-type': login.json ? 'application/json' : 'application/x-www-form-urlencoded',
      accept: SIGN_IN_ACCEPT,
      ...headers,
    },
    body: login.json
      ? JSON.stringify(fill(login.json, vars))
      : new URLSearchParams(fill(login.form ?? {}, vars)).toString(),
  }
}

/**
 * Reads the login page afresh, as a new visitor: its cookies go into a jar of this attempt only and are taught to
 * the redactor; a page that already throttles (429, Retry-After, a CAPTCHA) ends the series as throttled.
 */
async function loginPage(
  ctx: ProbeContext,
  url: string,
  n: number,
  pool: HttpPool,
): Promise<
  { body: string; url: string; jar: CookieJar } | { ended: 'throttled' | 'error'; why: string; code?: string }
> {
  const page = await send(ctx, pool, { url, follow: true, capture: true })
  const last = page.exchanges.at(-1)
  if (page.error || !last || !page.captured)
    return {
      ended: 'error',
      why: `reading the login page ${ctx.network.redactor.url(url)} before sign-in ${n} failed: ${unanswered(page.error)}`,
      ...(page.error ? { code: page.error.code } : {}),
    }
  const signal = throttleSignal(answerOf(n, last))
  if (signal) return { ended: 'throttled', why: `the login page before sign-in ${n} ${signal}` }
  const jar = new CookieJar()
  jar.take(page.captured.setCookies, ctx.network, 'rate-limit-cookie')
  // The form's action is resolved against where the page ended (its redacted URL only when it names nothing secret).
  return { body: page.captured.body, url: last.url.includes('[redacted') ? url : last.url, jar }
}

/** An API sign-in after reading the CSRF token (and its cookie) from the login page, afresh for each attempt. */
async function csrfSignIn(
  ctx: ProbeContext,
  login: Login,
  vars: Vars,
  n: number,
  pool: HttpPool,
): ReturnType<NextRequest> {
  const csrf = login.csrf!
  const pageUrl = csrf.page ?? login.url
  const page = await loginPage(ctx, pageUrl, n, pool)
  if (!('body' in page)) return page
  const token = csrfTokenIn(page.body, csrf.field)
  if (!token)
    return {
      ended: 'error',
      code: AUTH.NO_CSRF,
      why: `auth.login.csrf.field "${csrf.field}" is not on ${ctx.network.redactor.url(pageUrl)} (no input or meta tag of that name)`,
    }
  ctx.network.redactor.addSecret(token, 'rate-limit-csrf')
  const headers: Record<string, string> = {}
  if (csrf.header) headers[csrf.header.toLowerCase()] = token
  if (page.jar.values.size) headers.cookie = page.jar.header()
  return { spec: apiSignIn(login, { ...vars, csrf: token }, headers) }
}

/** The sign-in page's own form, posted as a browser would (hidden fields included), read afresh for each attempt. */
async function formSignIn(
  ctx: ProbeContext,
  login: Login,
  vars: Vars,
  n: number,
  pool: HttpPool,
): ReturnType<NextRequest> {
  const page = await loginPage(ctx, login.url, n, pool)
  if (!('body' in page)) return page
  const found = loginFormIn(formsIn(page.body, page.url), login.selectors)
  if (!found)
    return {
      ended: 'error',
      code: PROBE.RATE_LIMIT_NO_FORM,
      why: `${ctx.network.redactor.url(login.url)} has no sign-in form in its HTML (a form with a password field); a page that builds its form with script cannot be posted without a browser`,
    }
  for (const value of hiddenValues(found.form)) ctx.network.redactor.addSecret(value, 'rate-limit-form-field')
  const body = formBody(
    found.form,
    { [found.username.name]: vars.username, [found.password.name]: vars.password },
    login.selectors?.submit,
  )
  return {
    spec: {
      url: found.form.method === 'GET' ? withQuery(found.form.action, body) : found.form.action,
      method: found.form.method,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: SIGN_IN_ACCEPT,
        ...(page.jar.values.size ? { cookie: page.jar.header() } : {}),
      },
      ...(found.form.method === 'POST' ? { body: body.toString() } : {}),
    },
  }
}

function withQuery(url: string, body: URLSearchParams): string {
  const u = new URL(url)
  u.search = body.toString()
  return u.toString()
}

/** A burst of one read as a signed-in account. */
export const rateLimitApi: ProbeKind<{ engagement: string }, BurstFacts> = {
  kind: 'behaviour.rate-limit-api',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_p, e) => e.net.totalMs * 6,
  async run(_params, ctx): Promise<ProbeResult<BurstFacts>> {
    const e = ctx.engagement
    const api = e.rateLimits?.api
    const account = api?.account ?? e.accounts[0]?.id ?? 'anonymous'
    const planned = api?.burst ?? 0
    const target = api ? `GET ${ctx.network.redactor.url(api.url)}` : ''
    if (!api)
      return ok({
        target,
        as: account,
        planned,
        sent: 0,
        ended: 'not-configured',
        why: 'rateLimits.api is not set',
      })
    let headers: Record<string, string> = {}
    if (account !== 'anonymous') {
      const session = await ctx.sessions.get(account, ctx.rec)
      if (!session.ok)
        return ok({
          target,
          as: account,
          planned,
          sent: 0,
          ended: 'error',
          why: `${account} could not sign in: ${session.error.message}`,
          code: session.error.code,
        })
      headers = session.value.headers
    }
    return ok(
      await series(ctx, { target, as: account, planned }, () =>
        Promise.resolve({
          spec: { url: api.url, method: 'GET', headers: { accept: 'application/json', ...headers } },
        }),
      ),
    )
  },
}

/** The request for the run's `behaviour.rate-limit-login` observation. */
export const rateLimitLoginOf = engagementRequest(rateLimitLogin.kind)
/** The request for the run's `behaviour.rate-limit-api` observation. */
export const rateLimitApiOf = engagementRequest(rateLimitApi.kind)
