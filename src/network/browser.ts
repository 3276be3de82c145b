// The one headless browser of the engine: Chromium (playwright-core) whose every connection goes through the
// network layer. Each context gets its own ScopedProxy (browser-proxy.ts), so a page's tunnels land in that
// context's transcript and count against the budget; Chromium never resolves a name itself
// (--host-resolver-rules), and its own background traffic goes to a proxy that refuses everything.
//
// Use:
//   const browser = await BrowserSession.launch(ctx.network, ctx.rec, { deadline: ctx.deadline })
//   if (!browser.ok) return browser
//   const account = await browser.value.newContext({ rec: ctx.rec })   // one fresh context per account
//   const visit = await account.value.visit('https://app.acme.test/')
//   … account.value.requests, .console, await .storage() …
//   await browser.value.close()                                         // always, in a finally
// Everything collected is already redacted. The raw playwright `context` is there to drive pages (click, fill);
// values read through it are secrets: register them with network.redactor. Do not use `context.request`: it is
// Playwright's own Node HTTP client, not the browser.
import { createHash, X509Certificate } from 'node:crypto'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core'
import { failure, ok, type Result } from '../core/result'
import { NET } from './codes'
import type { Network, Recorder } from './network'
import { mask } from './redact'
import { RefusingProxy, ScopedProxy, type ProxyStats } from './browser-proxy'
import { BROWSER } from './codes'
import type { BrowserCode, NetworkCode } from './codes'

export type { BrowserContext, Page } from 'playwright-core'

/** The flags every launch uses (STACK-NOTES), plus the ones that keep Chromium off the network by itself. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // No name is ever resolved by Chromium: with a proxy it needs none, and anything that tried would fail.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--disable-quic',
  // WebRTC may send UDP around a proxy; forbid anything not proxied.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
]

/**
 * The engagement's extra CA as Chromium's `--ignore-certificate-errors-spki-list` (base64 SHA-256 of its key): a
 * chain through it is then valid to Chromium, which otherwise keeps nothing of such a host in its HTTP cache.
 */
export function trustedCaFlags(caPem: string | undefined): string[] {
  if (!caPem) return []
  try {
    const spki = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' })
    return [`--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`]
  } catch {
    return []
  }
}

