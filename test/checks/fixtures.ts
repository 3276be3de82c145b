// Check fixtures: test/fixtures/checks/<check-id>/<outcome>[.<n>].json, loaded, validated and evaluated.
// Adding a case adds a file; this module and catalogue.test.ts need no change (STYLE.md, after secretlint).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { CheckDefinition, Finding } from '../../src/checks/check'
import { checkById } from '../../src/checks/registry'
import type { Attestation, CheckResult, Observation } from '../../src/core/types'
import { SEVERITIES, STATUSES } from '../../src/core/types'
import { declaredHosts, parseEngagement, type Engagement } from '../../src/engagement/load'
import { engagementSchema } from '../../src/engagement/schema'
import { evaluateChecks } from '../../src/engine/runner'
import type { HttpOutcome } from '../../src/network/http'
import type { TlsFacts } from '../../src/network/network'
import type { InventoryFacts, NameserverFacts, SnapshotFacts } from '../../src/probes/dns'
import type { BaselineFacts } from '../../src/probes/workspace'
import type { SuiteSupport, VersionSupport } from '../../src/probes/tls'
import { SECRETS_DATA } from '../../src/probes/secrets'
import { MONITOR_DATA } from '../../src/probes/monitor'
import { surfaceData } from './surface-data'
import { INTEGRATION_DATA } from '../../src/integrations/types'
import { IDENTITY_DATA } from '../../src/probes/identity-schema'
import { BEHAVIOUR_DATA } from '../../src/probes/behaviour'
import { FLOWS_DATA } from '../../src/probes/flows'

