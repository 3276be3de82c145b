// DNS probes: the zone's names and where they lead, its nameservers asked one by one, and a record snapshot.
import { mapLimit } from '../core/concurrency'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { RecordType } from 'dns-packet'
import { z } from 'zod'
import { ok } from '../core/result'
import type { ProbeError } from '../core/types'
import { ANSWER, DNS, isDnsCode } from '../network/codes'
import { fetchUrl, type HttpOutcome } from '../network/http'
import type { DnsQueryResult, DnsServer, Network, Recorder } from '../network/network'
import type { ChainWalk } from '../network/resolver'
import { httpOutcomeSchema } from './http'
import { isoTimeSchema, probeErrorSchema, request } from './probe'
import type { ProbeContext, ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'

const RESOURCES = path.resolve(import.meta.dirname, '..', '..', 'resources', 'dns')

/** A hosting provider whose unclaimed resources make a dangling CNAME claimable (resources/dns). */
export interface TakeoverProvider {
  provider: string
  suffixes: string[]
  suffixPatterns?: string[]
  fingerprint?: string
  takeover: 'vulnerable' | 'edge'
  source: string
}

/** Hosting providers whose unclaimed resources make a dangling CNAME claimable (resources/dns). */
export const TAKEOVER_PROVIDERS: readonly TakeoverProvider[] = (
  JSON.parse(readFileSync(path.join(RESOURCES, 'takeover-fingerprints.json'), 'utf8')) as {
    providers: TakeoverProvider[]
  }
).providers

/** Labels tried under the apex to find undeclared records. */
export const COMMON_LABELS: readonly string[] = (
  JSON.parse(readFileSync(path.join(RESOURCES, 'common-subdomains.json'), 'utf8')) as { labels: string[] }
).labels

/** The provider a DNS name belongs to, if any. */
export function providerOf(name: string): TakeoverProvider | undefined {
  const n = name.toLowerCase()
  return TAKEOVER_PROVIDERS.find(
    (p) =>
      p.suffixes.some((s) => n === s || n.endsWith(`.${s}`)) ||
      p.suffixPatterns?.some((re) => new RegExp(re).test(n)),
  )
}

/** How a name resolved: its CNAME chain and what the chain ended on. */
export type Resolved = ChainWalk

/** Whether an address of a name answers on 443 and 80. */
export interface Reachability {
  address: string
  https: 'open' | string
  http: 'open' | string
}

/** What one name resolved to, whether the engagement declared it, and its reachability. */
export interface NameFacts extends Resolved {
  name: string
  declared: boolean
  reach?: Reachability[]
  /** Set when the chain runs into a takeover-prone provider. */
  provider?: {
    provider: string
    takeover: 'vulnerable' | 'edge'
    source: string
    fingerprint?: string
    page?: HttpOutcome
    matched: boolean
  }
}

/** The names found under an apex and what each resolved to (`dns.inventory`). */
export interface InventoryFacts {
  apex: string
  tried: number
  names: NameFacts[]
}

/** Follows CNAMEs for `name` (A, else AAAA) through the resolver and notes where the chain ended. */
export async function resolveChain(network: Network, name: string, rec: Recorder): Promise<Resolved> {
  let walk = await network.resolver.walk(name, 'A', rec)
  if (walk.terminal === ANSWER.NODATA && walk.chain.length === 0) {
    const v6 = await network.resolver.walk(name, 'AAAA', rec)
    if (v6.terminal === ANSWER.ADDRESSES) walk = v6
  }
  const path = [name, ...walk.chain].join(' → ')
  if (walk.terminal === ANSWER.ADDRESSES) rec.add('dns', name, `${path} → ${walk.addresses.join(', ')}`)
  else if (isDnsCode(walk.terminal))
    rec.add('dns', walk.terminalName, walk.message ?? walk.terminal, walk.terminal)
  else if (walk.terminal !== ANSWER.NODATA) rec.add('dns', name, `${path}: ${walk.terminal}`)
  return walk
}

async function reach(ctx: ProbeContext, host: string, address: string): Promise<Reachability> {
  const one = async (port: number): Promise<string> => {
    const conn = await ctx.network.connect(host, port, ctx.rec, { deadline: ctx.deadline, address })
    if (!conn.ok) return conn.error.code
    conn.value.socket.destroy()
    return 'open'
  }
  const [https, http] = await Promise.all([one(443), one(80)])
  return { address, https, http }
}

/** The zone's names (declared, plus common labels that exist) with their chains, reachability and provider pages. */
export const dnsInventory: ProbeKind<{ apex: string }, InventoryFacts> = {
  kind: 'dns.inventory',
  subject: ({ apex }) => apex,
  async run({ apex }, ctx): Promise<ProbeResult<InventoryFacts>> {
    const declared = new Set(ctx.engagement.hosts.filter((h) => h === apex || h.endsWith(`.${apex}`)))
    const candidates = [...new Set([...declared, apex, ...COMMON_LABELS.map((l) => `${l}.${apex}`)])]
    const resolved = await mapLimit(candidates, 8, async (name) => ({
      name,
      ...(await resolveChain(ctx.network, name, ctx.rec)),
    }))
    const names: NameFacts[] = resolved
      .filter((r) => declared.has(r.name) || r.chain.length > 0 || r.terminal === ANSWER.ADDRESSES)
      .map((r) => ({ ...r, declared: declared.has(r.name) }))
    await mapLimit(names, 4, async (facts) => {
      if (facts.addresses.length > 0 && ctx.network.scope.allows(facts.name)) {
        facts.reach = await Promise.all(facts.addresses.slice(0, 4).map((a) => reach(ctx, facts.name, a)))
      }
      const provider = [facts.terminalName, ...facts.chain].map(providerOf).find(Boolean)
      if (!provider) return
      facts.provider = {
        provider: provider.provider,
        takeover: provider.takeover,
        source: provider.source,
        matched: false,
      }
      if (provider.fingerprint && facts.addresses.length > 0 && ctx.network.scope.allows(facts.name)) {
        // The page is fetched by the in-scope name, never by the provider's host name.
        const page = await fetchUrl(
          ctx.network,
          { url: `http://${facts.name}/`, follow: false, keepBody: 16 * 1024, deadline: ctx.deadline },
          ctx.rec,
        )
        facts.provider.fingerprint = provider.fingerprint
        facts.provider.page = page
        facts.provider.matched = (page.exchanges[0]?.body ?? '').includes(provider.fingerprint)
      }
    })
    return ok({ apex, tried: candidates.length, names })
  },
}

/** What one nameserver answered to the same questions. */
export interface NameserverAnswers {
  ns: string
  server?: string
  /** Why the server gave no answers: unreachable (DNS_TIMEOUT…), no address, or DNS_NOT_ASKED past the cap. */
  error?: ProbeError
  answers: Record<string, string[] | { code: string }>
}

/** The apex's nameservers and what each answered (`dns.nameservers`). */
export interface NameserverFacts {
  apex: string
  nameservers: string[]
  servers: NameserverAnswers[]
}

/** Nameservers asked at most; the rest are listed as not asked (a hostile NS set cannot multiply the questions). */
export const NAMESERVER_CAP = 8

/** One nameserver's silence costs at most two tries of this long, all nameservers being asked at once. */
const NAMESERVER_TIMEOUT_MS = 750

const NS_QUESTIONS: [string, RecordType][] = [
  ['', 'SOA'],
  ['', 'NS'],
  ['', 'A'],
  ['', 'AAAA'],
  ['', 'MX'],
  ['', 'TXT'],
  ['www.', 'A'],
]

function presentation(result: DnsQueryResult, type: RecordType): string[] | { code: string } {
  if (!result.ok) return { code: result.error.code }
  if (result.value.rcode !== 'NOERROR') return { code: `DNS_${result.value.rcode}` }
  return result.value.answers
    .filter((a) => a.type === type)
    .map((a) => a.data)
    .sort()
}

/** Asks one nameserver the SOA first; one that does not answer it is not asked the rest. */
async function askNameserver(ctx: ProbeContext, apex: string, name: string): Promise<NameserverAnswers> {
  const found = await ctx.network.nameserver(name, ctx.rec)
  if (!found.ok) return { ns: name, error: found.error, answers: {} }
  const server: DnsServer = found.value
  const where = `${server.host}:${server.port}`
  const options = {
    server,
    recursionDesired: false,
    timeoutMs: Math.min(NAMESERVER_TIMEOUT_MS, ctx.network.settings.connectMs),
    retries: 1,
  }
  const answers: NameserverAnswers['answers'] = {}
  const rest = NS_QUESTIONS.slice(1)
  const soa = await ctx.network.dns(apex, 'SOA', ctx.rec, options)
  answers[`SOA ${apex}`] = presentation(soa, 'SOA')
  if (!soa.ok) {
    for (const [prefix, type] of rest) answers[`${type} ${prefix}${apex}`] = { code: DNS.NOT_ASKED }
    return {
      ns: name,
      server: where,
      answers,
      error: { code: soa.error.code, message: `${name} (${where}) did not answer: ${soa.error.message}` },
    }
  }
  const results = await Promise.all(
    rest.map(([prefix, type]) => ctx.network.dns(`${prefix}${apex}`, type, ctx.rec, options)),
  )
  rest.forEach(([prefix, type], i) => (answers[`${type} ${prefix}${apex}`] = presentation(results[i]!, type)))
  return { ns: name, server: where, answers }
}

/** Asks the zone's nameservers directly (no recursion), all at once, the same questions about the zone. */
export const dnsNameservers: ProbeKind<{ apex: string }, NameserverFacts> = {
  kind: 'dns.nameservers',
  subject: ({ apex }) => apex,
  async run({ apex }, ctx): Promise<ProbeResult<NameserverFacts>> {
    const ns = await ctx.network.dns(apex, 'NS', ctx.rec)
    if (!ns.ok) return { ok: false, error: { code: ns.error.code, message: ns.error.message } }
    const nameservers = [
      ...new Set(ns.value.answers.filter((a) => a.type === 'NS').map((a) => a.data)),
    ].sort()
    const servers = await Promise.all(
      nameservers.slice(0, NAMESERVER_CAP).map((name) => askNameserver(ctx, apex, name)),
    )
    for (const name of nameservers.slice(NAMESERVER_CAP))
      servers.push({
        ns: name,
        answers: {},
        error: {
          code: DNS.NOT_ASKED,
          message: `not asked: only the first ${NAMESERVER_CAP} of ${nameservers.length} nameservers are asked`,
        },
      })
    return ok({ apex, nameservers, servers })
  },
}

/** One record set of the DNS snapshot. */
export interface SnapshotEntry {
  name: string
  type: string
  values: string[]
  /** The DNS outcome when there is no answer (NXDOMAIN, NODATA, or an error code). */
  outcome?: string
}

/** Every record set of the named names at one time (`dns.snapshot`). */
export interface SnapshotFacts {
  apex: string
  takenAt: string
  records: SnapshotEntry[]
}

/** The zone's records as the handoff sheet lists them: apex, www, declared subdomains, MX, TXT, CAA, NS. */
export const dnsSnapshot: ProbeKind<{ apex: string; names: string[]; selectors: string[] }, SnapshotFacts> = {
  kind: 'dns.snapshot',
  subject: ({ apex }) => apex,
  async run({ apex, names, selectors }, ctx): Promise<ProbeResult<SnapshotFacts>> {
    const questions: [string, RecordType][] = [
      ...(['SOA', 'NS', 'A', 'AAAA', 'MX', 'TXT', 'CAA'] as RecordType[]).map((t): [string, RecordType] => [
        apex,
        t,
      ]),
      ...names
        .filter((n) => n !== apex)
        .flatMap((n) => (['CNAME', 'A', 'AAAA'] as RecordType[]).map((t): [string, RecordType] => [n, t])),
      [`_dmarc.${apex}`, 'TXT'],
      [`_mta-sts.${apex}`, 'TXT'],
      [`_smtp._tls.${apex}`, 'TXT'],
      ...selectors.map((s): [string, RecordType] => [`${s}._domainkey.${apex}`, 'TXT']),
    ]
    const records = await mapLimit(questions, 8, async ([name, type]): Promise<SnapshotEntry> => {
      const result = await ctx.network.dns(name, type, ctx.rec)
      if (!result.ok) return { name, type, values: [], outcome: result.error.code }
      const values = result.value.answers
        .filter((a) => a.type === type && a.name === name)
        .map((a) => a.data)
        .sort()
      if (result.value.rcode !== 'NOERROR') return { name, type, values: [], outcome: result.value.rcode }
      return values.length > 0 ? { name, type, values } : { name, type, values: [], outcome: ANSWER.NODATA }
    })
    return ok({ apex, takenAt: new Date().toISOString(), records })
  },
}

/** The request for the DNS inventory of an apex. */
export const inventoryOf = (apex: string): ProbeRequest => request(dnsInventory.kind, apex, { apex })
/** The request for the nameserver comparison of an apex. */
export const nameserversOf = (apex: string): ProbeRequest => request(dnsNameservers.kind, apex, { apex })
/** The request for a DNS snapshot of the named names and DKIM selectors. */
export const snapshotOf = (apex: string, names: string[], selectors: string[]): ProbeRequest =>
  request(dnsSnapshot.kind, apex, { apex, names, selectors })

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
      page: httpOutcomeSchema.optional(),
      matched: z.boolean(),
    })
    .optional(),
})