/** Where Chromium lives: $HANDOVER_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.HANDOVER_CHROMIUM ?? '/usr/bin/chromium'
}

/** True when the Chromium executable exists and can be run. */
export function browserAvailable(): boolean {
  try {
    accessSync(chromiumPath(), constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** One request a page made, as seen by the browser; URLs and headers already redacted. */
export interface BrowserRequest {
  method: string
  url: string
  resourceType: string
  navigation: boolean
  status?: number
  /** Response headers, lower-case names; Set-Cookie values redacted, attributes kept. */
  headers?: Record<string, string>
  /** Each Set-Cookie line of the response, value redacted. */
  setCookies?: string[]
  /** Chromium's error when the request did not complete, e.g. net::ERR_BLOCKED_BY_CLIENT. */
  failure?: string
  /** Why the browser layer stopped it before it left: out of scope, or no budget left. */
  blocked?: 'scope' | 'budget'
}

/** A console message or an uncaught page error, redacted and cut to 500 characters. */
export interface ConsoleEntry {
  type: string
  text: string
  url?: string
}

/** What a stored value looks like, never the value: its length, a masked hint and its shape. */
export interface StoredValue {
  name: string
  length: number
  masked: string
  /**
   * `known-secret`: contains a credential or session token of this run; `jwt`; `token` (long, random-looking);
   * `json-token` (a JSON object holding a token-named field); `text`; `empty`.
   */
  shape: 'known-secret' | 'jwt' | 'token' | 'json-token' | 'text' | 'empty'
}

/** A cookie in the browser's jar. `sameSite` is as Chromium reports it: an absent attribute reads as Lax. */
export interface CookieFacts {
  name: string
  domain: string
  path: string
  secure: boolean
  httpOnly: boolean
  sameSite: 'Strict' | 'Lax' | 'None'
  /** True for a cookie that ends with the browser session (no Expires/Max-Age). */
  session: boolean
  value: StoredValue
}

/** Cookies and Web Storage of a context, described without their values. */
export interface StorageFacts {
  cookies: CookieFacts[]
  localStorage: { origin: string; entries: StoredValue[] }[]
  sessionStorage: { origin: string; entries: StoredValue[] }[]
}

/** One browser session: deadline, limiter and transcript. */
export interface BrowserOptions {
  /** Absolute end of the session (usually the probe's deadline): everything is closed then. */
  deadline: number
  /** Traffic of a consented active test: it stops when the limiter halts. */
  active?: boolean
  /** Keep Chromium's back/forward cache on (Playwright turns it off), for tests of what the back button shows. */
  backForwardCache?: boolean
}

/** One browser context within a session: its transcript, request interception and extra headers. */
export interface ContextOptions {
  /** The transcript of this context's traffic (default: the session's). */
  rec?: Recorder
  /**
   * Intercept every request in the page (default true): block out-of-scope URLs before Chromium tries them and
   * take one budget slot and rate slot per request. Interception disables the HTTP cache; pass false for tests
   * of caching, where the proxy alone keeps scope and the budget counts tunnels.
   */
  intercept?: boolean
  /** Headers added to every request of the context, e.g. a session's Authorization. */
  headers?: Record<string, string>
}

const MAX_REQUESTS = 2000
const MAX_CONSOLE = 200

const JWT = /^(Bearer\s+)?eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const TOKENISH = /^[A-Za-z0-9._~+/=:-]{20,}$/
const TOKEN_KEY = /(^|[_.-])(access|refresh|id|auth|session|bearer)?_?(token|jwt)$|^(jwt|token|session|sid)$/i

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>()
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length)
  return bits
}

function tokenShaped(value: string): boolean {
  return JWT.test(value) || (TOKENISH.test(value) && entropy(value) >= 3.5)
}

/** Describes a stored value by shape alone; the redactor knows this run's credentials and session tokens. */
export function describeValue(name: string, value: string, network: Network): StoredValue {
  const base = { name, length: value.length, masked: mask(value) }
  if (value.length === 0) return { ...base, shape: 'empty' }
  // The redactor marks this run's own secrets by label; `[redacted:jwt]` only means "shaped like a JWT".
  if (/\[redacted:(?!jwt\])/.test(network.redactor.text(value))) return { ...base, shape: 'known-secret' }
  if (JWT.test(value)) return { ...base, shape: 'jwt' }
  if (tokenShaped(value)) return { ...base, shape: 'token' }
  if (value.startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as unknown
      if (parsed && typeof parsed === 'object') {
        const holds = Object.entries(parsed as Record<string, unknown>).some(
          ([k, v]) => TOKEN_KEY.test(k) && typeof v === 'string' && tokenShaped(v),
        )
        if (holds) return { ...base, shape: 'json-token' }
      }
    } catch {
      // not JSON: plain text
    }
  }
  return { ...base, shape: 'text' }
}

/** A browser context for one account: its own proxy, transcript, collected requests and console. */
export class AuditContext {
  readonly requests: BrowserRequest[] = []
  readonly console: ConsoleEntry[] = []
  private readonly byRequest = new Map<Request, BrowserRequest>()
  private closed = false

  constructor(
    /** The playwright context, to drive pages; see the note at the top of this file. */
    readonly context: BrowserContext,
    private readonly proxy: ScopedProxy,
    private readonly network: Network,
    private readonly rec: Recorder,
    private readonly deadline: number,
  ) {
    context.on('request', (req) => this.onRequest(req))
    context.on('requestfinished', (req) => void this.onFinished(req))
    context.on('requestfailed', (req) => this.onFailed(req))
    context.on('console', (msg) =>
      this.note({ type: msg.type(), text: msg.text(), url: msg.location().url || undefined }),
    )
    context.on('weberror', (err) => this.note({ type: 'pageerror', text: err.error().message }))
  }

  /** What this context's proxy let through and refused. */
  get proxyStats(): ProxyStats {
    return this.proxy.stats
  }

  /** Opens a new page in this context. */
  newPage(): Promise<Page> {
    return this.context.newPage()
  }

