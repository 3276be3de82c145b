// `browser.session-storage` (passive, authz.session-cookies): each account signs in for real in a fresh Chromium
// context — the engagement's browser sign-in (flows.signIn, or auth.kind form), after opening the portal's home
// page as a visitor would — or, without one, through src/auth/session.ts with the portal then opened carrying the
// session. What the browser then holds is described without any value: every cookie with the attributes its
// Set-Cookie line gave (Chromium reports a missing SameSite as Lax, so the line is what is judged), and every
// localStorage and sessionStorage entry by shape (this run's session token, a JWT, a token-shaped value).
import { z } from 'zod'
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { BrowserSession, type AuditContext, type CookieFacts, type StoredValue } from '../network/browser'
import { actionTimeout, browserSignIn, firstLine, signInOn } from './flows-browser'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { SESSION_STORAGE } from './codes'

/** A cookie the browser holds after sign-in, as its Set-Cookie line set it; the value only masked. */
export interface SeenCookie {
  name: string
  /** The jar's domain: `app.acme.test` for a host-only cookie, `.acme.test` for one with a Domain attribute. */
  domain: string
  path: string
  hostOnly: boolean
  secure: boolean
  httpOnly: boolean
  /** As the Set-Cookie line said it; `absent` when it said nothing (Chromium then treats it as Lax). */
  sameSite: 'Strict' | 'Lax' | 'None' | 'absent'
  /** The Set-Cookie line, value redacted, when a response set it (absent for one written by a script). */
  line?: string
  /** Where the line came from (a redacted URL). */
  setBy?: string
  masked: string
  length: number
}

/** A Web Storage entry after sign-in, by shape. */
export interface StorageEntry {
  storage: 'localStorage' | 'sessionStorage'
  origin: string
  name: string
  shape: StoredValue['shape']
  length: number
  masked: string
}

/** One account's sign-in and what the browser held afterwards. */
export interface AccountStorage {
  account: string
  ok: boolean
  error?: { code: string; message: string }
  /** How the account signed in: in the browser, or through the API with the portal opened afterwards. */
  via: 'browser' | 'api'
  /** The page the browser was on when storage was read (redacted). */
  landed?: string
  cookies: SeenCookie[]
  storage: StorageEntry[]
}

/** Data of the `browser.session-storage` observation. */
export interface SessionStorageFacts {
  accounts: AccountStorage[]
}

const shape = z.enum(['known-secret', 'jwt', 'token', 'json-token', 'text', 'empty'])

/** Data schema of the `browser.session-storage` observation (fixtures are validated against it). */
export const sessionStorageFactsSchema = z.strictObject({
  accounts: z.array(
    z.strictObject({
      account: z.string(),
      ok: z.boolean(),
      error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
      via: z.enum(['browser', 'api']),
      landed: z.string().optional(),
      cookies: z.array(
        z.strictObject({
          name: z.string(),
          domain: z.string(),
          path: z.string(),
          hostOnly: z.boolean(),
          secure: z.boolean(),
          httpOnly: z.boolean(),
          sameSite: z.enum(['Strict', 'Lax', 'None', 'absent']),
          line: z.string().optional(),
          setBy: z.string().optional(),
          masked: z.string(),
          length: z.number().int().nonnegative(),
        }),
      ),
      storage: z.array(
        z.strictObject({
          storage: z.enum(['localStorage', 'sessionStorage']),
          origin: z.string(),
          name: z.string(),
          shape,
          length: z.number().int().nonnegative(),
          masked: z.string(),
        }),
      ),
    }),
  ),
})

/** The accounts that can sign in: those with a password (browser or API) or a token (static credentials). */
function accountsOf(e: Engagement): string[] {
  return e.accounts.filter((a) => a.password || (e.auth?.kind === 'static' && a.token)).map((a) => a.id)
}

/** The request of the probe, or none when no account can sign in. */
export function sessionStorageOf(e: Engagement): ProbeRequest | undefined {
  const accounts = accountsOf(e)
  if (accounts.length === 0 || (!browserSignIn(e) && !e.auth)) return undefined
  return request('browser.session-storage', 'sessions', { accounts })
}

