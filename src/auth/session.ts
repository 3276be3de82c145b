// Signing in as an engagement account: the password is read from the keychain at the moment of use,
// taught to the redactor, and the session material (token, cookies) lives only in memory.
// Kinds: `api` (JSON or form POST; a token at a dotted path, or session cookies, optionally after a CSRF token
// read from the login page and a chain of redirects), `form` (the login page driven in Chromium), `basic`, `static`.
import { failure, ok, type Result } from '../core/result'
import type { Engagement } from '../engagement/load'
import { resolveRef, type CredentialStore } from '../keychain/keychain'
import { BrowserSession } from '../network/browser'
import { fetchUrl, type HttpExchange } from '../network/http'
import type { Network, Recorder } from '../network/network'
import { AUTH } from './codes'
import type { SessionCode } from './codes'

/** How long the server says a session lasts; read from the login answer, never holding the token itself. */
export interface SessionLifetime {
  /** Where the lifetime was read: a JWT `exp`, a cookie's Max-Age/Expires, an `expires_in` field, or nowhere. */
  source: 'token-exp' | 'cookie-max-age' | 'cookie-expires' | 'expires-in' | 'none'
  /** Seconds from sign-in to expiry; absent when the session has no stated end. */
  seconds?: number
  /** The cookie or field the lifetime was read from (a name, never a value). */
  from?: string
}

/** An authenticated session: headers to add to requests. Never serialised. */
export interface Session {
  account: string
  headers: Record<string, string>
  /** The session's stated lifetime (authz.session-expiry); absent for basic and static credentials. */
  lifetime?: SessionLifetime
  /** The sign-in exchanges, already redacted (evidence of how the session was obtained). */
  exchanges?: HttpExchange[]
}

/** Reads a dotted path (`data.session.token`) from a JSON value. */
export function pick(value: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    )
}

/** The login body's template with `{username}`, `{password}` and `{csrf}` filled in. */
export function fill(template: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template).map(([k, v]) => [
      k,
      v.replace(/\{(username|password|csrf)\}/g, (_, name: string) => vars[name] ?? ''),
    ]),
  )
}

/** A small cookie jar: name → value, in memory only (the lab and most portals scope cookies to one site). */
export class CookieJar {
  readonly values = new Map<string, string>()
  readonly lines: string[] = []

  take(setCookies: readonly string[], network: Network, label: string): void {
    for (const line of setCookies) {
      const pair = line.split(';')[0] ?? ''
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (/;\s*max-age=0\b/i.test(line) || value === '') {
        this.values.delete(name)
        continue
      }
      network.redactor.addSecret(value, label)
      this.values.set(name, value)
      this.lines.push(line)
    }
  }

  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** Seconds until a JWT's `exp`, or undefined for a token that is not a JWT or has no `exp`. */
export function jwtLifetime(token: string, now = Date.now()): { exp?: number; iat?: number } | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as {
      exp?: unknown
      iat?: unknown
    }
    if (!payload || typeof payload !== 'object') return undefined
    const out: { exp?: number; iat?: number } = {}
    if (typeof payload.exp === 'number') out.exp = payload.exp
    out.iat = typeof payload.iat === 'number' ? payload.iat : Math.floor(now / 1000)
    return out
  } catch {
    return undefined
  }
}

/** The lifetime a set of Set-Cookie lines states for the session cookie(s): the longest one. */
export function cookieLifetime(setCookies: readonly string[], now = Date.now()): SessionLifetime {
  let best: SessionLifetime | undefined
  for (const line of setCookies) {
    const name = (line.split(';')[0] ?? '').split('=')[0]?.trim() ?? ''
    const maxAge = /;\s*max-age=(-?\d+)/i.exec(line)?.[1]
    const expires = /;\s*expires=([^;]+)/i.exec(line)?.[1]
    let found: SessionLifetime
    if (maxAge !== undefined) found = { source: 'cookie-max-age', seconds: Number(maxAge), from: name }
    else if (expires && !Number.isNaN(Date.parse(expires)))
      found = {
        source: 'cookie-expires',
        seconds: Math.round((Date.parse(expires) - now) / 1000),
        from: name,
      }
    // A cookie without either ends with the browser, not on the server: no bounded lifetime is stated.
    else return { source: 'none', from: name }
    if (!best || (found.seconds ?? 0) > (best.seconds ?? 0)) best = found
  }
  return best ?? { source: 'none' }
}

