// The demo portal's client area: invoices, projects and files per client, an admin area, reports, a reset-link
// flow and a small single-page app — with the access flaws of stages 1 and 2 planted, each repaired in `fixed`,
// and decoys (a 200 "access denied" page, a 302 to login, an endpoint that returns the caller's own object for
// any id) that behave the same in both modes and must never be reported.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { FIXED_SESSION_SECONDS, json, readBody, SESSION_COOKIE, type LabAccounts } from './api'
import { FlowsLab } from './flows'
import { page } from './flows-writes'
import type { LabMode, PortalKind, PortalObject } from './types'

const APP = 'https://app.acme.test'
const API = 'https://api.acme.test'

/** Who owns what: alice and bob are two clients, demo is the sales demo account, root the admin. */
const CLIENTS: Record<string, { company: string; code: string }> = {
  alice: { company: 'Northwind Traders', code: 'NW' },
  bob: { company: 'Globex Corporation', code: 'GX' },
  demo: { company: 'Demo Company (sample data)', code: 'DM' },
}

function makeObjects(): PortalObject[] {
  const out: PortalObject[] = []
  const ids: Record<string, { invoices: string[]; projects: string[]; files: string[] }> = {
    alice: { invoices: ['1001', '1002'], projects: ['11'], files: ['101'] },
    bob: { invoices: ['2001', '2002'], projects: ['21'], files: ['201'] },
    demo: { invoices: ['9001'], projects: ['91'], files: ['901'] },
  }
  for (const [owner, kinds] of Object.entries(ids)) {
    const { company, code } = CLIENTS[owner]!
    for (const id of kinds.invoices)
      out.push({
        kind: 'invoices',
        id,
        owner,
        data: {
          reference: `INV-${code}-${id}-${randomBytes(3).toString('hex')}`,
          customer: company,
          total: Number(`${id.slice(-2)}${owner.length}7.50`),
          iban: `GB${randomBytes(4).readUInt32BE(0)}${id}`,
        },
      })
    for (const id of kinds.projects)
      out.push({
        kind: 'projects',
        id,
        owner,
        data: { name: `${company} portal rollout`, codename: `${code}-${randomBytes(3).toString('hex')}` },
      })
    for (const id of kinds.files)
      out.push({
        kind: 'files',
        id,
        owner,
        data: {
          name: `${code.toLowerCase()}-contract-${randomBytes(2).toString('hex')}.pdf`,
          bytes: 20_000 + Number(id),
        },
      })
  }
  return out
}

/** A reset link the consultant has already used, or one issued two days ago (lab.credentials() hands them out). */
interface ResetToken {
  token: string
  account: string
  state: 'used' | 'expired' | 'fresh'
}

/** The lab's client area; one per lab start, with fresh markers each time. */
export class PortalLab {
  readonly objects = makeObjects()
  readonly resets: ResetToken[] = [
    { token: randomBytes(18).toString('base64url'), account: 'alice', state: 'used' },
    { token: randomBytes(18).toString('base64url'), account: 'bob', state: 'expired' },
  ]

  /** Invitations the admin action sent (tests count how often authz.admin-stepup carried it out). */
  readonly invites: { id: string; email: string; role: string; status: string }[] = []

  /** When each request to api.acme.test reached the client area (tests count the audit's requests and rate). */
  readonly arrivals: number[] = []

  /** The pages the browser checks of stage 5 walk through (src/lab/flows.ts). */
  readonly flows: FlowsLab

  constructor(private readonly accounts: LabAccounts) {
    this.flows = new FlowsLab(accounts, this.objects)
  }

  /** The reset links as keychain values (`acme-reset-used`, `acme-reset-expired`), for the demo's store. */
  credentials(): Record<string, string> {
    return Object.fromEntries(
      this.resets.map((r) => [`acme-reset-${r.state}`, `${APP}/reset?token=${r.token}`]),
    )
  }

