// The engagement file (`handover.json`, schema handover.engagement/1) and its validation (DESIGN.md §6).
import { isIP } from 'node:net'
import { z } from 'zod'
import { scopePatternProblem } from '../network/scope'
import { flowsSection } from './flows-schema'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/** True for an ASCII (punycode) DNS host name with at least two labels. */
export function isDomainName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value
  if (name.length === 0 || name.length > 253) return false
  const labels = name.split('.')
  return labels.length >= 2 && labels.every((label) => LABEL.test(label))
}

const domain = z
  .string()
  .transform((s) => s.trim().toLowerCase().replace(/\.$/, ''))
  .refine(isDomainName, { error: 'expected a domain name such as acme.test' })

const subdomainLabel = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => s.split('.').every((label) => LABEL.test(label)), {
    error: 'expected a subdomain label such as app or api',
  })

const webUrl = z.string().refine(
  (s) => {
    try {
      const url = new URL(s)
      return (url.protocol === 'https:' || url.protocol === 'http:') && isDomainName(url.hostname)
    } catch {
      return false
    }
  },
  { error: 'expected an absolute http(s) URL with a domain name, such as https://app.acme.test/' },
)

/** `keychain:<name>`: a credential kept in the OS keychain, resolved only when used. */
export const keychainRef = z.string().regex(/^keychain:[A-Za-z0-9._-]{1,128}$/, {
  error: 'expected a keychain reference such as keychain:acme-alice (secrets never go in this file)',
})

const scopePattern = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => isDomainName(s.startsWith('*.') ? s.slice(2) : s) || /^[0-9.]+$|^[0-9a-f:]+$/.test(s), {
    error: 'expected a host such as acme.test or a wildcard such as *.acme.test',
    abort: true,
  })
  .refine((s) => scopePatternProblem(s) === undefined, {
    error: (issue) => scopePatternProblem(String(issue.input)) ?? 'a wildcard may not cover a public suffix',
  })

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, {
  error: 'expected HOST:PORT, such as 127.0.0.1:5353',
})

const connectTo = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})?$/, {
    error: "expected curl's HOST1:PORT1:HOST2:PORT2, such as app.acme.test:443:127.0.0.1:8443",
  })

const cidrRange = z.string().refine(
  (s) => {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim())
    const family = m ? isIP(m[1]!) : 0
    return family !== 0 && Number(m![2]) <= (family === 4 ? 32 : 128)
  },
  { error: 'expected an address range such as 127.0.0.0/8 or fd00::/8' },
)

/** Families of active tests that scope.active can consent to. */
export const CONSENT_FAMILIES = [
  'authz',
  'input',
  'rate-limit',
  'flows',
  'uploads',
  'assistant',
  'alerts',
  'webhooks',
] as const

const endpoint = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/', { error: 'expected a path starting with /' }),
  protected: z.boolean().default(true),
  roles: z.array(z.string()).optional(),
  examples: z.record(z.string(), z.string()).optional(),
  write: z.boolean().optional(),
  /** A valid request body (JSON object) for a write endpoint: surface.input-validation sends it first, then variants. */
  sample: z.record(z.string(), z.unknown()).optional(),
})

const account = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  role: z.string().min(1),
  username: z.string().min(1),
  password: keychainRef.optional(),
  token: keychainRef.optional(),
})

