// The demo lab's provider APIs: a faithful subset of Cloudflare API v4, UptimeRobot API v2, Better Stack Uptime
// API v2 and GitHub's REST API — same paths, JSON shapes, bearer (or api_key) auth, pagination and 429 answers —
// served on loopback under the providers' real host names (the lab CA signs them; connectTo routes them here).
// Planted: staging lacks Always Use HTTPS and TLS 1.2, caches /api/* and rate-limits no /login; one portal host has
// no monitor and one monitor is paused; a former contractor is still an administrator. `fixed` repairs all.
import { createHash, randomBytes } from 'node:crypto'
import https from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type net from 'node:net'
import type { LabMode } from './types'
import type { ZoneRecord } from './dns-server'
import { HEALTH_PATH } from './monitoring'

/** The providers' API host names, as their public documentation gives them. */
export const PROVIDER_HOSTS = {
  cloudflare: 'api.cloudflare.com',
  uptimerobot: 'api.uptimerobot.com',
  betterstack: 'uptime.betterstack.com',
  github: 'api.github.com',
} as const

/** Keychain names the lab engagement uses for each provider's token. */
export const PROVIDER_TOKEN_NAMES = {
  cloudflare: 'cloudflare-api-token',
  uptimerobot: 'uptimerobot-api-key',
  betterstack: 'betterstack-api-token',
  github: 'github-token',
} as const

/** The lab's production and staging zones. */
export const LAB_ZONES = { production: 'acme.test', staging: 'acme-staging.test' } as const

/** Items per page the lab serves at most, whatever is asked: small, so every client must follow pagination. */
const PAGE_CAP = 2
/** Cloudflare list pages are capped higher so a DNS export still takes a few pages. */
const CF_PAGE_CAP = 10

const id32 = (seed: string): string => createHash('sha256').update(seed).digest('hex').slice(0, 32)

type Json = Record<string, unknown>

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > 64 * 1024) break
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A page of `items` and how many pages there are, for a 1-based page and a capped page size. */
function paginate<T>(items: T[], page: number, perPage: number): { slice: T[]; totalPages: number } {
  const size = Math.max(1, perPage)
  const totalPages = Math.max(1, Math.ceil(items.length / size))
  return { slice: items.slice((page - 1) * size, page * size), totalPages }
}

const intParam = (u: URL, name: string, fallback: number): number => {
  const n = Number(u.searchParams.get(name))
  return Number.isInteger(n) && n > 0 ? n : fallback
}

// ——— Cloudflare ———

interface CfZone {
  id: string
  name: string
  environment: 'production' | 'staging'
}

function cfEnvelope(result: unknown, info?: Json): Json {
  return { success: true, errors: [], messages: [], result, ...(info ? { result_info: info } : {}) }
}

function cfError(res: ServerResponse, status: number, code: number, message: string): void {
  send(res, status, { success: false, errors: [{ code, message }], messages: [], result: null })
}

/** The zone's settings as GET /zones/:id/settings lists them. */
function cfSettings(zone: CfZone, mode: LabMode): Json[] {
  const weak = mode === 'flawed' && zone.environment === 'staging'
  const at = '2026-11-20T09:00:00.000000Z'
  const setting = (id: string, value: unknown): Json => ({ id, value, editable: true, modified_on: at })
  return [
    setting('always_use_https', weak ? 'off' : 'on'),
    setting('min_tls_version', weak ? '1.0' : '1.2'),
    setting('ssl', 'strict'),
    setting('security_level', 'medium'),
    setting('security_header', {
      strict_transport_security: {
        enabled: true,
        max_age: 31536000,
        include_subdomains: true,
        preload: false,
        nosniff: true,
      },
    }),
    setting('browser_check', 'on'),
    setting('automatic_https_rewrites', 'on'),
  ]
}