  /** Every reset token (secrets: tests prove none reaches a file). */
  resetTokens(): string[] {
    return this.resets.map((r) => r.token)
  }

  /** The engagement's part for the client area: endpoints, OpenAPI, crawl pages, UI routes, reset links. */
  engagementPart(): {
    endpoints: Record<string, unknown>[]
    openapi: string
    crawl: string[]
    routes: Record<string, unknown>[]
    resetLinks: Record<string, unknown>[]
    adminAction: Record<string, unknown>
  } {
    return {
      // The manual list: what the OpenAPI document does not describe.
      endpoints: [
        { method: 'GET', path: '/api/me', protected: true },
        { method: 'GET', path: '/api/dashboard', protected: true },
        { method: 'GET', path: '/api/billing', protected: true },
        { method: 'GET', path: '/api/admin/users', protected: true, roles: ['admin'] },
        { method: 'GET', path: '/api/admin/audit', protected: true, roles: ['admin'] },
      ],
      openapi: 'https://api.acme.test/openapi.json',
      crawl: [`${APP}/portal/`, `${APP}/portal/admin`],
      routes: [{ path: '/portal/' }, { path: '/portal/admin', roles: ['admin'] }],
      resetLinks: [
        { link: 'keychain:acme-reset-used', state: 'used', account: 'alice' },
        { link: 'keychain:acme-reset-expired', state: 'expired', account: 'bob' },
      ],
      // Inviting a test user is safe to do for real: authz.admin-stepup sends it once as the admin.
      adminAction: {
        method: 'POST',
        url: `${API}/api/admin/invites`,
        json: { email: 'handover-stepup@acme.test', role: 'client' },
      },
    }
  }