const auth = z.strictObject({
  kind: z.enum(['api', 'form', 'basic', 'static']),
  login: z
    .strictObject({
      url: webUrl,
      method: z.enum(['POST', 'GET']).default('POST'),
      json: z.record(z.string(), z.string()).optional(),
      form: z.record(z.string(), z.string()).optional(),
      token: z.string().optional(),
      selectors: z
        .strictObject({ username: z.string(), password: z.string(), submit: z.string() })
        .optional(),
      successPrefix: z.string().optional(),
      /** A CSRF token read from the login page (`page`, default the login URL) and sent as `{csrf}` / a header. */
      csrf: z
        .strictObject({ page: webUrl.optional(), field: z.string().min(1), header: z.string().optional() })
        .optional(),
    })
    .optional(),
  carry: z.enum(['bearer', 'cookie']).default('bearer'),
  logout: z
    .strictObject({ url: webUrl, method: z.enum(['POST', 'GET', 'DELETE']).default('POST') })
    .optional(),
  /**
   * One admin action that is safe to perform for real (authz.admin-stepup, consent `authz`): sent once as the
   * admin account (`account`, else the first account of role admin); it must ask for a second factor or a fresh
   * sign-in before it is carried out.
   */
  adminAction: z
    .strictObject({
      method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
      url: webUrl,
      json: z.record(z.string(), z.unknown()).optional(),
      account: z.string().optional(),
    })
    .optional(),
  /** The engagement's session policy: the longest lifetime a session may have (authz.session-expiry). */
  maxSessionHours: z.number().positive().max(8760).default(24),
  /**
   * Reset or magic links the consultant has already used or let expire (authz.reset-expiry); each link is a
   * secret, kept in the keychain.
   */
  resetLinks: z
    .array(
      z.strictObject({
        link: keychainRef,
        state: z.enum(['used', 'expired']),
        account: z.string().optional(),
      }),
    )
    .default([]),
})

/** Stage 6: what is watched, by whom it is alerted, and the mail server for the test alert (README: Monitoring). */
const monitoringSection = z.strictObject({
  health: webUrl.optional(),
  coreReads: z.array(webUrl).default([]),
  samples: z.number().int().min(1).max(10000).default(200),
  alertWebhook: keychainRef.optional(),
  alertEmail: z.email({ error: 'expected an e-mail address such as oncall@acme.test' }).optional(),
  statusPage: webUrl.optional(),
  uptimeToken: keychainRef.optional(),
  /** The account whose session the health endpoint and the core reads need. */
  account: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional(),
  /** Text the health endpoint's body must contain; by default a JSON `status` of ok, up, pass or healthy. */
  healthExpect: z.string().min(1).optional(),
  /** Components the status page should name; by default the portal and the API. */
  components: z.array(z.string().min(1)).optional(),
  /** Mail server for the test alert to `alertEmail` (STARTTLS on submission, port 587). */
  smtp: z
    .strictObject({
      host: z.string().refine(isDomainName, { error: 'expected a host name such as smtp.acme.test' }),
      port: z.number().int().min(1).max(65535).default(587),
      from: z.email({ error: 'expected an e-mail address such as alerts@acme.test' }),
      username: z.string().optional(),
      password: keychainRef.optional(),
    })
    .optional(),
})

/** The kinds of incident the playbook gives first steps for; a contact may be called first for some of them. */
export const INCIDENT_KINDS = ['portal-down', 'data-exposure', 'secret-leaked', 'bad-deploy'] as const

/** A phone number as people write it: an optional +, digits and spacing, 6 to 15 digits in all. */
const phone = z.string().refine(
  (s) => /^\+?[0-9 ().-]+$/.test(s.trim()) && /^(\D*\d){6,15}\D*$/.test(s),
  // The number is personal: the sentence names the field, never the value.
  { error: 'expected a phone number such as +44 20 7946 0000 (digits, spaces, an optional leading +)' },
)