/** Data of `dns.inventory`. */
export const inventoryFactsSchema = z.strictObject({
  apex: z.string(),
  tried: z.number().int(),
  names: z.array(nameFacts),
})

/** Data of `dns.nameservers`. */
export const nameserverFactsSchema = z.strictObject({
  apex: z.string(),
  nameservers: z.array(z.string()),
  servers: z.array(
    z.strictObject({
      ns: z.string(),
      server: z.string().optional(),
      error: probeErrorSchema.optional(),
      answers: z.record(z.string(), z.union([z.array(z.string()), z.strictObject({ code: z.string() })])),
    }),
  ),
})

/** Data of `dns.snapshot`. */
export const snapshotFactsSchema = z.strictObject({
  apex: z.string(),
  takenAt: isoTimeSchema,
  records: z.array(
    z.strictObject({
      name: z.string(),
      type: z.string(),
      values: z.array(z.string()),
      outcome: z.string().optional(),
    }),
  ),
})

const shapesMatch: [
  Same<z.output<typeof inventoryFactsSchema>, InventoryFacts>,
  Same<z.output<typeof nameserverFactsSchema>, NameserverFacts>,
  Same<z.output<typeof snapshotFactsSchema>, SnapshotFacts>,
] = [true, true, true]
void shapesMatch