  /** Routes a request of api.acme.test that belongs to the client area; false when it is not one. */
  api(mode: LabMode, req: IncomingMessage, res: ServerResponse, base: Record<string, string>): boolean {
    this.arrivals.push(Date.now())
    const url = new URL(req.url ?? '/', 'https://api.acme.test')
    const path = url.pathname
    const headers = { ...base, ...cors(req) }
    if (req.method === 'OPTIONS' && path.startsWith('/api/')) {
      res.writeHead(204, { ...headers, 'access-control-max-age': '600' })
      res.end()
      return true
    }
    if (req.method === 'GET' && path === '/openapi.json') {
      json(res, 200, openApiDocument(), headers)
      return true
    }
    if (req.method === 'POST' && path === '/api/admin/invites') {
      this.invite(mode, req, res, headers)
      return true
    }
    if (req.method !== 'GET') return false
    const who = this.accounts.whoIsRequest(req)
    const denied = (): void => json(res, 401, { error: 'sign in first' }, headers)
    // The project list (/api/projects) is the monitoring stage's core read (src/lab/monitoring.ts); the client
    // area's own projects are listed on the dashboard.
    const list = /^\/api\/(invoices|files)$/.exec(path)
    if (list) {
      if (!who) return (denied(), true)
      const kind = list[1] as PortalKind
      const items = this.objects
        .filter((o) => o.kind === kind && (who.role === 'admin' || o.owner === who.id))
        .map((o) => ({ id: o.id, ...summaryOf(o) }))
      json(res, 200, { items }, headers)
      return true
    }
    const one = /^\/api\/(invoices|projects|files)\/([^/]+)$/.exec(path)
    if (one) {
      if (!who) return (denied(), true)
      const kind = one[1] as PortalKind
      const wanted = this.objects.find((o) => o.kind === kind && o.id === one[2])
      const own = (o: PortalObject | undefined): boolean =>
        o !== undefined && (who.role === 'admin' || o.owner === who.id)
      if (kind === 'files' && who.role !== 'admin') {
        // Decoy, both modes: whatever id is asked for, a client gets its own newest file back.
        const mine = this.objects.find((o) => o.kind === 'files' && o.owner === who.id)
        if (!mine) return (json(res, 404, { error: 'not found' }, headers), true)
        json(res, 200, { id: mine.id, ...mine.data }, headers)
        return true
      }
      // The flawed portal never checks who owns an invoice (BOLA), for clients and the demo account alike.
      const readable = own(wanted) || (mode === 'flawed' && kind === 'invoices' && wanted !== undefined)
      if (!wanted || !readable) return (json(res, 404, { error: 'not found' }, headers), true)
      json(res, 200, { id: wanted.id, ...wanted.data }, headers)
      return true
    }
    if (path === '/api/dashboard') {
      if (!who) return (denied(), true)
      // The flawed demo account's dashboard was seeded with a real client's invoice.
      const owners = who.role === 'demo' && mode === 'flawed' ? ['demo', 'alice'] : [who.id]
      const recent = this.objects
        .filter((o) => o.kind === 'invoices' && (who.role === 'admin' || owners.includes(o.owner)))
        .map((o) => ({ id: o.id, ...o.data }))
      const projects = this.objects
        .filter((o) => o.kind === 'projects' && (who.role === 'admin' || o.owner === who.id))
        .map((o) => ({ id: o.id, name: o.data.name! }))
      json(res, 200, { account: who.username, recentInvoices: recent, projects }, headers)
      return true
    }
    if (path === '/api/reports') {
      // The flawed portal answers reports without any session, with every client's figures.
      if (!who && mode === 'fixed') return (denied(), true)
      const scopeOf = (o: PortalObject): boolean => !who || who.role === 'admin' || o.owner === who.id
      const byClient = new Map<string, number>()
      for (const o of this.objects.filter((x) => x.kind === 'invoices' && scopeOf(x)))
        byClient.set(
          String(o.data.customer),
          (byClient.get(String(o.data.customer)) ?? 0) + Number(o.data.total),
        )
      json(res, 200, { revenue: [...byClient].map(([customer, total]) => ({ customer, total })) }, headers)
      return true
    }
    if (path === '/api/billing') {
      // Decoy, both modes: without a session, a redirect to the sign-in page.
      if (!who) {
        res.writeHead(302, { ...headers, location: `${APP}/login`, 'content-length': '0' })
        res.end()
        return true
      }
      const company = CLIENTS[who.id]?.company ?? 'Acme Ltd'
      json(res, 200, { company, plan: 'business', seats: 5 + who.id.length }, headers)
      return true
    }
    if (path === '/api/admin/users') {
      if (!who) return (denied(), true)
      // The flawed portal only hides the admin button; the endpoint serves any signed-in account.
      if (who.role !== 'admin' && mode === 'fixed')
        return (json(res, 403, { error: 'admins only' }, headers), true)
      json(
        res,
        200,
        { users: this.accounts.accounts.map((a) => ({ id: a.id, email: a.username, role: a.role })) },
        headers,
      )
      return true
    }
    if (path === '/api/admin/audit') {
      if (!who) return (denied(), true)
      if (who.role !== 'admin') {
        // Decoy, both modes: a 200 page that says no.
        page(res, 200, 'Access denied', '<p>You do not have access to the audit log.</p>', headers)
        return true
      }
      json(
        res,
        200,
        { events: [{ at: '2026-11-28T10:00:00Z', who: 'admin@acme.test', what: 'login' }] },
        headers,
      )
      return true
    }
    if (path === '/api/v1/export') {
      if (!who) return (denied(), true)
      const mine = this.objects.filter((o) => o.owner === who.id).map((o) => ({ kind: o.kind, id: o.id }))
      json(res, 200, { export: mine }, headers)
      return true
    }
    return false
  }