function tokenLifetime(token: string, json: unknown): SessionLifetime {
  const jwt = jwtLifetime(token)
  if (jwt?.exp !== undefined && jwt.iat !== undefined)
    return { source: 'token-exp', seconds: jwt.exp - jwt.iat, from: 'exp' }
  for (const path of ['expires_in', 'expiresIn']) {
    const found = findKey(json, path)
    if (typeof found === 'number') return { source: 'expires-in', seconds: found, from: path }
  }
  return { source: 'none' }
}

/** The first value of `key` anywhere in a JSON value (the login answer's nesting varies by portal). */
function findKey(value: unknown, key: string, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 4) return undefined
  const record = value as Record<string, unknown>
  if (key in record) return record[key]
  for (const v of Object.values(record)) {
    const found = findKey(v, key, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

const INPUT_TAG = /<input\b[^>]*>/gi
const META_TAG = /<meta\b[^>]*>/gi

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  return m ? (m[2] ?? m[3] ?? m[4]) : undefined
}

/** The CSRF token a login page carries in `<input name=FIELD value=…>` or `<meta name=FIELD content=…>`. */
export function csrfTokenIn(html: string, field: string): string | undefined {
  for (const tag of html.match(INPUT_TAG) ?? [])
    if (attribute(tag, 'name') === field) return attribute(tag, 'value')
  for (const tag of html.match(META_TAG) ?? [])
    if (attribute(tag, 'name') === field) return attribute(tag, 'content')
  return undefined
}

/** True when an HTML page is a sign-in form (a password field): a failed form login often answers 200 with it. */
export function isLoginForm(body: string | undefined): boolean {
  return /<input\b[^>]*type\s*=\s*["']?password/i.test(body ?? '')
}

/** Signs in as `accountId` with the engagement's `auth` settings. */
export async function openSession(
  network: Network,
  engagement: Engagement,
  accountId: string,
  credentials: CredentialStore,
  rec: Recorder,
): Promise<Result<Session, SessionCode>> {
  const account = engagement.accounts.find((a) => a.id === accountId)
  if (!account) return failure(AUTH.ACCOUNT, `handover.json: accounts has no account "${accountId}".`)
  const auth = engagement.auth
  if (!auth) return failure(AUTH.NOT_CONFIGURED, 'handover.json: auth is not set, so no account can sign in.')
  if (auth.kind === 'static') {
    if (!account.token)
      return failure(
        AUTH.NOT_CONFIGURED,
        `handover.json: accounts.${accountId}.token is required for auth.kind static.`,
      )
    const token = await resolveRef(account.token, credentials, network.redactor)
    if (!token.ok) return token
    const lifetime = jwtLifetime(token.value)?.exp !== undefined ? tokenLifetime(token.value, {}) : undefined
    return ok({
      account: accountId,
      headers: carry(auth.carry, token.value),
      ...(lifetime ? { lifetime } : {}),
    })
  }
  if (!account.password)
    return failure(
      AUTH.NOT_CONFIGURED,
      `handover.json: accounts.${accountId}.password is required to sign in.`,
    )
  if ((auth.kind === 'api' || auth.kind === 'form') && !auth.login)
    return failure(AUTH.NOT_CONFIGURED, `handover.json: auth.login is required for auth.kind ${auth.kind}.`)
  // The password is read only now, at the moment of use, and the redactor learns it before anything is sent.
  const password = await resolveRef(account.password, credentials, network.redactor)
  if (!password.ok) return password
  if (auth.kind === 'basic') {
    const basic = Buffer.from(`${account.username}:${password.value}`).toString('base64')
    network.redactor.addSecret(basic, `${accountId}-basic`)
    return ok({ account: accountId, headers: { authorization: `Basic ${basic}` } })
  }
  const attempt: SignInAttempt = {
    network,
    engagement,
    accountId,
    username: account.username,
    password: password.value,
    rec,
  }
  return auth.kind === 'form' ? formLogin(attempt) : apiLogin(attempt)
}

type Login = NonNullable<NonNullable<Engagement['auth']>['login']>

/** One api or form sign-in, with the password already read from the keychain. */
interface SignInAttempt {
  network: Network
  engagement: Engagement
  accountId: string
  username: string
  password: string
  rec: Recorder
}

async function apiLogin(attempt: SignInAttempt): Promise<Result<Session, SessionCode>> {
  const { network, engagement, accountId, username, password, rec } = attempt
  const auth = engagement.auth!
  const login: Login = auth.login!
  const jar = new CookieJar()
  const exchanges: HttpExchange[] = []
  const vars: Record<string, string> = { username, password }
  if (login.csrf) {
    // The login page hands out the CSRF token (and usually a cookie it is bound to).
    const pageUrl = login.csrf.page ?? login.url
    const page = await fetchUrl(network, { url: pageUrl, follow: true, capture: true }, rec)
    exchanges.push(...page.exchanges)
    if (page.error || !page.captured)
      return failure(
        page.error?.code ?? AUTH.FAILED,
        `reading the CSRF token for ${accountId} from ${pageUrl} failed: ${page.error?.message ?? 'no answer'}`,
      )
    jar.take(page.captured.setCookies, network, `${accountId}-session`)
    const token = csrfTokenIn(page.captured.body, login.csrf.field)
    if (!token)
      return failure(
        AUTH.NO_CSRF,
        `handover.json: auth.login.csrf.field "${login.csrf.field}" is not on ${pageUrl} (no input or meta tag of that name).`,
      )
    network.redactor.addSecret(token, `${accountId}-csrf`)
    vars.csrf = token
  }
  const body = login.json
    ? JSON.stringify(fill(login.json, vars))
    : new URLSearchParams(fill(login.form ?? {}, vars)).toString()
  const headers: Record<string, string> = {
    'content-type': login.json ? 'application/json' : 'application/x-www-form-urlencoded',
  }
  if (login.csrf?.header && vars.csrf) headers[login.csrf.header.toLowerCase()] = vars.csrf
  if (jar.values.size) headers.cookie = jar.header()
  // Cookies the login page set (a CSRF cookie) say nothing of the session's lifetime.
  const sessionLines = jar.lines.length
  let outcome = await fetchUrl(
    network,
    { url: login.url, method: login.method, headers, body, follow: false, capture: true },
    rec,
  )
  exchanges.push(...outcome.exchanges)
  let last = outcome.exchanges.at(-1)
  if (outcome.error || !last)
    return failure(
      outcome.error?.code ?? AUTH.FAILED,
      `signing in as ${accountId} failed: ${outcome.error?.message ?? 'no answer'}`,
    )
  jar.take(outcome.captured?.setCookies ?? [], network, `${accountId}-session`)
  const firstCaptured = outcome.captured
  // A redirect-based login sets its cookie somewhere along a chain of redirects: follow it, carrying the jar.
  let url = login.url
  for (let hop = 0; hop < network.settings.maxRedirects && last.status >= 300 && last.status < 400; hop++) {
    const location = last.headers.location ? rawLocation(outcome, last) : undefined
    if (!location) break
    url = new URL(location, url).toString()
    outcome = await fetchUrl(
      network,
      { url, headers: jar.values.size ? { cookie: jar.header() } : {}, follow: false, capture: true },
      rec,
    )
    exchanges.push(...outcome.exchanges)
    const next = outcome.exchanges.at(-1)
    if (outcome.error || !next) break
    last = next
    jar.take(outcome.captured?.setCookies ?? [], network, `${accountId}-session`)
  }
  const password_ = engagement.accounts.find((a) => a.id === accountId)?.password
  if (last.status >= 400)
    return failure(
      AUTH.REJECTED,
      `signing in as ${accountId} was refused (HTTP ${last.status}); check the keychain value of ${password_}.`,
    )
  if (login.successPrefix && !url.startsWith(login.successPrefix) && last.status < 300)
    return failure(
      AUTH.REJECTED,
      `signing in as ${accountId} did not reach ${login.successPrefix} (it ended at ${network.redactor.url(url)}); check the keychain value of ${password_}.`,
    )
  if (auth.carry === 'cookie' || !login.token) {
    if (jar.values.size === 0 || (last.status === 200 && isLoginForm(outcome.captured?.body)))
      return failure(
        AUTH.NO_SESSION,
        `signing in as ${accountId} returned no session cookie (is the password in ${password_} right?).`,
      )
    return ok({
      account: accountId,
      headers: { cookie: jar.header() },
      lifetime: cookieLifetime(jar.lines.length > sessionLines ? jar.lines.slice(sessionLines) : jar.lines),
      exchanges,
    })
  }
  let json: unknown
  try {
    json = JSON.parse(firstCaptured?.body ?? '')
  } catch {
    return failure(AUTH.NO_TOKEN, `signing in as ${accountId} did not answer JSON.`)
  }
  const token = pick(json, login.token)
  if (typeof token !== 'string' || token.length === 0)
    return failure(AUTH.NO_TOKEN, `signing in as ${accountId} gave no token at "${login.token}".`)
  network.redactor.addSecret(token, `${accountId}-token`)
  return ok({
    account: accountId,
    headers: { ...carry(auth.carry, token), ...(jar.values.size ? { cookie: jar.header() } : {}) },
    lifetime: tokenLifetime(token, json),
    exchanges,
  })
}

/** The Location of the last hop, unredacted: the redacted header is evidence, the raw one is where to go. */
function rawLocation(outcome: { captured?: { location?: string } }, last: HttpExchange): string | undefined {
  return outcome.captured?.location ?? last.headers.location
}

async function formLogin(attempt: SignInAttempt): Promise<Result<Session, SessionCode>> {
  const { network, engagement, accountId, username, password, rec } = attempt
  const login: Login = engagement.auth!.login!
  const selectors = login.selectors
  if (!selectors)
    return failure(
      AUTH.NOT_CONFIGURED,
      'handover.json: auth.login.selectors (username, password, submit) are required for auth.kind form.',
    )
  const deadline = network.deadline()
  const browser = await BrowserSession.launch(network, rec, { deadline })
  if (!browser.ok)
    return failure(AUTH.BROWSER, `signing in as ${accountId} needs Chromium: ${browser.error.message}`)
  try {
    const context = await browser.value.newContext({ rec })
    if (!context.ok) return context
    const visit = await context.value.visit(login.url, 500)
    if (!visit.ok) return visit
    const page = visit.value.page
    // Cookies the login page set before signing in (a CSRF cookie) are not the session.
    const before = new Set((await context.value.context.cookies()).map((c) => `${c.name}=${c.value}`))
    const timeout = Math.max(1000, deadline - Date.now())
    try {
      await page.fill(selectors.username, username, { timeout })
      await page.fill(selectors.password, password, { timeout })
      await Promise.all([
        page.waitForLoadState('load', { timeout }).catch(() => undefined),
        page.click(selectors.submit, { timeout }),
      ])
      if (login.successPrefix)
        await page.waitForURL((u) => u.toString().startsWith(login.successPrefix!), { timeout })
      else await page.waitForLoadState('networkidle', { timeout }).catch(() => undefined)
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      return failure(
        AUTH.REJECTED,
        `signing in as ${accountId} in the browser did not succeed${login.successPrefix ? ` (never reached ${login.successPrefix})` : ''}: ${network.redactor.text(message)}`,
      )
    }
    const cookies = await context.value.context.cookies()
    if (cookies.length === 0)
      return failure(AUTH.NO_SESSION, `signing in as ${accountId} in the browser set no cookie.`)
    for (const c of cookies) network.redactor.addSecret(c.value, `${accountId}-session`)
    const now = Date.now() / 1000
    const made = cookies.filter((c) => !before.has(`${c.name}=${c.value}`))
    const session = made.length ? made : cookies
    const endless = session.find((c) => c.expires === -1)
    const longest = session.reduce((a, c) => (c.expires > a.expires ? c : a))
    const lifetime: SessionLifetime = endless
      ? { source: 'none', from: endless.name }
      : { source: 'cookie-expires', seconds: Math.round(longest.expires - now), from: longest.name }
    return ok({
      account: accountId,
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      lifetime,
    })
  } finally {
    await browser.value.close()
  }
}

/** Signs out of a session with the engagement's `auth.logout` (the session itself stays in memory). */
export async function closeSession(
  network: Network,
  engagement: Engagement,
  session: Session,
  rec: Recorder,
  active = true,
): Promise<Result<HttpExchange | undefined, SessionCode>> {
  const logout = engagement.auth?.logout
  if (!logout) return ok(undefined)
  const outcome = await fetchUrl(
    network,
    { url: logout.url, method: logout.method, headers: session.headers, follow: false, active },
    rec,
  )
  const last = outcome.exchanges.at(-1)
  if (outcome.error || !last)
    return failure(
      outcome.error?.code ?? AUTH.FAILED,
      `signing ${session.account} out failed: ${outcome.error?.message ?? 'no answer'}`,
    )
  return ok(last)
}

function carry(kind: 'bearer' | 'cookie', token: string): Record<string, string> {
  return kind === 'bearer' ? { authorization: `Bearer ${token}` } : { cookie: token }
}