/** Folder holding one sub-folder of fixtures per check id. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../fixtures/checks/', import.meta.url))

const DAY_MS = 86_400_000
const isoDate = z.iso.datetime({ offset: true })
const probeError = z.strictObject({ code: z.string().regex(/^[A-Z][A-Z0-9_]*$/), message: z.string().min(1) })

// The shapes below mirror what the probes produce; the type assertions after them keep them in step with src/.
const tlsSummary = z.strictObject({
  protocol: z.string().nullable(),
  authorized: z.boolean(),
  authorizationError: z.string().optional(),
  hostnameError: z.string().optional(),
})

const httpExchange = z.strictObject({
  method: z.string(),
  url: z.url(),
  status: z.number().int().min(100).max(599),
  httpVersion: z.string(),
  headers: z.record(z.string().regex(/^[a-z0-9-]+$/, { error: 'header names are lower-case' }), z.string()),
  requestHeaders: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string()),
  bodyBytes: z.number().int().nonnegative(),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  body: z.string().optional(),
  bodyTruncated: z.boolean(),
  durationMs: z.number().int().nonnegative(),
  remote: z.string(),
  tls: tlsSummary.optional(),
  timing: z
    .strictObject({
      reused: z.boolean(),
      waitMs: z.number().nonnegative().optional(),
      dnsMs: z.number().nonnegative().optional(),
      connectMs: z.number().nonnegative().optional(),
      tlsMs: z.number().nonnegative().optional(),
      ttfbMs: z.number().nonnegative(),
      totalMs: z.number().nonnegative(),
    })
    .optional(),
})

const httpOutcome = z.strictObject({
  exchanges: z.array(httpExchange),
  error: probeError.optional(),
  refusedRedirect: z.strictObject({ url: z.url(), code: z.string() }).optional(),
})

const certificate = z
  .strictObject({
    subject: z.string(),
    commonName: z.string().optional(),
    subjectAltNames: z.array(z.string()),
    issuer: z.string(),
    issuerOrganization: z.string().optional(),
    issuerCommonName: z.string().optional(),
    notBefore: isoDate,
    notAfter: isoDate,
    serialNumber: z.string().regex(/^[0-9A-F]+$/),
    fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    selfSigned: z.boolean(),
    isCA: z.boolean(),
    keyType: z.string().optional(),
    keyBits: z.number().int().positive().optional(),
    lifetimeDays: z.number().int(),
    signatureAlgorithm: z.string().optional(),
    signatureHash: z.string().optional(),
  })
  .refine((c) => Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / DAY_MS) === c.lifetimeDays, {
    error: 'lifetimeDays does not match notBefore/notAfter',
  })

const tlsFacts = z.strictObject({
  protocol: z.string().nullable(),
  cipher: z.string(),
  alpn: z.union([z.string(), z.literal(false), z.null()]),
  authorized: z.boolean(),
  authorizationError: z.string().optional(),
  hostnameError: z.string().optional(),
  hostnameCode: z.enum(['NO_SAN', 'NAME_MISMATCH']).optional(),
  reachesTrustedRoot: z.boolean().optional(),
  chain: z.array(certificate),
})

const suiteVerdict = z.strictObject({
  accepted: z.boolean().nullable(),
  answer: z.string(),
  suite: z.string().optional(),
  code: z.string().optional(),
})
const suiteSupport = z.strictObject({
  rc4: suiteVerdict,
  '3des': suiteVerdict,
  export: suiteVerdict,
  null: suiteVerdict,
  anonymous: suiteVerdict,
  'forward-secrecy': suiteVerdict,
})

const versionVerdict = z.strictObject({
  accepted: z.boolean().nullable(),
  answer: z.string(),
  code: z.string().optional(),
})
const versionSupport = z.strictObject({
  ssl2: versionVerdict,
  ssl3: versionVerdict,
  'tls1.0': versionVerdict,
  'tls1.1': versionVerdict,
  'tls1.2': versionVerdict,
  'tls1.3': versionVerdict,
})

const baselineFacts = z.strictObject({
  run: z.string().optional(),
  acceptedAt: isoDate.optional(),
  results: z.array(
    z
      .strictObject({
        fingerprint: z.string(),
        check: z.string(),
        subject: z.string(),
        status: z.enum(STATUSES),
        severity: z.enum(SEVERITIES).optional(),
        checkVersion: z.number().int().positive(),
      })
      .refine((r) => r.fingerprint === `${r.check}|${r.subject}`, {
        error: 'fingerprint is not check|subject',
      }),
  ),
})

const reachability = z.strictObject({ address: z.string(), https: z.string(), http: z.string() })
const nameFacts = z.strictObject({
  name: z.string(),
  chain: z.array(z.string()),
  terminal: z.string(),
  terminalName: z.string(),
  addresses: z.array(z.string()),
  message: z.string().optional(),
  declared: z.boolean(),
  reach: z.array(reachability).optional(),
  provider: z
    .strictObject({
      provider: z.string(),
      takeover: z.enum(['vulnerable', 'edge']),
      source: z.string(),
      fingerprint: z.string().optional(),
      page: httpOutcome.optional(),
      matched: z.boolean(),
    })
    .optional(),
})
const inventoryFacts = z.strictObject({
  apex: z.string(),
  tried: z.number().int(),
  names: z.array(nameFacts),
})

const nameserverFacts = z.strictObject({
  apex: z.string(),
  nameservers: z.array(z.string()),
  servers: z.array(
    z.strictObject({
      ns: z.string(),
      server: z.string().optional(),
      error: probeError.optional(),
      answers: z.record(z.string(), z.union([z.array(z.string()), z.strictObject({ code: z.string() })])),
    }),
  ),
})

const snapshotFacts = z.strictObject({
  apex: z.string(),
  takenAt: isoDate,
  records: z.array(
    z.strictObject({
      name: z.string(),
      type: z.string(),
      values: z.array(z.string()),
      outcome: z.string().optional(),
    }),
  ),
})

// Compile-time guard: a field added to or removed from a probe's data type must be reflected above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const shapesMatch: [
  Same<z.output<typeof httpOutcome>, Omit<HttpOutcome, 'captured'>>,
  Same<z.output<typeof tlsFacts>, TlsFacts>,
  Same<z.output<typeof versionSupport>, VersionSupport>,
  Same<z.output<typeof suiteSupport>, SuiteSupport>,
  Same<z.output<typeof baselineFacts>, BaselineFacts>,
  Same<z.output<typeof inventoryFacts>, InventoryFacts>,
  Same<z.output<typeof nameserverFacts>, NameserverFacts>,
  Same<z.output<typeof snapshotFacts>, SnapshotFacts>,
] = [true, true, true, true, true, true, true, true]
void shapesMatch

const mailDnsQuery = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['TXT', 'A', 'AAAA', 'MX', 'PTR']),
  outcome: z.string().regex(/^(answer|DNS_[A-Z_]+)$/),
  answers: z.array(z.string()).optional(),
  chain: z.array(z.string()).optional(),
  message: z.string().optional(),
  elapsedMs: z.number().nonnegative(),
})
const mailLookups = z.strictObject({ domain: z.string().min(1), queries: z.array(mailDnsQuery) })

/** Data schema of each probe kind a check may read. */
const DATA_BY_KIND: Record<string, z.ZodType> = {
  'http.page': httpOutcome,
  'http.authenticated': httpOutcome,
  'tls.handshake': tlsFacts,
  'tls.versions': versionSupport,
  'tls.suites': suiteSupport,
  'workspace.baseline': baselineFacts,
  'dns.inventory': inventoryFacts,
  'dns.nameservers': nameserverFacts,
  'dns.snapshot': snapshotFacts,
  'mail.mx-hosts': mailLookups,
  'mail.spf-policy': mailLookups.extend({ senders: z.array(z.string()) }),
  'mail.dkim-keys': mailLookups.extend({ selectors: z.array(z.string()) }),
  'mail.dmarc-policy': mailLookups,
  'mail.mta-sts-policy': mailLookups.extend({ policyUrl: z.url(), policy: httpOutcome }),
  ...SECRETS_DATA,
  ...MONITOR_DATA,
  ...surfaceData(httpExchange, probeError),
  ...INTEGRATION_DATA,
  ...IDENTITY_DATA,
  ...BEHAVIOUR_DATA,
  ...FLOWS_DATA,
}