function cfRuleset(zone: CfZone, phase: string, mode: LabMode): Json | undefined {
  const weak = mode === 'flawed' && zone.environment === 'staging'
  const ruleset = (rules: Json[]): Json => ({
    id: id32(`${zone.id}:${phase}`),
    name: 'default',
    description: '',
    kind: 'zone',
    version: '3',
    phase,
    last_updated: '2026-11-20T09:00:00.000000Z',
    rules: rules.map((r, i) => ({ id: id32(`${zone.id}:${phase}:${i}`), version: '1', enabled: true, ...r })),
  })
  switch (phase) {
    case 'http_request_firewall_managed':
      return ruleset([
        {
          action: 'execute',
          expression: 'true',
          description: 'Execute Cloudflare Managed Ruleset',
          action_parameters: { id: 'efb7b8c949ac4650a09736fc376e9aee' },
        },
        {
          action: 'execute',
          expression: 'true',
          description: 'Execute Cloudflare OWASP Core Ruleset',
          action_parameters: { id: '4814384a9e5d4991b9815dcfc25d2f1f' },
        },
      ])
    case 'http_ratelimit': {
      const limit = (description: string, expression: string, requests: number, timeout: number): Json => ({
        action: 'block',
        description,
        expression,
        ratelimit: {
          characteristics: ['cf.colo.id', 'ip.src'],
          period: 60,
          requests_per_period: requests,
          mitigation_timeout: timeout,
        },
      })
      const burst = limit('API burst', '(starts_with(http.request.uri.path, "/api/"))', 600, 60)
      const signIn = limit('Sign-in attempts', '(http.request.uri.path in {"/login" "/api/login"})', 10, 600)
      return ruleset(weak ? [burst] : [signIn, burst])
    }
    case 'http_request_cache_settings':
      return ruleset([
        {
          action: 'set_cache_settings',
          description: 'Never cache signed-in pages',
          expression: '(http.cookie contains "session")',
          action_parameters: { cache: false },
        },
      ])
    default:
      // ddos_l7 without overrides has no zone entrypoint: Cloudflare answers 404, the managed defaults apply.
      return undefined
  }
}

function cfPageRules(zone: CfZone, mode: LabMode): Json[] {
  if (!(mode === 'flawed' && zone.environment === 'staging')) return []
  return [
    {
      id: id32(`${zone.id}:pagerule`),
      targets: [{ target: 'url', constraint: { operator: 'matches', value: `*${zone.name}/api/*` } }],
      actions: [
        { id: 'cache_level', value: 'cache_everything' },
        { id: 'edge_cache_ttl', value: 7200 },
      ],
      priority: 1,
      status: 'active',
      created_on: '2026-11-18T10:00:00.000000Z',
      modified_on: '2026-11-18T10:00:00.000000Z',
    },
  ]
}

const PROXIED = new Set(['acme.test', 'www.acme.test', 'app.acme.test', 'api.acme.test'])

function recordContent(r: ZoneRecord): string | undefined {
  const d = r.data as Record<string, unknown> | string | string[]
  switch (r.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'TXT':
      return Array.isArray(d) ? d.join('') : typeof d === 'string' ? d : undefined
    case 'MX':
      return typeof d === 'object' && !Array.isArray(d) ? String(d.exchange) : undefined
    case 'CAA':
      return typeof d === 'object' && !Array.isArray(d) ? `${d.flags ?? 0} ${d.tag} "${d.value}"` : undefined
    default:
      return undefined
  }
}

// ——— the lab ———

/** What the provider lab needs from the rest of the lab. */
export interface ProviderLabOptions {
  /** The lab's DNS records for acme.test in a mode (the production zone's DNS export). */
  zoneRecords(mode: LabMode): ZoneRecord[]
}

/** The four provider APIs on one loopback HTTPS server, routed by Host. */
export class ProvidersLab {
  mode: LabMode
  port = 0
  /** Requests answered per API host, counted before authentication: tests prove a refused host saw none. */
  readonly requests = new Map<string, number>()
  private server?: https.Server
  private identity?: { keyPem: string; certPem: string }
  private throttled = 0
  readonly tokens = {
    cloudflare: randomBytes(30).toString('base64url'),
    uptimerobot: `u${randomBytes(4).readUInt32BE()}-${randomBytes(12).toString('hex')}`,
    betterstack: randomBytes(18).toString('base64url'),
    github: `ghp_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`,
  }
  private readonly account = { id: id32('acme-account'), name: 'Acme Ltd' }
  private readonly zones: CfZone[] = [
    { id: id32(LAB_ZONES.production), name: LAB_ZONES.production, environment: 'production' },
    { id: id32(LAB_ZONES.staging), name: LAB_ZONES.staging, environment: 'staging' },
  ]