/** The attributes of one redacted Set-Cookie line. */
export function cookieAttributes(line: string): {
  name: string
  secure: boolean
  httpOnly: boolean
  sameSite: SeenCookie['sameSite']
  domain?: string
} {
  const [pair = '', ...attrs] = line.split(';')
  const name = pair.slice(0, Math.max(0, pair.indexOf('='))).trim()
  const out = { name, secure: false, httpOnly: false, sameSite: 'absent' as SeenCookie['sameSite'] }
  let domain: string | undefined
  for (const attr of attrs) {
    const [key = '', ...rest] = attr.split('=')
    const k = key.trim().toLowerCase()
    const v = rest.join('=').trim()
    if (k === 'secure') out.secure = true
    else if (k === 'httponly') out.httpOnly = true
    else if (k === 'samesite') {
      const s = v.toLowerCase()
      out.sameSite = s === 'strict' ? 'Strict' : s === 'lax' ? 'Lax' : s === 'none' ? 'None' : 'absent'
    } else if (k === 'domain' && v) domain = v.replace(/^\./, '').toLowerCase()
  }
  return domain ? { ...out, domain } : out
}

/** True when `host` is the cookie's domain or under it. */
function domainMatches(host: string, domain: string): boolean {
  const d = domain.replace(/^\./, '').toLowerCase()
  return host === d || host.endsWith(`.${d}`)
}

/** The jar's cookies joined with the last Set-Cookie line of a response that set each. */
export function seenCookies(
  jar: readonly CookieFacts[],
  responses: readonly { url: string; setCookies?: string[] }[],
): SeenCookie[] {
  return jar.map((c): SeenCookie => {
    let line: { line: string; url: string } | undefined
    for (const r of responses) {
      let host: string
      try {
        host = new URL(r.url).hostname
      } catch {
        continue
      }
      if (!domainMatches(host, c.domain)) continue
      for (const l of r.setCookies ?? [])
        if (cookieAttributes(l).name === c.name) line = { line: l, url: r.url }
    }
    const attrs = line ? cookieAttributes(line.line) : undefined
    return {
      name: c.name,
      domain: c.domain,
      path: c.path,
      hostOnly: !c.domain.startsWith('.'),
      secure: attrs ? attrs.secure : c.secure,
      httpOnly: attrs ? attrs.httpOnly : c.httpOnly,
      sameSite: attrs ? attrs.sameSite : c.sameSite,
      ...(line ? { line: line.line, setBy: line.url } : {}),
      masked: c.value.masked,
      length: c.value.length,
    }
  })
}

/** What a context holds now: cookies with their lines, and every Web Storage entry of an in-scope origin. */
async function holdings(
  context: AuditContext,
  ctx: ProbeContext,
): Promise<Pick<AccountStorage, 'cookies' | 'storage'>> {
  const state = await context.storage()
  const inScope = (origin: string): boolean => {
    try {
      return ctx.network.scope.allows(new URL(origin).hostname)
    } catch {
      return false
    }
  }
  const storage: StorageEntry[] = []
  for (const kind of ['localStorage', 'sessionStorage'] as const)
    for (const o of state[kind])
      if (inScope(o.origin))
        for (const e of o.entries)
          storage.push({
            storage: kind,
            origin: o.origin,
            name: e.name,
            shape: e.shape,
            length: e.length,
            masked: e.masked,
          })
  return { cookies: seenCookies(state.cookies, context.requests), storage }
}

async function settle(context: AuditContext, ctx: ProbeContext): Promise<string | undefined> {
  const page = context.context.pages().at(-1)
  if (!page) return undefined
  await page
    .waitForLoadState('networkidle', { timeout: Math.min(3000, actionTimeout(ctx.deadline)) })
    .catch(() => undefined)
  return ctx.network.redactor.url(page.url())
}