  /** Routes a request of app.acme.test that belongs to the client area; false when it is not one. */
  app(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    if (this.flows.app(mode, req, res, headers)) return true
    const url = new URL(req.url ?? '/', APP)
    const path = url.pathname
    if (path === '/login' && req.method === 'GET') {
      const csrf = randomBytes(12).toString('base64url')
      this.csrf.add(csrf)
      this.csrfIssued.push(csrf)
      page(res, 200, 'Sign in to Acme', loginForm(csrf), {
        ...headers,
        'set-cookie': `acme_csrf=${csrf}; Path=/; Secure; HttpOnly; SameSite=Strict`,
      })
      return true
    }
    if (path === '/login' && req.method === 'POST') {
      void this.formLogin(mode, req, res, headers)
      return true
    }
    if (path === '/logout' && req.method === 'POST') {
      if (mode === 'fixed') this.accounts.revoke(req)
      res.writeHead(302, {
        ...headers,
        location: `${APP}/login`,
        // The cookie was set for the whole site (Domain=acme.test): only the same Domain removes it.
        'set-cookie': `${SESSION_COOKIE}=; Path=/; Domain=acme.test; Secure; HttpOnly; SameSite=Lax; Max-Age=0`,
        // The repaired portal also empties the browser's cache of the site, so no page of this user outlives them.
        ...(mode === 'fixed' ? { 'clear-site-data': '"cache"' } : {}),
      })
      res.end()
      return true
    }
    if (path === '/portal/' || path === '/portal' || path === '/portal/admin') {
      // The app's script is a file of its own and the page may call the API, so a strict CSP lets the app run.
      const csp = res.getHeader('content-security-policy')
      page(res, 200, 'Acme client area', spa(path.endsWith('/admin')), {
        ...headers,
        'cache-control': 'no-store',
        ...(typeof csp === 'string'
          ? { 'content-security-policy': `${csp}; connect-src 'self' ${API}` }
          : {}),
      })
      return true
    }
    if (path === '/portal/app.js' || path === '/portal/admin.js') {
      const script = spaScript(mode, path === '/portal/admin.js')
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': Buffer.byteLength(script),
        'cache-control': 'no-cache',
      })
      res.end(script)
      return true
    }
    if (path === '/reset') {
      const token = url.searchParams.get('token') ?? ''
      const reset = this.resets.find((r) => r.token === token)
      // The flawed portal keeps honouring a reset link after it was used, and after it expired.
      if (!reset || (mode === 'fixed' && reset.state !== 'fresh')) {
        page(
          res,
          410,
          'Link no longer valid',
          '<p>This password reset link has expired or has already been used. Ask for a new one.</p>',
          headers,
        )
        return true
      }
      page(
        res,
        200,
        'Choose a new password',
        `<form method="post" action="/reset"><input type="hidden" name="token" value="${token}"><label>New password <input type="password" name="password"></label><button>Save</button></form>`,
        { ...headers, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
      )
      return true
    }
    return false
  }

  private readonly csrf = new Set<string>()
  private readonly csrfIssued: string[] = []

  /** Every CSRF token the sign-in page handed out, used or not (tests prove none reaches a file). */
  csrfTokens(): string[] {
    return [...this.csrfIssued]
  }

  /**
   * POST /api/admin/invites, the admin action of authz.admin-stepup: the flawed portal invites at once on any admin
   * session; the repaired one answers 401 with an RFC 9470 challenge until the session is stepped up.
   */
  private invite(
    mode: LabMode,
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
  ): void {
    const who = this.accounts.whoIsRequest(req)
    if (!who || who.role !== 'admin') {
      req.resume()
      json(res, who ? 403 : 401, { error: who ? 'admins only' : 'sign in first' }, headers)
      return
    }
    if (mode === 'fixed') {
      req.resume()
      json(
        res,
        401,
        {
          error: 'insufficient_user_authentication',
          error_description: 'Confirm with your second factor before inviting users.',
        },
        {
          ...headers,
          'www-authenticate':
            'Bearer error="insufficient_user_authentication", error_description="A second factor is required", acr_values="mfa"',
        },
      )
      return
    }
    readBody(req).then(
      (text) => {
        let body: { email?: unknown; role?: unknown }
        try {
          body = JSON.parse(text) as typeof body
        } catch {
          return json(res, 400, { error: 'invalid JSON' }, headers)
        }
        if (typeof body.email !== 'string') return json(res, 422, { error: 'email is required' }, headers)
        const invite = {
          id: `inv-${this.invites.length + 1}`,
          email: body.email,
          role: typeof body.role === 'string' ? body.role : 'client',
          status: 'sent',
        }
        this.invites.push(invite)
        json(res, 201, { invite }, headers)
      },
      () => json(res, 413, { error: 'too large' }, headers),
    )
  }

  private async formLogin(
    mode: LabMode,
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
  ): Promise<void> {
    let form: URLSearchParams
    try {
      form = new URLSearchParams(await readBody(req))
    } catch {
      return page(res, 413, 'Too large', '', headers)
    }
    const cookieCsrf = /(?:^|;\s*)acme_csrf=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const csrf = form.get('csrf') ?? ''
    if (!this.csrf.has(csrf) || cookieCsrf !== csrf)
      return page(res, 403, 'Session expired', '<p>Reload the sign-in page and try again.</p>', headers)
    this.csrf.delete(csrf)
    const lifetime = mode === 'fixed' ? FIXED_SESSION_SECONDS : undefined
    const email = form.get('email') ?? ''
    // Like the API sign-in, the repaired sign-in page throttles a username after a few failed sign-ins.
    if (mode === 'fixed' && this.accounts.throttled(email))
      return page(res, 429, 'Too many attempts', '<p>Too many failed sign-ins. Try again later.</p>', {
        ...headers,
        'retry-after': '60',
      })
    const token = this.accounts.login(email, form.get('password') ?? '', lifetime)
    if (!token) {
      this.accounts.failed(email)
      return page(res, 200, 'Sign in to Acme', `<p>Wrong e-mail or password.</p>${loginForm(csrf)}`, headers)
    }
    const cookie = `${SESSION_COOKIE}=${token}; Path=/; Domain=acme.test; Secure; HttpOnly; SameSite=Lax${lifetime ? `; Max-Age=${lifetime}` : ''}`
    res.writeHead(302, {
      ...headers,
      location: `${APP}/portal/`,
      'set-cookie': cookie,
      'content-length': '0',
    })
    res.end()
  }
}