const transcriptEntry = z.strictObject({
  at: isoDate,
  kind: z.enum(['dns', 'tcp', 'tls', 'http', 'refused', 'note']),
  target: z.string(),
  detail: z.string(),
  code: z.string().optional(),
})

const observation = z
  .strictObject({
    key: z.string(),
    kind: z.string(),
    subject: z.string(),
    startedAt: isoDate,
    durationMs: z.number().int().nonnegative(),
    data: z.unknown().optional(),
    error: probeError.optional(),
    transcript: z.array(transcriptEntry).optional(),
  })
  .superRefine((o, ctx) => {
    // Keys are built by request(): `${kind}:${subject}#digest`; fixtures may use the stored-run form `${kind}:${subject}`.
    const legacy = `${o.kind}:${o.subject}`
    if (o.key !== legacy && !(o.key.startsWith(`${legacy}#`) && /#[0-9a-f]{8}$/.test(o.key)))
      ctx.addIssue({ code: 'custom', message: `key ${o.key} is not ${legacy}[#digest]` })
    if ((o.data === undefined) === (o.error === undefined))
      ctx.addIssue({ code: 'custom', message: 'an observation has data or an error, not both or neither' })
    const schema = DATA_BY_KIND[o.kind]
    if (!schema)
      ctx.addIssue({
        code: 'custom',
        message: `no data schema for probe kind ${o.kind}: add one to DATA_BY_KIND in test/checks/fixtures.ts`,
      })
    else if (o.data !== undefined) {
      const parsed = schema.safeParse(o.data)
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message })
      }
    }
  })

const attestation = z.strictObject({
  check: z.string(),
  subject: z.string().optional(),
  status: z.enum(['pass', 'fail', 'not-applicable']),
  note: z.string().optional(),
  evidence: z.strictObject({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  by: z.string().min(1),
  at: isoDate,
})

/** A result of another check, replayed through the catalogue before a `phase: 'after'` check runs. */
const priorResult = z.strictObject({ check: z.string(), subject: z.string(), outcome: z.string() })

const fixtureSchema = z.strictObject({
  description: z.string().min(10),
  now: isoDate,
  /** Only the engagement fields the check reads; `schema`, `name` and `scope` are filled in. */
  engagement: z.record(z.string(), z.unknown()),
  observations: z.record(z.string(), observation).default({}),
  attestations: z.array(attestation).default([]),
  results: z.array(priorResult).default([]),
  expect: z.strictObject({
    subject: z.string(),
    outcome: z.string(),
    status: z.enum(STATUSES),
    severity: z.enum(SEVERITIES).optional(),
    code: z.string().optional(),
  }),
})

export type CheckFixture = z.output<typeof fixtureSchema>
export type PriorResult = z.output<typeof priorResult>

/** One fixture file, located but not yet validated. */
export interface FixtureFile {
  /** `tls.hsts/strong.2.json`, for test names. */
  name: string
  checkId: string
  /** The outcome named by the file: `strong` for strong.2.json. */
  outcome: string
  file: string
  description: string
}

/** Every check folder under the fixture root. */
export function fixtureFolders(): string[] {
  return readdirSync(FIXTURE_ROOT)
    .filter((d) => statSync(path.join(FIXTURE_ROOT, d)).isDirectory())
    .sort()
}

/** Every fixture file, sorted; the description is read for test names only. */
export function fixtureFiles(): FixtureFile[] {
  return fixtureFolders().flatMap((checkId) =>
    readdirSync(path.join(FIXTURE_ROOT, checkId))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const file = path.join(FIXTURE_ROOT, checkId, f)
        let description = ''
        try {
          description = String(
            (JSON.parse(readFileSync(file, 'utf8')) as { description?: unknown }).description ?? '',
          )
        } catch {
          // reported by readFixture inside the test
        }
        return {
          name: `${checkId}/${f}`,
          checkId,
          outcome: f.replace(/(\.\d+)?\.json$/, ''),
          file,
          description,
        }
      }),
  )
}

