// Cloudflare (API v4): a zone's settings, rulesets, page rules, bot settings and DNS records, and the members of the
// accounts the token can see, mapped onto the neutral edge and access facts.
import { failure, ok, type Result } from '../core/result'
import { type ProviderApi } from './api'
import { apiUrl, type EdgeProvider } from './providers'
import { cookieOf, expressionPaths, targetPath } from './rules'
import type { AccessMember, EdgeDnsRecord, EdgeSettings } from './types'
import { API } from './codes'
import type { ProviderCode } from './codes'

/** Page size asked of list endpoints; the answer's result_info says how many pages there are. */
const PER_PAGE = 50
/** At most this many pages of one list are read (50 × 100 = 5000 DNS records). */
const MAX_PAGES = 100

/** Names of Cloudflare's managed rulesets, by their public ids. */
const MANAGED_RULESETS: Record<string, string> = {
  efb7b8c949ac4650a09736fc376e9aee: 'Cloudflare Managed Ruleset',
  '4814384a9e5d4991b9815dcfc25d2f1f': 'Cloudflare OWASP Core Ruleset',
  c2e184081120413c86c3ab7e14069605: 'Cloudflare Exposed Credentials Check',
}

interface Envelope<T> {
  success?: boolean
  result?: T
  result_info?: { page?: number; total_pages?: number; count?: number; total_count?: number }
}

interface Setting {
  id: string
  value: unknown
}

interface RulesetRule {
  id?: string
  action?: string
  expression?: string
  description?: string
  enabled?: boolean
  action_parameters?: {
    id?: string
    cache?: boolean
    edge_ttl?: { mode?: string }
    overrides?: { sensitivity_level?: string; action?: string; enabled?: boolean }
  }
  ratelimit?: { requests_per_period?: number; period?: number }
}

interface PageRule {
  status?: string
  targets?: { constraint?: { value?: string } }[]
  actions?: { id?: string; value?: unknown }[]
}

interface CfMember {
  status?: string
  user?: {
    email?: string
    first_name?: string | null
    last_name?: string | null
    two_factor_authentication_enabled?: boolean
  }
  roles?: { name?: string }[]
  policies?: { permission_groups?: { name?: string }[] }[]
}

/** Every page of a list endpoint, following result_info.total_pages. */
async function allPages<T>(
  api: ProviderApi,
  url: string,
  query: Record<string, string | number> = {},
): Promise<Result<T[], ProviderCode>> {
  const items: T[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await api.call(apiUrl(url, '', { ...query, page, per_page: PER_PAGE }))
    if (!answer.ok) return answer
    const body = answer.value.json as Envelope<T[]>
    if (!Array.isArray(body?.result))
      return failure(API.BAD_RESPONSE, `Cloudflare sent no result list for ${new URL(url).pathname}`)
    items.push(...body.result)
    if (page >= (body.result_info?.total_pages ?? 1)) return ok(items)
  }
  return ok(items)
}

async function result<T>(
  api: ProviderApi,
  url: string,
  allow404 = false,
): Promise<Result<T | undefined, ProviderCode>> {
  const answer = await api.call(url, { allow404 })
  if (!answer.ok) return answer
  if (answer.value.status === 404) return ok(undefined)
  return ok((answer.value.json as Envelope<T>)?.result)
}

/** The rules of a zone's entrypoint ruleset for a phase; none when the phase has no entrypoint (404). */
async function phaseRules(
  api: ProviderApi,
  zoneUrl: string,
  phase: string,
): Promise<Result<RulesetRule[], ProviderCode>> {
  const got = await result<{ rules?: RulesetRule[] }>(
    api,
    `${zoneUrl}/rulesets/phases/${phase}/entrypoint`,
    true,
  )
  if (!got.ok) return got
  return ok(got.value?.rules ?? [])
}

function settingsOf(list: Setting[]): Map<string, unknown> {
  return new Map(list.map((s) => [s.id, s.value]))
}

const on = (v: unknown): boolean => v === 'on' || v === true