  /**
   * Opens `url` in a new page, waits for load and then briefly for the network to settle.
   * The page stays open for the caller to read or drive.
   */
  async visit(
    url: string,
    settleMs = 1500,
  ): Promise<Result<{ page: Page; status: number; url: string }, BrowserCode | NetworkCode>> {
    if (this.closed) return failure(BROWSER.CLOSED, 'the browser session is closed')
    const page = await this.context.newPage()
    const remaining = Math.max(1, this.deadline - Date.now())
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: remaining })
      await page
        .waitForLoadState('networkidle', {
          timeout: Math.max(1, Math.min(settleMs, this.deadline - Date.now())),
        })
        .catch(() => undefined)
      return ok({ page, status: response?.status() ?? 0, url: this.network.redactor.url(page.url()) })
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      const blocked = /ERR_BLOCKED_BY_CLIENT|ERR_TUNNEL_CONNECTION_FAILED/.test(message)
      const code =
        blocked && !this.network.scope.allows(hostOf(url)) ? NET.OUT_OF_SCOPE : BROWSER.NAVIGATION_FAILED
      return failure(
        code,
        `opening ${this.network.redactor.url(url)} failed: ${this.network.redactor.text(message)}`,
      )
    }
  }

  /** Cookies, localStorage and sessionStorage of every origin the context holds, described without values. */
  async storage(): Promise<StorageFacts> {
    if (this.closed) return { cookies: [], localStorage: [], sessionStorage: [] }
    const state = await this.context.storageState()
    const perOrigin: StorageFacts['sessionStorage'] = []
    for (const page of this.context.pages()) {
      const entries = await page
        .evaluate(() => ({ origin: location.origin, entries: Object.entries(window.sessionStorage) }))
        .catch(() => undefined)
      if (entries && entries.origin !== 'null' && !perOrigin.some((s) => s.origin === entries.origin)) {
        perOrigin.push({
          origin: entries.origin,
          entries: entries.entries.map(([k, v]) => describeValue(k, v, this.network)),
        })
      }
    }
    return {
      cookies: state.cookies.map((c) => ({
        name: c.name,
        domain: c.domain,
        path: c.path,
        secure: c.secure,
        httpOnly: c.httpOnly,
        sameSite: c.sameSite,
        session: c.expires === -1,
        value: describeValue(c.name, c.value, this.network),
      })),
      localStorage: state.origins.map((o) => ({
        origin: o.origin,
        entries: o.localStorage.map((e) => describeValue(e.name, e.value, this.network)),
      })),
      sessionStorage: perOrigin,
    }
  }

  /** Closes the context's pages and its proxy. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.context.close().catch(() => undefined)
    await this.proxy.close()
  }

  /** Stops a request out of scope or past the budget before Chromium sends it; otherwise lets it go. */
  async intercept(request: Request, active: boolean | undefined): Promise<'continue' | 'scope' | 'budget'> {
    const url = request.url()
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return 'scope'
    }
    if (!/^(https?|wss?):$/.test(parsed.protocol)) return 'continue'
    const redacted = this.network.redactor.url(url)
    if (!this.network.scope.allows(parsed.hostname)) {
      this.rec.add(
        'refused',
        parsed.host,
        `browser request to ${redacted} blocked: outside scope.allow`,
        NET.OUT_OF_SCOPE,
      )
      return 'scope'
    }
    const slot = await this.network.limiter.take(active)
    if (!slot.ok) {
      this.rec.add(
        'refused',
        parsed.host,
        `browser request to ${redacted} not sent: ${slot.error.message}`,
        slot.error.code,
      )
      return 'budget'
    }
    return 'continue'
  }

  /** Marks the collected request as stopped by the browser layer. */
  markBlocked(request: Request, why: 'scope' | 'budget'): void {
    const entry = this.byRequest.get(request)
    if (entry) entry.blocked = why
  }

  private onRequest(request: Request): void {
    if (this.requests.length >= MAX_REQUESTS) return
    const entry: BrowserRequest = {
      method: request.method(),
      url: this.network.redactor.url(request.url()),
      resourceType: request.resourceType(),
      navigation: request.isNavigationRequest(),
    }
    this.requests.push(entry)
    this.byRequest.set(request, entry)
  }

  private async onFinished(request: Request): Promise<void> {
    const entry = this.byRequest.get(request)
    const response = await request.response().catch(() => null)
    if (!entry || !response) return
    entry.status = response.status()
    const lines = await response.headersArray().catch(() => [])
    const raw: Record<string, string[]> = {}
    for (const { name, value } of lines) (raw[name.toLowerCase()] ??= []).push(value)
    entry.headers = this.network.redactor.headers(raw)
    const cookies = raw['set-cookie']
    if (cookies) entry.setCookies = entry.headers['set-cookie']!.split('\n')
    if (!/^https?:/.test(request.url())) return
    this.rec.add('http', hostOf(request.url()), `browser ${entry.method} ${entry.url} → ${entry.status}`)
  }

  private onFailed(request: Request): void {
    const entry = this.byRequest.get(request)
    if (!entry) return
    entry.failure = request.failure()?.errorText ?? 'failed'
    if (!entry.blocked && /^https?:/.test(request.url()))
      this.rec.add(
        'http',
        hostOf(request.url()),
        `browser ${entry.method} ${entry.url} failed: ${entry.failure}`,
      )
  }

  private note(entry: ConsoleEntry): void {
    if (this.console.length >= MAX_CONSOLE) return
    this.console.push({
      type: entry.type,
      text: this.network.redactor.text(entry.text).slice(0, 500),
      ...(entry.url ? { url: this.network.redactor.url(entry.url) } : {}),
    })
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}