  constructor(
    mode: LabMode,
    private readonly options: ProviderLabOptions,
  ) {
    this.mode = mode
  }

  /** Starts the server with a certificate for every provider host. */
  async start(identity?: { keyPem: string; certPem: string }): Promise<void> {
    if (identity) this.identity = identity
    const id = this.identity
    if (!id) throw new Error('the provider lab needs a certificate to start')
    this.server = https.createServer(
      { key: id.keyPem, cert: id.certPem, minVersion: 'TLSv1.2' },
      (req, res) => {
        this.route(req, res).catch(() => {
          if (!res.headersSent) send(res, 500, { message: 'lab error' })
        })
      },
    )
    this.server.on('clientError', (_err, socket) => socket.destroy())
    this.port = await new Promise<number>((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(this.port, '127.0.0.1', () =>
        resolve((this.server!.address() as net.AddressInfo).port),
      )
    })
  }

  async stop(): Promise<void> {
    const s = this.server
    if (!s) return
    await new Promise<void>((resolve) => {
      s.close(() => resolve())
      s.closeAllConnections()
    })
  }

  /** The next `n` API requests are answered 429 with Retry-After: 1, as a rate-limited provider does. */
  throttle(n: number): void {
    this.throttled = n
  }

  /** Token values by their keychain names, for the demo's in-memory credential store. */
  credentials(): Record<string, string> {
    return Object.fromEntries(
      (Object.keys(PROVIDER_TOKEN_NAMES) as (keyof typeof PROVIDER_TOKEN_NAMES)[]).map((p) => [
        PROVIDER_TOKEN_NAMES[p],
        this.tokens[p],
      ]),
    )
  }