/** The Cloudflare API v4 adapter. */
export const cloudflare: EdgeProvider = {
  id: 'cloudflare',
  label: 'Cloudflare',
  api: 'https://api.cloudflare.com/client/v4',
  auth: { label: 'Cloudflare', style: 'bearer' },

  async readZone(api, base, zoneName) {
    const zones = await allPages<{ id: string; name: string; account?: { id: string; name: string } }>(
      api,
      apiUrl(base, '/zones'),
      { name: zoneName },
    )
    if (!zones.ok) return zones
    const zone = zones.value.find((z) => z.name === zoneName)
    if (!zone) return failure(API.NOT_FOUND, `the Cloudflare token sees no zone named ${zoneName}`)
    const zoneUrl = apiUrl(base, `/zones/${zone.id}`)
    const settingsList = await result<Setting[]>(api, `${zoneUrl}/settings`)
    if (!settingsList.ok) return settingsList
    const settings = settingsOf(settingsList.value ?? [])
    const phases = [
      'http_request_firewall_managed',
      'http_ratelimit',
      'http_request_cache_settings',
      'ddos_l7',
    ]
    const rules: Record<string, RulesetRule[]> = {}
    for (const phase of phases) {
      const got = await phaseRules(api, zoneUrl, phase)
      if (!got.ok) return got
      rules[phase] = got.value
    }
    const pageRules = await result<PageRule[]>(api, apiUrl(zoneUrl, '/pagerules', { status: 'active' }))
    if (!pageRules.ok) return pageRules
    const bots = await result<{ fight_mode?: boolean }>(api, `${zoneUrl}/bot_management`, true)
    if (!bots.ok) return bots
    const records = await allPages<{
      type: string
      name: string
      content: string
      proxied?: boolean
      ttl?: number
    }>(api, `${zoneUrl}/dns_records`)
    if (!records.ok) return records

    const hsts = (
      settings.get('security_header') as { strict_transport_security?: Record<string, unknown> } | undefined
    )?.strict_transport_security
    const ddosOverride = (rules.ddos_l7 ?? []).find((r) => r.action_parameters?.overrides)?.action_parameters
      ?.overrides
    const facts: EdgeSettings = {
      sslMode: String(settings.get('ssl') ?? 'unknown'),
      alwaysUseHttps: on(settings.get('always_use_https')),
      minTlsVersion: String(settings.get('min_tls_version') ?? 'unknown'),
      hsts: {
        enabled: hsts?.enabled === true,
        maxAge: Number(hsts?.max_age ?? 0),
        includeSubdomains: hsts?.include_subdomains === true,
        preload: hsts?.preload === true,
      },
      wafManaged: (rules.http_request_firewall_managed ?? [])
        .filter((r) => r.action === 'execute' && r.enabled !== false)
        .map(
          (r) =>
            MANAGED_RULESETS[r.action_parameters?.id ?? ''] ??
            r.description ??
            r.action_parameters?.id ??
            'managed ruleset',
        ),
      rateLimits: (rules.http_ratelimit ?? []).map((r) => ({
        source: 'http_ratelimit',
        description: r.description ?? '',
        expression: r.expression ?? 'true',
        paths: expressionPaths(r.expression ?? 'true'),
        enabled: r.enabled !== false,
        ...(r.ratelimit?.requests_per_period !== undefined
          ? { requests: r.ratelimit.requests_per_period }
          : {}),
        ...(r.ratelimit?.period !== undefined ? { periodSeconds: r.ratelimit.period } : {}),
        action: r.action ?? 'block',
      })),
      cacheRules: [
        ...(rules.http_request_cache_settings ?? []).map((r) => {
          const expression = r.expression ?? 'true'
          const caches = r.action_parameters?.cache === true
          const cookie = !caches ? cookieOf(expression) : undefined
          return {
            source: 'http_request_cache_settings',
            description: r.description ?? '',
            expression,
            // A bypass keyed on a cookie applies wherever the cookie is sent: its path tests are the rule's paths.
            paths: expressionPaths(expression),
            enabled: r.enabled !== false,
            caches,
            ...(cookie ? { bypassOnCookie: cookie } : {}),
          }
        }),
        ...(pageRules.value ?? [])
          .filter((p) => p.status === undefined || p.status === 'active')
          .flatMap((p) => {
            const target = p.targets?.[0]?.constraint?.value ?? '*'
            const actions = new Map((p.actions ?? []).map((a) => [a.id ?? '', a.value]))
            const level = actions.get('cache_level')
            const cookie = actions.get('bypass_cache_on_cookie')
            if (level === undefined && cookie === undefined) return []
            return [
              {
                source: 'pagerules',
                description: `page rule ${target}`,
                expression: target,
                paths: [targetPath(target)],
                enabled: true,
                caches: level === 'cache_everything',
                ...(typeof cookie === 'string' ? { bypassOnCookie: cookie } : {}),
              },
            ]
          }),
      ],
      ddos: ddosOverride
        ? [
            ddosOverride.sensitivity_level ? `sensitivity ${ddosOverride.sensitivity_level}` : '',
            ddosOverride.action ? `action ${ddosOverride.action}` : '',
            ddosOverride.enabled === false ? 'disabled' : '',
          ]
            .filter(Boolean)
            .join(', ') || 'default'
        : 'default',
      botFightMode: bots.value?.fight_mode === true,
      securityLevel: String(settings.get('security_level') ?? 'unknown'),
    }
    const dnsRecords: EdgeDnsRecord[] = records.value
      .map((r) => ({
        type: r.type,
        name: r.name,
        content: r.content,
        proxied: r.proxied === true,
        ttl: r.ttl ?? 1,
      }))
      .sort(
        (a, b) =>
          a.name.localeCompare(b.name) || a.type.localeCompare(b.type) || a.content.localeCompare(b.content),
      )
    return ok({
      provider: 'cloudflare',
      zone: zone.name,
      zoneId: zone.id,
      ...(zone.account ? { account: { id: zone.account.id, name: zone.account.name } } : {}),
      settings: facts,
      dnsRecords,
    })
  },

  async readMembers(api, base) {
    const accounts = await allPages<{ id: string; name: string }>(api, apiUrl(base, '/accounts'))
    if (!accounts.ok) return accounts
    const lists = []
    for (const account of accounts.value) {
      const members = await allPages<CfMember>(api, apiUrl(base, `/accounts/${account.id}/members`))
      if (!members.ok) return members
      lists.push({
        place: `Cloudflare account ${account.name}`,
        members: members.value.map((m): AccessMember => {
          const roles = [
            ...(m.roles ?? []).map((r) => r.name ?? ''),
            ...(m.policies ?? []).flatMap((p) => (p.permission_groups ?? []).map((g) => g.name ?? '')),
          ].filter(Boolean)
          const name = [m.user?.first_name, m.user?.last_name].filter(Boolean).join(' ')
          return {
            who: m.user?.email ?? '(unknown)',
            ...(name ? { name } : {}),
            roles,
            admin: roles.some((r) => /administrator|super administrator/i.test(r)),
            ...(m.user?.two_factor_authentication_enabled !== undefined
              ? { twoFactor: m.user.two_factor_authentication_enabled }
              : {}),
            ...(m.status ? { status: m.status } : {}),
          }
        }),
      })
    }
    return ok(lists)
  },
}