/** A headless Chromium bound to one engagement's Network; close it when done (contexts close with it). */
export class BrowserSession {
  private readonly contexts = new Set<AuditContext>()
  private closing?: Promise<void>
  private readonly timer: NodeJS.Timeout
  private readonly onAbort = (): void => void this.close()

  private constructor(
    private readonly browser: Browser,
    private readonly background: RefusingProxy,
    private readonly network: Network,
    private readonly rec: Recorder,
    private readonly options: BrowserOptions,
    /** Chromium's temporary home folder (XDG_CONFIG_HOME), removed on close. */
    readonly home: string,
  ) {
    // Past the deadline nothing of the browser may linger: the runner abandons a probe one second later.
    this.timer = setTimeout(this.onAbort, Math.max(1, options.deadline - Date.now()))
    this.timer.unref()
    network.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  /** Launches Chromium; `BROWSER_UNAVAILABLE` when it is not installed, `BROWSER_LAUNCH_FAILED` when it will not start. */
  static async launch(
    network: Network,
    rec: Recorder,
    options: BrowserOptions,
  ): Promise<Result<BrowserSession, BrowserCode | NetworkCode>> {
    if (network.signal?.aborted) return failure(NET.CANCELLED, 'the run was cancelled')
    if (!browserAvailable())
      return failure(
        BROWSER.UNAVAILABLE,
        `Chromium is not installed at ${chromiumPath()} (set HANDOVER_CHROMIUM to its path).`,
      )
    const background = await RefusingProxy.start()
    // Chromium writes into ~/.config even with a temporary profile: give it a home of its own.
    const home = mkdtempSync(path.join(tmpdir(), 'handover-chromium-'))
    try {
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        headless: true,
        args: [...CHROMIUM_FLAGS, ...trustedCaFlags(network.settings.caPem)],
        ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
        proxy: { server: background.url },
        env: { ...process.env, XDG_CONFIG_HOME: home },
        timeout: Math.max(1000, options.deadline - Date.now()),
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      })
      return ok(new BrowserSession(browser, background, network, rec, options, home))
    } catch (err) {
      await background.close()
      rmSync(home, { recursive: true, force: true })
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      return failure(BROWSER.LAUNCH_FAILED, `Chromium did not start: ${message}`)
    }
  }

  /** Connections of Chromium's own (updates, sign-in probes) that were refused; they belong to no page. */
  get backgroundRefused(): number {
    return this.background.refused
  }

  /** A fresh context (no cookies, no storage) with its own proxy and transcript: one per account. */
  async newContext(options: ContextOptions = {}): Promise<Result<AuditContext, BrowserCode | NetworkCode>> {
    if (this.closing || !this.browser.isConnected())
      return failure(BROWSER.CLOSED, 'the browser session is closed')
    const rec = options.rec ?? this.rec
    const proxy = await ScopedProxy.start(this.network, rec, {
      deadline: this.options.deadline,
      active: this.options.active,
    })
    try {
      const context = await this.browser.newContext({
        proxy: { server: proxy.url },
        // TLS validity is judged by the tls.* checks; the browser must still reach a host with a lab certificate.
        ignoreHTTPSErrors: true,
        // A service worker's fetches would pass outside page interception; the proxy would still hold scope.
        serviceWorkers: 'block',
        acceptDownloads: false,
        ...(options.headers ? { extraHTTPHeaders: options.headers } : {}),
      })
      const audit = new AuditContext(context, proxy, this.network, rec, this.options.deadline)
      if (options.intercept !== false) {
        await context.route('**/*', async (route) => {
          const verdict = await audit.intercept(route.request(), this.options.active)
          if (verdict === 'continue') return route.continue().catch(() => undefined)
          audit.markBlocked(route.request(), verdict)
          return route.abort('blockedbyclient').catch(() => undefined)
        })
      }
      this.contexts.add(audit)
      return ok(audit)
    } catch (err) {
      await proxy.close()
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err)
      return failure(BROWSER.CLOSED, `a browser context could not be opened: ${message}`)
    }
  }

  /** Closes every context, the browser and the proxies; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer)
      this.network.signal?.removeEventListener('abort', this.onAbort)
      await Promise.all([...this.contexts].map((c) => c.close()))
      await this.browser.close().catch(() => undefined)
      await this.background.close()
      rmSync(this.home, { recursive: true, force: true })
    })()
    return this.closing
  }
}