/** Which objects a signed-in account sees in lists. */
function summaryOf(o: PortalObject): Record<string, string | number> {
  return o.kind === 'invoices'
    ? { reference: o.data.reference!, total: o.data.total! }
    : { name: o.data.name! }
}

/** The API answers the portal's own origin only, with credentials (never a reflected or wildcard origin). */
export function cors(req: IncomingMessage): Record<string, string> {
  if (req.headers.origin !== APP) return {}
  return {
    'access-control-allow-origin': APP,
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST',
    vary: 'Origin',
  }
}

function loginForm(csrf: string): string {
  return (
    `<form method="post" action="/login"><input type="hidden" name="csrf" value="${csrf}">` +
    '<label>E-mail <input type="email" name="email" id="email"></label>' +
    '<label>Password <input type="password" name="password" id="password"></label>' +
    '<button type="submit" id="signin">Sign in</button></form>'
  )
}

/** The single-page app's page: its script reads the account, then its invoices, projects and files. */
function spa(admin: boolean): string {
  return `<p>Signed in as <span id="who"></span></p><nav><a href="/portal/">Home</a> <a id="admin" href="/portal/admin" hidden>Admin</a></nav><script src="/portal/${admin ? 'admin' : 'app'}.js"></script>`
}

/** The single-page app's script; the admin page's lists users and the audit log. */
function spaScript(mode: LabMode, admin: boolean): string {
  return `
const api = '${API}';
const get = async (p) => { const r = await fetch(api + p, { credentials: 'include' }); return r.ok ? r.json() : null };
(async () => {
  const me = await get('/api/me').catch(() => null);
  if (!me) { document.body.dataset.state = 'signed-out'; return }
  document.querySelector('#who').textContent = me.email;${mode === 'flawed' ? "\n  // Kept for the app's own API calls, where every script on the page can read it.\n  if (me.token) localStorage.setItem('acme_token', me.token);" : ''}
  // The admin button is only hidden for other roles; the server decides what an account may do.
  if (me.role === 'admin') document.querySelector('#admin').hidden = false;
  ${
    admin
      ? "await get('/api/admin/users'); await get('/api/admin/audit');"
      : `const dash = await get('/api/dashboard');
  for (const p of (dash && dash.projects) || []) await get('/api/projects/' + p.id);
  for (const kind of ['invoices', 'files']) {
    const list = await get('/api/' + kind);
    for (const item of (list && list.items) || []) await get('/api/' + kind + '/' + item.id);
  }
  await get('/api/reports'); await get('/api/billing');${mode === 'flawed' ? "\n  await get('/api/v1/export');" : ''}`
  }
  document.body.dataset.state = 'ready';
})();`
}