async function inBrowser(context: AuditContext, ctx: ProbeContext, account: string): Promise<AccountStorage> {
  const base = { account, via: 'browser' as const, cookies: [], storage: [] }
  const page = await context.newPage()
  const home = ctx.engagement.portal?.url
  if (home) {
    // A visitor's cookies come first: the session cookie of a portal is often handed out on its home page.
    try {
      await page.goto(home, { waitUntil: 'load', timeout: actionTimeout(ctx.deadline) })
    } catch (err) {
      return {
        ...base,
        ok: false,
        error: {
          code: SESSION_STORAGE.PAGE,
          message: `opening ${ctx.network.redactor.url(home)} failed: ${ctx.network.redactor.text(firstLine(err))}`,
        },
      }
    }
  }
  const signed = await signInOn(page, context, ctx, account)
  if (!signed.ok) return { ...base, ok: false, error: signed.error }
  const landed = await settle(context, ctx)
  return { ...base, ok: true, ...(landed ? { landed } : {}), ...(await holdings(context, ctx)) }
}

async function throughApi(
  browser: BrowserSession,
  ctx: ProbeContext,
  account: string,
): Promise<AccountStorage> {
  const base = { account, via: 'api' as const, cookies: [], storage: [] }
  const session = await ctx.sessions.get(account, ctx.rec)
  if (!session.ok) return { ...base, ok: false, error: session.error }
  // The sign-in's own Set-Cookie lines (already redacted) say how the session cookie is set.
  const lines = (session.value.exchanges ?? []).map((x) => ({
    url: x.url,
    setCookies: x.headers['set-cookie']?.split('\n') ?? [],
  }))
  const fromLogin = lines.flatMap((r) =>
    r.setCookies.map((line): SeenCookie => {
      const a = cookieAttributes(line)
      const host = new URL(r.url).hostname
      return {
        name: a.name,
        domain: a.domain ? `.${a.domain}` : host,
        path: /;\s*path=([^;]*)/i.exec(line)?.[1]?.trim() ?? '/',
        hostOnly: !a.domain,
        secure: a.secure,
        httpOnly: a.httpOnly,
        sameSite: a.sameSite,
        line,
        setBy: r.url,
        masked: '(redacted)',
        length: 0,
      }
    }),
  )
  const home = ctx.engagement.portal?.url
  if (!home) return { ...base, ok: true, cookies: fromLogin }
  const context = await browser.newContext({ rec: ctx.rec, headers: session.value.headers })
  if (!context.ok) return { ...base, ok: false, error: context.error }
  try {
    const visit = await context.value.visit(home, 3000)
    if (!visit.ok) return { ...base, ok: false, error: visit.error }
    const held = await holdings(context.value, ctx)
    const names = new Set(held.cookies.map((c) => c.name))
    return {
      ...base,
      ok: true,
      landed: visit.value.url,
      cookies: [...held.cookies, ...fromLogin.filter((c) => !names.has(c.name))],
      storage: held.storage,
    }
  } finally {
    await context.value.close()
  }
}

/** Each account signed in for real, and what its browser held afterwards, without a value. */
export const browserSessionStorage: ProbeKind<{ accounts: string[] }, SessionStorageFacts> = {
  kind: 'browser.session-storage',
  subject: () => 'sessions',
  timeLimitMs: (p, e) => Math.max(90_000, e.net.totalMs * 3 * p.accounts.length),
  async run({ accounts }, ctx): Promise<ProbeResult<SessionStorageFacts>> {
    const viaBrowser = !!browserSignIn(ctx.engagement)
    if (!viaBrowser && !ctx.engagement.auth)
      return failure(SESSION_STORAGE.NOT_CONFIGURED, 'handover.json: neither flows.signIn nor auth is set.')
    const browser = await BrowserSession.launch(ctx.network, ctx.rec, { deadline: ctx.deadline })
    if (!browser.ok) return browser
    try {
      const out: AccountStorage[] = []
      for (const account of accounts) {
        if (!viaBrowser) {
          out.push(await throughApi(browser.value, ctx, account))
          continue
        }
        const context = await browser.value.newContext({ rec: ctx.rec })
        if (!context.ok) return context
        try {
          out.push(await inBrowser(context.value, ctx, account))
        } finally {
          await context.value.close()
        }
      }
      return ok({ accounts: out })
    } finally {
      await browser.value.close()
    }
  },
}