/** One person of the incident playbook: who, how to reach them, and their place in the on-call order. */
const incidentContact = z
  .strictObject({
    name: z.string().trim().min(1, { error: 'must not be empty' }),
    role: z.string().trim().min(1, { error: 'must not be empty; say what the person does, e.g. CTO' }),
    email: z.email({ error: 'expected an e-mail address such as sam@acme.test' }).optional(),
    phone: phone.optional(),
    /** A chat handle and where, e.g. `@sam (Slack #ops)`; a handle, never a webhook or invite URL. */
    chat: z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(80, { error: 'at most 80 characters: a handle such as @sam (Slack #ops)' })
      .refine((s) => !/:\/\//.test(s), { error: 'expected a handle such as @sam (Slack #ops), not a URL' })
      .optional(),
    /** 1 is called first, 2 when 1 has not answered, and so on; absent: not on call. */
    onCall: z.number().int().min(1).max(20).optional(),
    /** Incident kinds this person is told of at once, whatever the on-call order (e.g. a privacy officer). */
    callFor: z
      .array(z.enum(INCIDENT_KINDS, { error: `expected one of ${INCIDENT_KINDS.join(', ')}` }))
      .default([]),
  })
  .refine((c) => c.email || c.phone || c.chat, {
    error: 'give at least one way to reach this person: email, phone or chat',
  })

/** Who responds to an incident and within how many minutes (README: Incident playbook). */
const incidentSection = z
  .strictObject({
    contacts: z.array(incidentContact).default([]),
    targets: z
      .strictObject({
        /** The on-call person acknowledges the alert within this many minutes. */
        firstResponseMinutes: z.number().int().min(1).max(1440).default(15),
        /** Without an acknowledgement, the next person on call is called after this many minutes, and so on. */
        escalateAfterMinutes: z.number().int().min(1).max(1440).default(30),
        /** The status page says something within this many minutes of the alert. */
        statusPageMinutes: z.number().int().min(1).max(1440).default(30),
      })
      .default({ firstResponseMinutes: 15, escalateAfterMinutes: 30, statusPageMinutes: 30 }),
  })
  .superRefine((s, ctx) => {
    const places = new Map<number, number>()
    s.contacts.forEach((c, i) => {
      if (c.onCall === undefined) return
      const holder = places.get(c.onCall)
      if (holder !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['contacts', i, 'onCall'],
          message: `place ${c.onCall} is already held by contacts[${holder}]; each on-call place is one person`,
        })
      else places.set(c.onCall, i)
    })
    const gap = [...places.keys()].sort((a, b) => a - b).findIndex((place, i) => place !== i + 1)
    if (gap >= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['contacts'],
        message: `the on-call places must run 1, 2, 3… without a gap; nobody holds place ${gap + 1}`,
      })
    const t = s.targets
    if (t.escalateAfterMinutes <= t.firstResponseMinutes)
      ctx.addIssue({
        code: 'custom',
        path: ['targets', 'escalateAfterMinutes'],
        message: `${t.escalateAfterMinutes} minutes is not after the first response (${t.firstResponseMinutes} minutes); escalate only once the first response is overdue`,
      })
  })

/** smoke.isolation (docs/behaviour.md: Isolation): a burst of failing requests at `target`, the controls sampled. */
const isolationSection = z.strictObject({
  /** The request that fails: sent `failures` times; by default a JSON object that never closes. */
  target: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    url: webUrl,
    body: z
      .string()
      .max(64 * 1024, { error: 'at most 65536 characters: the body is sent many times' })
      .optional(),
    contentType: z.string().min(1).default('application/json'),
  }),
  failures: z.number().int().min(5).max(200).default(20),
  /** The health endpoint to watch (default monitoring.health) and the text its body must contain. */
  health: webUrl.optional(),
  healthExpect: z.string().min(1).optional(),
  /** Unrelated reads to watch (GET); by default up to two declared GET endpoints without an id in their path. */
  reads: z.array(webUrl).max(5, { error: 'at most 5 reads: each is sampled many times' }).optional(),
  /** The account whose session every request carries (default monitoring.account, else the first client). */
  account: z.string().optional(),
  /** How long to wait for the controls to come back after the burst. */
  recoverySeconds: z.number().int().min(1).max(120).default(10),
})