  /** The engagement's `integrations` section and the connect-to rules that route the API hosts here. */
  engagementPart(): { integrations: Json; connectTo: string[]; allow: string[] } {
    return {
      integrations: {
        edge: {
          provider: 'cloudflare',
          token: `keychain:${PROVIDER_TOKEN_NAMES.cloudflare}`,
          zones: { ...LAB_ZONES },
          reference: 'production',
        },
        uptime: [
          { provider: 'uptimerobot', token: `keychain:${PROVIDER_TOKEN_NAMES.uptimerobot}` },
          { provider: 'betterstack', token: `keychain:${PROVIDER_TOKEN_NAMES.betterstack}` },
        ],
        repository: {
          provider: 'github',
          repo: 'acme/portal',
          token: `keychain:${PROVIDER_TOKEN_NAMES.github}`,
        },
        team: [
          { name: 'Sam Doe', emails: ['sam@acme.test'], github: 'samdoe' },
          { name: 'Alex Founder', emails: ['founder@acme.test'], github: 'acme-founder' },
        ],
      },
      connectTo: Object.values(PROVIDER_HOSTS).map((h) => `${h}:443:127.0.0.1:${this.port}`),
      allow: Object.values(PROVIDER_HOSTS),
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    this.requests.set(host, (this.requests.get(host) ?? 0) + 1)
    const url = new URL(req.url ?? '/', `https://${host}`)
    if (this.throttled > 0) {
      this.throttled--
      return this.rateLimited(host, res)
    }
    switch (host) {
      case PROVIDER_HOSTS.cloudflare:
        return this.cloudflare(req, url, res)
      case PROVIDER_HOSTS.uptimerobot:
        return this.uptimeRobot(req, url, res)
      case PROVIDER_HOSTS.betterstack:
        return this.betterStack(req, url, res)
      case PROVIDER_HOSTS.github:
        return this.github(req, url, res)
      default:
        send(res, 421, { message: `this lab server does not serve ${host}` })
    }
  }

  private rateLimited(host: string, res: ServerResponse): void {
    const headers = { 'retry-after': '1' }
    if (host === PROVIDER_HOSTS.cloudflare)
      return send(
        res,
        429,
        {
          success: false,
          errors: [
            { code: 10000, message: 'Rate limited. Please wait and consider throttling your request speed' },
          ],
          messages: [],
          result: null,
        },
        headers,
      )
    if (host === PROVIDER_HOSTS.uptimerobot)
      return send(
        res,
        429,
        { stat: 'fail', error: { type: 'rate_limit', message: 'Too many requests' } },
        { ...headers, 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0' },
      )
    if (host === PROVIDER_HOSTS.github)
      return send(
        res,
        429,
        { message: 'API rate limit exceeded', documentation_url: 'https://docs.github.com/rest/rate-limit' },
        { ...headers, 'x-ratelimit-remaining': '0' },
      )
    send(res, 429, { errors: ['Too many requests'] }, headers)
  }

  private bearer(req: IncomingMessage, expected: string): boolean {
    return req.headers.authorization === `Bearer ${expected}`
  }

  private cloudflare(req: IncomingMessage, url: URL, res: ServerResponse): void {
    if (!this.bearer(req, this.tokens.cloudflare)) return cfError(res, 403, 10000, 'Authentication error')
    if (req.method !== 'GET') return cfError(res, 405, 10000, 'Method not allowed')
    const path = url.pathname.replace(/^\/client\/v4/, '')
    const page = intParam(url, 'page', 1)
    const perPage = Math.min(intParam(url, 'per_page', 20), CF_PAGE_CAP)
    const list = (items: unknown[]): void => {
      const { slice, totalPages } = paginate(items, page, perPage)
      send(
        res,
        200,
        cfEnvelope(slice, {
          page,
          per_page: perPage,
          count: slice.length,
          total_count: items.length,
          total_pages: totalPages,
        }),
      )
    }
    if (path === '/zones') {
      const name = url.searchParams.get('name')
      return list(
        this.zones
          .filter((z) => !name || z.name === name)
          .map((z) => ({
            id: z.id,
            name: z.name,
            status: 'active',
            paused: false,
            type: 'full',
            account: this.account,
            name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
            plan: { name: 'Pro Website' },
          })),
      )
    }
    if (path === '/accounts')
      return list([{ ...this.account, type: 'standard', settings: { enforce_twofactor: false } }])
    if (path === `/accounts/${this.account.id}/members`) return list(this.cfMembers())
    const m = /^\/zones\/([0-9a-f]{32})(\/.*)$/.exec(path)
    const zone = m ? this.zones.find((z) => z.id === m[1]) : undefined
    if (!zone)
      return cfError(
        res,
        404,
        7003,
        'Could not route to this path, perhaps your object identifier is invalid?',
      )
    const rest = m![2]!
    if (rest === '/settings') return send(res, 200, cfEnvelope(cfSettings(zone, this.mode)))
    const phase = /^\/rulesets\/phases\/([a-z0-9_]+)\/entrypoint$/.exec(rest)?.[1]
    if (phase) {
      const ruleset = cfRuleset(zone, phase, this.mode)
      return ruleset
        ? send(res, 200, cfEnvelope(ruleset))
        : cfError(res, 404, 10003, `could not find entrypoint ruleset in the ${phase} phase`)
    }
    if (rest === '/pagerules') return send(res, 200, cfEnvelope(cfPageRules(zone, this.mode)))
    if (rest === '/bot_management')
      return send(
        res,
        200,
        cfEnvelope({
          fight_mode: true,
          enable_js: true,
          using_latest_model: true,
          ai_bots_protection: 'block',
        }),
      )
    if (rest === '/dns_records') return list(this.cfDnsRecords(zone))
    return cfError(res, 404, 7003, 'Could not route to this path')
  }

  private cfMembers(): Json[] {
    const member = (email: string, first: string, last: string, role: string, twoFactor: boolean): Json => ({
      id: id32(`member:${email}`),
      user: {
        id: id32(`user:${email}`),
        email,
        first_name: first,
        last_name: last,
        two_factor_authentication_enabled: twoFactor,
      },
      status: 'accepted',
      roles: [{ id: id32(`role:${role}`), name: role, description: `${role} of the account` }],
    })
    return [
      member('sam@acme.test', 'Sam', 'Doe', 'Super Administrator - All Privileges', true),
      member('founder@acme.test', 'Alex', 'Founder', 'Administrator', true),
      member('billing@acme.test', 'Casey', 'Books', 'Billing', true),
      ...(this.mode === 'flawed'
        ? [member('dev@pixelforge-studio.test', 'Jordan', 'Pixel', 'Administrator', false)]
        : []),
    ]
  }

  private cfDnsRecords(zone: CfZone): Json[] {
    const records =
      zone.environment === 'production'
        ? this.options
            .zoneRecords(this.mode)
            .filter(
              (r) =>
                (r.name === zone.name || r.name.endsWith(`.${zone.name}`)) && recordContent(r) !== undefined,
            )
            .map((r) => ({
              type: r.type as string,
              name: r.name,
              content: recordContent(r)!,
              ttl: r.ttl ?? 1,
            }))
        : ['', 'www.', 'app.', 'api.'].map((p) => ({
            type: 'A',
            name: `${p}${zone.name}`,
            content: '192.0.2.80',
            ttl: 1,
          }))
    return records.map((r) => ({
      id: id32(`${zone.id}:${r.type}:${r.name}:${r.content}`),
      zone_id: zone.id,
      zone_name: zone.name,
      ...r,
      proxiable: r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME',
      proxied:
        (r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME') &&
        PROXIED.has(r.name.replace(zone.name, LAB_ZONES.production)),
      created_on: '2026-11-01T09:00:00.000000Z',
      modified_on: '2026-11-20T09:00:00.000000Z',
    }))
  }

  // ——— UptimeRobot API v2: POST /v2/getMonitors with api_key as a form field ———

  private async uptimeRobot(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || url.pathname !== '/v2/getMonitors')
      return send(res, 404, { stat: 'fail', error: { type: 'not_found', message: 'Not found' } })
    const form = new URLSearchParams(await readBody(req))
    if (form.get('api_key') !== this.tokens.uptimerobot)
      return send(res, 200, {
        stat: 'fail',
        error: {
          type: 'invalid_parameter',
          parameter_name: 'api_key',
          passed_value: form.get('api_key') ?? '',
        },
      })
    const offset = Math.max(0, Number(form.get('offset') ?? 0) || 0)
    const limit = Math.min(Math.max(1, Number(form.get('limit') ?? 50) || 50), 50, PAGE_CAP)
    const contacts = form.get('alert_contacts') === '1'
    const monitor = (id: number, name: string, target: string, interval: number, status: number): Json => ({
      id,
      friendly_name: name,
      url: target,
      type: 1,
      sub_type: '',
      keyword_type: null,
      keyword_value: '',
      http_username: '',
      http_password: '',
      port: '',
      interval,
      status,
      create_datetime: 1764000000,
      ...(contacts
        ? {
            alert_contacts: [
              { id: '4711', value: 'ops@acme.test', type: 2, threshold: 0, recurrence: 0 },
              {
                id: '4712',
                value: 'https://hooks.slack.com/services/T0ACME/B0OPS/lab-webhook-path',
                type: 11,
                threshold: 0,
                recurrence: 0,
              },
            ],
          }
        : {}),
    })
    const all = [
      monitor(800001, 'Acme www', 'https://www.acme.test/', 300, 2),
      monitor(800002, 'Acme API health', `https://api.acme.test${HEALTH_PATH}`, 60, 2),
      monitor(800003, 'Acme API', 'https://api.acme.test/', 300, this.mode === 'flawed' ? 0 : 2),
      ...(this.mode === 'flawed'
        ? [monitor(800004, 'Previous client shop', 'https://shop.previous-client.test/', 300, 2)]
        : []),
    ]
    send(res, 200, {
      stat: 'ok',
      pagination: { offset, limit, total: all.length },
      monitors: all.slice(offset, offset + limit),
    })
  }

  // ——— Better Stack Uptime API v2: GET /api/v2/monitors, JSON:API style with pagination.next ———

  private betterStack(req: IncomingMessage, url: URL, res: ServerResponse): void {
    if (!this.bearer(req, this.tokens.betterstack))
      return send(res, 401, {
        errors:
          'Invalid Team API token. How to find your Team API token: https://betterstack.com/docs/uptime/api/getting-started-with-uptime-api#obtaining-an-uptime-api-token',
      })
    if (req.method !== 'GET' || url.pathname !== '/api/v2/monitors')
      return send(res, 404, { errors: 'Resource not found' })
    const page = intParam(url, 'page', 1)
    const perPage = Math.min(intParam(url, 'per_page', 50), 250, PAGE_CAP)
    const monitor = (id: string, name: string, target: string, frequency: number): Json => ({
      id,
      type: 'monitor',
      attributes: {
        url: target,
        pronounceable_name: name,
        monitor_type: 'status',
        monitor_group_id: null,
        last_checked_at: '2026-12-01T08:00:00.000Z',
        status: 'up',
        check_frequency: frequency,
        call: false,
        sms: false,
        email: true,
        push: true,
        team_wait: null,
        http_method: 'get',
        request_timeout: 30,
        recovery_period: 180,
        paused_at: null,
        paused: false,
        policy_id: null,
      },
      relationships: { policy: { data: null } },
    })
    const all = [
      monitor('2330001', 'Acme apex', 'https://acme.test/', 180),
      ...(this.mode === 'fixed' ? [monitor('2330002', 'Acme portal', 'https://app.acme.test/', 180)] : []),
      monitor('2330003', 'Acme status page', 'https://status.acme.test/', 180),
    ]
    const { slice, totalPages } = paginate(all, page, perPage)
    const link = (p: number): string =>
      `https://${PROVIDER_HOSTS.betterstack}/api/v2/monitors?page=${p}&per_page=${perPage}`
    send(res, 200, {
      data: slice,
      pagination: {
        first: link(1),
        last: link(totalPages),
        prev: page > 1 ? link(page - 1) : null,
        next: page < totalPages ? link(page + 1) : null,
      },
    })
  }

  // ——— GitHub REST: GET /repos/:owner/:repo/collaborators, pages in the Link header ———

  private github(req: IncomingMessage, url: URL, res: ServerResponse): void {
    if (!this.bearer(req, this.tokens.github))
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      })
    if (req.method !== 'GET' || url.pathname !== '/repos/acme/portal/collaborators')
      return send(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      })
    const page = intParam(url, 'page', 1)
    const perPage = Math.min(intParam(url, 'per_page', 30), 100, PAGE_CAP)
    const user = (login: string, role: string): Json => ({
      login,
      id: Number.parseInt(id32(login).slice(0, 7), 16),
      type: 'User',
      site_admin: false,
      html_url: `https://github.com/${login}`,
      permissions: {
        admin: role === 'admin',
        maintain: role === 'admin' || role === 'maintain',
        push: role !== 'read' && role !== 'triage',
        triage: role !== 'read',
        pull: true,
      },
      role_name: role,
    })
    const all = [
      user('samdoe', 'admin'),
      user('acme-founder', 'admin'),
      user('acme-ci-bot', 'write'),
      ...(this.mode === 'flawed' ? [user('pixelforge-jordan', 'admin')] : []),
    ]
    const { slice, totalPages } = paginate(all, page, perPage)
    const link = (p: number): string =>
      `<https://${PROVIDER_HOSTS.github}/repos/acme/portal/collaborators?per_page=${perPage}&page=${p}>`
    const rels = [
      ...(page < totalPages ? [`${link(page + 1)}; rel="next"`, `${link(totalPages)}; rel="last"`] : []),
      ...(page > 1 ? [`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`] : []),
    ]
    send(res, 200, slice, rels.length > 0 ? { link: rels.join(', ') } : {})
  }
}