/** The OpenAPI 3 document the API publishes: the object endpoints and reports (the rest is the manual list). */
function openApiDocument(): Record<string, unknown> {
  const secured = { security: [{ bearer: [] }] }
  const op = (summary: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    get: { summary, ...secured, responses: { 200: { description: 'OK' } }, ...extra },
  })
  const idParam = { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }
  return {
    openapi: '3.0.3',
    info: { title: 'Acme client API', version: '1.4.0' },
    servers: [{ url: 'https://api.acme.test' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/api/invoices': op('Your invoices'),
      '/api/invoices/{id}': op('One invoice', idParam),
      '/api/projects/{projectId}': op('One project', {
        parameters: [{ name: 'projectId', in: 'path', required: true, schema: { type: 'string' } }],
      }),
      '/api/files': op('Your files'),
      '/api/files/{id}': op('One file', idParam),
      '/api/reports': op('Revenue report'),
    },
  }
}

/** A cell of the lab's auth map ground truth. */
type Truth = 'allowed' | 'denied' | 'bypass' | 'not tried'

/**
 * Ground truth of the auth map: what each role (and anonymous) really gets from each endpoint and UI route of the
 * client area, per mode, as `subject → role → state`.
 */
export function portalGroundTruth(mode: LabMode): Record<string, Record<string, Truth>> {
  const flawed = mode === 'flawed'
  const roles = (client: Truth, demo: Truth, admin: Truth, anonymous: Truth): Record<string, Truth> => ({
    client,
    admin,
    demo,
    anonymous,
  })
  const signedIn = roles('allowed', 'allowed', 'allowed', 'denied')
  const bola: Truth = flawed ? 'bypass' : 'allowed'
  const bfla: Truth = flawed ? 'bypass' : 'denied'
  return {
    'GET /api/admin/audit': roles('denied', 'denied', 'allowed', 'denied'),
    'GET /api/admin/users': roles(bfla, bfla, 'allowed', 'denied'),
    'GET /api/billing': signedIn,
    // The demo account's dashboard carries a real client's invoice when flawed.
    'GET /api/dashboard': roles('allowed', bola, 'allowed', 'denied'),
    'GET /api/files': signedIn,
    // Decoy: the caller's own file for any id is not a bypass.
    'GET /api/files/{id}': signedIn,
    'GET /api/invoices': signedIn,
    'GET /api/invoices/{id}': roles(bola, bola, 'allowed', 'denied'),
    'GET /api/me': signedIn,
    'GET /api/projects/{id}': signedIn,
    'GET /api/reports': roles('allowed', 'allowed', 'allowed', flawed ? 'bypass' : 'denied'),
    // Only the flawed single-page app calls the undeclared export endpoint (the shadow API).
    ...(flawed ? { 'GET /api/v1/export': signedIn } : {}),
    'UI /portal/': roles('allowed', 'allowed', 'allowed', flawed ? 'bypass' : 'denied'),
    'UI /portal/admin': roles(bfla, bfla, 'allowed', 'denied'),
  }
}