/** Parses and validates one fixture file; throws a message naming the file and the field. */
export function readFixture(file: string): CheckFixture {
  const parsed = fixtureSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new Error(
      `${path.relative(FIXTURE_ROOT, file)}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
    )
  }
  return parsed.data
}

/**
 * A full Engagement from the fields a fixture gives: `schema` and `name` are filled in, `scope.allow` defaults to
 * the declared hosts, and the rest (hosts, network defaults, dir) comes from the real loader.
 */
export async function engagementOf(partial: Record<string, unknown>, dir: string): Promise<Engagement> {
  const draft: Record<string, unknown> = {
    schema: 'handover.engagement/1',
    name: 'Fixture portal',
    ...partial,
  }
  if (!('scope' in partial)) {
    const hosts = declaredHosts(engagementSchema.parse({ ...draft, scope: { allow: ['placeholder.test'] } }))
    draft.scope = { allow: hosts.length > 0 ? hosts : ['placeholder.test'] }
  }
  const loaded = await parseEngagement(JSON.stringify(draft), path.join(dir, 'handover.json'))
  if (!loaded.ok) throw new Error(`fixture engagement: ${loaded.error.message}`)
  return loaded.value
}

/** Stand-ins for the checks whose results a `phase: 'after'` check reads: they emit the given outcomes. */
function replay(prior: readonly PriorResult[]): CheckDefinition[] {
  return [...new Set(prior.map((r) => r.check))].map((id) => {
    const real = checkById(id)
    if (!real) throw new Error(`results name an unknown check ${id}`)
    const findings: Finding[] = prior
      .filter((r) => r.check === id)
      .map(({ subject, outcome }) => ({ subject, outcome }))
    return { ...real, phase: undefined, needs: () => [], evaluate: () => findings }
  })
}

export interface FixtureEvaluation {
  engagement: Engagement
  /** Every result of the check under test. */
  results: CheckResult[]
  /** The result for `expect.subject`, if the check produced one. */
  result?: CheckResult
}

/** Evaluates the check the way a run does: evaluateChecks over the stored observations. */
export async function evaluateFixture(
  check: CheckDefinition,
  fixture: CheckFixture,
  dir: string,
): Promise<FixtureEvaluation> {
  if (fixture.results.some((r) => r.check === check.id))
    throw new Error(`results must not include ${check.id} itself`)
  const engagement = await engagementOf(fixture.engagement, dir)
  const all = await evaluateChecks(
    [...replay(fixture.results), check],
    fixture.observations as Record<string, Observation>,
    {
      engagement,
      now: new Date(fixture.now),
      attestations: fixture.attestations as Attestation[],
    },
  )
  const results = all.filter((r) => r.check === check.id)
  return { engagement, results, result: results.find((r) => r.subject === fixture.expect.subject) }
}

/** `{placeholder}`s a template left unfilled. */
export function unfilled(text: string): string[] {
  // An SPF macro (%{p}, %{l}) or a path template (/api/invoices/{id}) quoted in a text is not a placeholder.
  return text.match(/(?<![%/])\{[A-Za-z0-9_]+\}/g) ?? []
}