/** The engagement file (`handover.engagement/1`), validated field by field. */
export const engagementSchema = z
  .strictObject({
    schema: z.literal('handover.engagement/1', { error: 'expected "handover.engagement/1"' }),
    name: z.string().min(1, { error: 'must not be empty' }),
    client: z.string().optional(),
    consultant: z.string().optional(),
    domains: z
      .strictObject({
        apex: domain.optional(),
        www: z.boolean().default(true),
        subdomains: z.array(subdomainLabel).default([]),
      })
      .optional(),
    portal: z
      .strictObject({
        url: webUrl,
        login: webUrl.optional(),
        /** Pages of the single-page app to open as each account when crawling (surface.inventory); default the url. */
        crawl: z.array(webUrl).default([]),
        /** UI routes and the roles allowed there, for the auth map and authz.bfla. */
        routes: z
          .array(z.strictObject({ path: z.string().startsWith('/'), roles: z.array(z.string()).optional() }))
          .default([]),
      })
      .optional(),
    api: z
      .strictObject({
        base: webUrl,
        openapi: z.string().optional(),
        endpoints: z.array(endpoint).default([]),
      })
      .optional(),
    accounts: z.array(account).default([]),
    auth: auth.optional(),
    /** Browser sign-in and sign-out, the user switch and the declarative flows (consent `flows`; docs/flows.md). */
    flows: flowsSection.optional(),
    /** How hard edge.rate-limit-login and edge.rate-limit-api push (consent `rate-limit`; README: Rate limits). */
    rateLimits: z
      .strictObject({
        /** Failed sign-ins to send at most, with a wrong password, as `username` (never a real account's). */
        login: z
          .strictObject({
            attempts: z.number().int().min(3).max(100).default(20),
            username: z.string().min(1).optional(),
          })
          .default({ attempts: 20 }),
        /** A read to call in a burst, as `account` (default the first account), at most `burst` times. */
        api: z
          .strictObject({
            url: webUrl,
            burst: z.number().int().min(5).max(500).default(60),
            account: z.string().optional(),
          })
          .optional(),
      })
      .optional(),
    /** The portal's upload endpoint, for smoke.upload (consent `uploads`; docs/behaviour.md: Uploads). */
    upload: z
      .strictObject({
        url: webUrl,
        method: z.enum(['POST', 'PUT']).default('POST'),
        /** The multipart form field that carries the file. */
        field: z.string().min(1).default('file'),
        /** The account whose session uploads (default the first client account); `anonymous` for none. */
        account: z.string().optional(),
        /** The largest file the portal should take; the oversized try is one byte more (at most 20 MiB). */
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .max(20 * 1024 * 1024, { error: 'at most 20971520 (20 MiB): the oversized try must stay small' }),
        /** The content types the portal should take, e.g. ["application/pdf", "image/png"]. */
        types: z
          .array(
            z
              .string()
              .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: 'expected a content type such as image/png' }),
          )
          .min(1)
          .default(['application/pdf', 'image/png']),
        /** Dotted path of the stored object's URL in the JSON answer (default: Location, then url/href/…). */
        storedAt: z.string().min(1).optional(),
        /** DELETE each stored object afterwards (it is the probe's own upload, safe to remove). */
        cleanup: z.boolean().default(true),
      })
      .optional(),
    /** The endpoint smoke.isolation sends failing requests to, and what must keep working (consent `input`). */
    isolation: isolationSection.optional(),
    /** The portal's assistant endpoint, for smoke.ai-assistant (consent `assistant`; docs/assistant.md). */
    assistant: z
      .strictObject({
        url: webUrl,
        method: z.enum(['POST', 'PUT']).default('POST'),
        /** The account whose session asks (default the first client account); `anonymous` for none. */
        account: z.string().optional(),
        /** Where the user's text goes: a dotted path in the JSON body, or a body template holding `{prompt}`. */
        message: z.union(
          [
            z.string().regex(/^[\w-]+(\.[\w-]+)*$/, { error: 'expected a dotted path such as input' }),
            z.record(z.string(), z.unknown()).refine((t) => JSON.stringify(t).includes('{prompt}'), {
              error: 'a body template must hold the text {prompt} where the user’s message goes',
            }),
          ],
          { error: 'expected a dotted path such as input, or a JSON body template holding {prompt}' },
        ),
        /** The dotted path of the reply text in the JSON answer, e.g. `reply` or `choices.0.message.content`. */
        answer: z.string().regex(/^[\w-]+(\.[\w-]+)*$/, { error: 'expected a dotted path such as reply' }),
        /** The dotted path of the array of earlier `{role, content}` turns in the body, e.g. `messages`. */
        history: z
          .string()
          .regex(/^[\w-]+(\.[\w-]+)*$/, { error: 'expected a dotted path such as messages' })
          .optional(),
        /** The dotted path of a context or system field in the body the portal lets its caller fill. */
        context: z
          .string()
          .regex(/^[\w-]+(\.[\w-]+)*$/, { error: 'expected a dotted path such as context' })
          .optional(),
      })
      .optional(),
    mail: z
      .strictObject({
        domain,
        dkimSelectors: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).default([]),
        senders: z.array(z.string()).default([]),
        /** Other domains or subdomains the portal sends mail from; each needs its own SPF. */
        sendingDomains: z.array(domain).default([]),
      })
      .optional(),
    monitoring: monitoringSection.optional(),
    /** The incident playbook's people, on-call order and response targets in minutes. */
    incident: incidentSection.optional(),
    sources: z
      .strictObject({
        repo: z.string().optional(),
        envFiles: z.record(z.string(), z.string()).default({}),
        logs: z.array(z.string()).default([]),
      })
      .optional(),
    tls: z.strictObject({ renewal: z.string().min(1).optional() }).optional(),
    /** Stage 3 settings: the findings key, recorded rotations, webhook receivers, log policy (README: Secrets). */
    secrets: z
      .strictObject({
        /** Keychain entry of the key that hashes found values (default: findings-key.<engagement name>). */
        hashKey: keychainRef.optional(),
        /** Exposed secrets a person has rotated, by the id shown in the rotation plan. */
        rotated: z
          .array(
            z.strictObject({
              id: z.string().regex(/^[0-9a-f]{12,32}$/, { error: 'expected the id from the rotation plan' }),
              at: z.string().min(1),
              by: z.string().optional(),
              note: z.string().optional(),
            }),
          )
          .default([]),
        /** Webhook receivers to test with forged events (active, consent family `webhooks`). */
        webhooks: z
          .array(
            z.strictObject({
              url: webUrl,
              style: z.enum(['stripe', 'github', 'slack', 'svix']),
              /** The real signing secret, to sign a stale-timestamp event correctly (tests replay protection). */
              secret: keychainRef.optional(),
            }),
          )
          .default([]),
        /** What else logs must not show in clear: e-mail addresses, card numbers. */
        logPolicy: z
          .strictObject({ emails: z.boolean().default(false), cardNumbers: z.boolean().default(true) })
          .optional(),
      })
      .optional(),
    /**
     * Provider APIs read by the integration checks (README: Provider integrations). Each provider's API host must be
     * listed in scope.allow; tokens are keychain references.
     */
    integrations: z
      .strictObject({
        edge: z
          .strictObject({
            provider: z.enum(['cloudflare']),
            token: keychainRef,
            /** The API's base URL (default: the provider's public API). */
            api: webUrl.optional(),
            /** Each environment's zone, e.g. { "production": "acme.test", "staging": "acme-staging.test" }. */
            zones: z
              .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/), domain)
              .refine((z) => Object.keys(z).length > 0, {
                error: 'name at least one environment and its zone',
              }),
            /** The environment the others are compared with (default production, else the first). */
            reference: z.string().optional(),
          })
          .optional(),
        uptime: z
          .array(
            z.strictObject({
              provider: z.enum(['uptimerobot', 'betterstack']),
              token: keychainRef,
              api: webUrl.optional(),
            }),
          )
          .default([]),
        repository: z
          .strictObject({
            provider: z.enum(['github']),
            repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/name' }),
            token: keychainRef,
            api: webUrl.optional(),
          })
          .optional(),
        /** The people who should have access, so the access lists can mark who is not on it. */
        team: z
          .array(
            z.strictObject({
              name: z.string().min(1),
              emails: z.array(z.string()).default([]),
              github: z.string().optional(),
            }),
          )
          .default([]),
      })
      .optional(),
    /** The pre-deploy gate (`handover audit --ci`): which consented active families it may run (default none). */
    ci: z.strictObject({ active: z.array(z.enum(CONSENT_FAMILIES)).default([]) }).optional(),
    scope: z.strictObject({
      allow: z.array(scopePattern).min(1, { error: 'must list at least one host or *.domain pattern' }),
      active: z.array(z.enum(CONSENT_FAMILIES)).default([]),
      maxRequests: z.number().int().min(1).default(3000),
      maxRps: z.number().positive().default(20),
    }),
    network: z
      .strictObject({
        resolver: hostPort.optional(),
        connectTo: z.array(connectTo).default([]),
        caFile: z.string().min(1).optional(),
        timeouts: z
          .strictObject({
            connectMs: z.number().int().min(50).max(120_000).default(5000),
            readMs: z.number().int().min(50).max(300_000).default(10_000),
            totalMs: z.number().int().min(100).max(600_000).default(20_000),
          })
          .optional(),
        maxResponseBytes: z.number().int().min(1024).max(100_000_000).default(2_000_000),
        maxRedirects: z.number().int().min(0).max(20).default(5),
        concurrency: z.number().int().min(1).max(64).default(8),
        /**
         * Loopback and private ranges (CIDR) that in-scope names may resolve into; link-local and cloud-metadata
         * addresses are never contacted whatever this says (DESIGN.md §6 "Address policy").
         */
        allowAddresses: z.array(cidrRange).default([]),
      })
      .optional(),
  })
  .superRefine((e, ctx) => {
    const reference = e.integrations?.edge?.reference
    if (reference && e.integrations?.edge && !(reference in e.integrations.edge.zones))
      ctx.addIssue({
        code: 'custom',
        path: ['integrations', 'edge', 'reference'],
        message: `${reference} is not one of the environments in integrations.edge.zones`,
      })
    const ids = new Set(e.accounts.map((a) => a.id))
    const unknown = (id: string | undefined): boolean => id !== undefined && !ids.has(id)
    e.flows?.cacheSwitch?.accounts.forEach((id, i) => {
      if (unknown(id))
        ctx.addIssue({
          code: 'custom',
          path: ['flows', 'cacheSwitch', 'accounts', i],
          message: `${id} is not an account id in accounts`,
        })
    })
    e.flows?.scripts.forEach((s, i) => {
      if (unknown(s.account))
        ctx.addIssue({
          code: 'custom',
          path: ['flows', 'scripts', i, 'account'],
          message: `${s.account} is not an account id in accounts`,
        })
    })
    if (e.assistant?.account !== 'anonymous' && unknown(e.assistant?.account))
      ctx.addIssue({
        code: 'custom',
        path: ['assistant', 'account'],
        message: `${e.assistant?.account} is not an account id in accounts (or anonymous)`,
      })
    const unconsented = (e.ci?.active ?? []).find((family) => !e.scope.active.includes(family))
    if (unconsented)
      ctx.addIssue({
        code: 'custom',
        path: ['ci', 'active'],
        message: `${unconsented} is not consented in scope.active, so the CI gate may not run it`,
      })
  })

/** The engagement as written in the file (defaults applied). */
export type EngagementFile = z.output<typeof engagementSchema>
