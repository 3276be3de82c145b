// What the integration probes keep: each provider's API answers (redacted) and the provider-neutral facts the checks
// read. A second provider maps its own API onto these shapes; the checks never see a provider's JSON.
import { z } from 'zod'

/** One API answer as kept in the observation: the path asked, the status, and the body with secrets removed. */
export const apiRecord = z.strictObject({
  method: z.string(),
  url: z.string(),
  status: z.number().int(),
  /** The JSON body, redacted (known secrets, token-shaped strings, and the provider's sensitive fields). */
  body: z.unknown().optional(),
  /** Seconds the provider asked us to wait (a rate-limit answer). */
  retryAfter: z.number().optional(),
})
/** One kept API answer. */
export type ApiRecord = z.output<typeof apiRecord>

/** A rule of the edge, in the provider's own expression, with the URL paths it applies to. */
export const edgeRule = z.strictObject({
  /** Where it lives at the provider, e.g. `http_ratelimit` or `pagerules`. */
  source: z.string(),
  description: z.string(),
  expression: z.string(),
  /** Path patterns the rule matches (`*` any path; `/api/*` a prefix; an exact path), or ['*'] for all. */
  paths: z.array(z.string()),
  enabled: z.boolean(),
})

/** A rate-limit rule of the edge. */
export const rateLimitRule = edgeRule.extend({
  requests: z.number().optional(),
  periodSeconds: z.number().optional(),
  action: z.string(),
})

/** A cache rule (or page rule) of the edge. */
export const cacheRule = edgeRule.extend({
  /** The rule stores responses at the edge (cache everything, or an edge TTL over the origin's headers). */
  caches: z.boolean(),
  /** The rule bypasses the cache when the request carries this cookie. */
  bypassOnCookie: z.string().optional(),
})

/** The settings of one zone that edge.config-drift compares, setting by setting. */
export const edgeSettings = z.strictObject({
  /** off · flexible · full · strict. */
  sslMode: z.string(),
  alwaysUseHttps: z.boolean(),
  /** 1.0 · 1.1 · 1.2 · 1.3 */
  minTlsVersion: z.string(),
  hsts: z.strictObject({
    enabled: z.boolean(),
    maxAge: z.number(),
    includeSubdomains: z.boolean(),
    preload: z.boolean(),
  }),
  /** Managed WAF rulesets deployed and enabled, by name. */
  wafManaged: z.array(z.string()),
  rateLimits: z.array(rateLimitRule),
  cacheRules: z.array(cacheRule),
  /** DDoS protection: `default` when the managed protection runs unchanged, else what an override sets. */
  ddos: z.string(),
  botFightMode: z.boolean(),
  securityLevel: z.string(),
})
/** The compared settings of one zone. */
export type EdgeSettings = z.output<typeof edgeSettings>

/** One DNS record of a zone export. */
export const edgeDnsRecord = z.strictObject({
  type: z.string(),
  name: z.string(),
  content: z.string(),
  proxied: z.boolean(),
  ttl: z.number(),
})
/** One DNS record of a zone export. */
export type EdgeDnsRecord = z.output<typeof edgeDnsRecord>

/** Data of an `edge.zone` observation: one zone read through its provider's API. */
export const edgeZoneFacts = z.strictObject({
  provider: z.string(),
  zone: z.string(),
  zoneId: z.string(),
  account: z.strictObject({ id: z.string(), name: z.string() }).optional(),
  settings: edgeSettings,
  dnsRecords: z.array(edgeDnsRecord),
  responses: z.array(apiRecord),
})
/** Data of an edge.zone observation. */
export type EdgeZoneFacts = z.output<typeof edgeZoneFacts>

/** Data of an `edge.baseline` observation: the zones as the accepted baseline run saw them. */
export const edgeBaselineFacts = z.strictObject({
  run: z.string().optional(),
  zones: z.record(z.string(), edgeZoneFacts.omit({ responses: true })),
})
/** Data of an edge.baseline observation. */
export type EdgeBaselineFacts = z.output<typeof edgeBaselineFacts>

/** One uptime monitor, provider-neutral. */
export const uptimeMonitor = z.strictObject({
  provider: z.string(),
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** Seconds between checks. */
  intervalSeconds: z.number(),
  paused: z.boolean(),
  /** The provider's own status word (up, down, paused, pending…). */
  status: z.string(),
  /** Who is alerted, described without the address itself when it is a URL (a webhook is a secret). */
  alertContacts: z.array(z.string()),
})
/** One uptime monitor, provider-neutral. */
export type UptimeMonitor = z.output<typeof uptimeMonitor>

/** Data of an `uptime.monitors` observation: every monitor of one provider account. */
export const uptimeFacts = z.strictObject({
  provider: z.string(),
  monitors: z.array(uptimeMonitor),
  responses: z.array(apiRecord),
})
/** Data of an uptime.monitors observation. */
export type UptimeFacts = z.output<typeof uptimeFacts>

/** One person (or bot) with access somewhere, and what they may do there. */
export const accessMember = z.strictObject({
  /** An e-mail address or a login. */
  who: z.string(),
  name: z.string().optional(),
  roles: z.array(z.string()),
  admin: z.boolean(),
  twoFactor: z.boolean().optional(),
  /** accepted · pending (an invitation not yet taken up). */
  status: z.string().optional(),
})
/** One member of an access list. */
export type AccessMember = z.output<typeof accessMember>

/** Data of an `access.members` observation: the member lists one provider token can see. */
export const accessFacts = z.strictObject({
  provider: z.string(),
  lists: z.array(
    z.strictObject({
      /** What the list is of, e.g. `Cloudflare account Acme Ltd` or `GitHub acme/portal`. */
      place: z.string(),
      members: z.array(accessMember),
    }),
  ),
  responses: z.array(apiRecord),
})
/** Data of an access.members observation. */
export type AccessFacts = z.output<typeof accessFacts>

/** Data schema of each integration probe kind (for stored-run and fixture validation). */
export const INTEGRATION_DATA: Record<string, z.ZodType> = {
  'edge.zone': edgeZoneFacts,
  'edge.baseline': edgeBaselineFacts,
  'uptime.monitors': uptimeFacts,
  'access.members': accessFacts,
}
