// Mail probes: the mail engines run over DNS asked through the network layer, and every lookup is kept, so the
// mail checks replay the same engines over the stored answers and a stored run can be re-evaluated offline.
import { isIP } from 'node:net'
import { z } from 'zod'
import { failure, ok, type Result } from '../core/result'
import {
  askingMailDns,
  isVoidLookup,
  replayMailDns,
  type MailDns,
  type MailDnsQuery,
  type MailDnsResult,
  type MailDnsType,
  type MxRecord,
} from '../mail/dns-source'
import { DNS } from '../network/codes'
import { COMMON_DKIM_SELECTORS, discoverDkimKeys, lookupDkimKey, type DkimKeyLookup } from '../mail/dkim'
import {
  checkReportAuthorization,
  externalReportDestinations,
  lookupDmarc,
  type DmarcLookup,
  type ExternalReportDestination,
} from '../mail/dmarc'
import { lintSpf, type SpfLint } from '../mail/spf'
import { fetchUrl, type HttpOutcome } from '../network/http'
import { httpOutcomeSchema } from './http'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'

/** What every mail probe stores: the domain and each DNS lookup its engine made, answers included. */
export interface MailLookups {
  domain: string
  queries: MailDnsQuery[]
}

/** The SPF probe's lookups, with the declared senders they were checked for. */
export interface SpfLookups extends MailLookups {
  senders: string[]
}

/** The DKIM probe's lookups, with the declared selectors. */
export interface DkimLookups extends MailLookups {
  selectors: string[]
}

/** The MTA-STS probe's lookups plus the policy file as fetched (redirects not followed, RFC 8461 §3.3). */
export interface MtaStsLookups extends MailLookups {
  policyUrl: string
  policy: HttpOutcome
}

// ——— The procedures the probes run live and the checks replay: same code, so the same questions. ———

/** One MX host and what its address lookups returned. */
export interface MxHost {
  exchange: string
  preference: number
  a: MailDnsResult<string>
  aaaa: MailDnsResult<string>
}

/** The domain's MX set and the addresses of each host; a null MX (RFC 7505) is not looked up. */
export interface MxObservation {
  domain: string
  mx: MailDnsResult<MxRecord>
  hosts: MxHost[]
}

/** Looks up the MX records of `domain` and the A and AAAA records of every host they name. */
export async function observeMx(dns: MailDns, domain: string): Promise<MxObservation> {
  const mx = await dns.mx(domain)
  const named = mx.ok ? mx.value.filter((r) => r.exchange !== '') : []
  const hosts = await Promise.all(
    named.map(async (r): Promise<MxHost> => {
      const [a, aaaa] = await Promise.all([dns.a(r.exchange), dns.aaaa(r.exchange)])
      return { exchange: r.exchange, preference: r.preference, a, aaaa }
    }),
  )
  return { domain, mx, hosts }
}

/** A declared sender (an address or a host name) and the addresses it stands for. */
export interface SenderAddresses {
  sender: string
  addresses: string[]
  /** Why a host name gave no address. */
  problem?: string
}

/** The SPF linter's view of a domain, for the declared senders' addresses. */
export interface SpfObservation {
  domain: string
  senders: SenderAddresses[]
  lint: SpfLint
}

/** Resolves senders given as host names, then lints the domain's SPF policy for every sender address. */
export async function observeSpf(
  dns: MailDns,
  domain: string,
  senders: readonly string[],
): Promise<SpfObservation> {
  const resolved = await Promise.all(
    senders.map(async (sender): Promise<SenderAddresses> => {
      if (isIP(sender)) return { sender, addresses: [sender] }
      const [a, aaaa] = await Promise.all([dns.a(sender), dns.aaaa(sender)])
      const addresses = [...(a.ok ? a.value : []), ...(aaaa.ok ? aaaa.value : [])]
      if (addresses.length > 0) return { sender, addresses }
      const why = !a.ok ? a.error.message : 'no address'
      return { sender, addresses, problem: `${sender} has no address (${why})` }
    }),
  )
  const addresses = [...new Set(resolved.flatMap((s) => s.addresses))]
  const lint = await lintSpf(dns, domain, { senders: addresses })
  return { domain, senders: resolved, lint }
}

/** The DKIM keys at the declared selectors, and those found by trying the common provider selectors. */
export interface DkimObservation {
  domain: string
  declared: DkimKeyLookup[]
  /** Every common selector that is not declared and did not answer "no key" (found keys and failed lookups). */
  discovered: DkimKeyLookup[]
}

/**
 * Looks up every declared selector and always tries the common provider selectors too: a forgotten weak or
 * testing-mode key beside a good declared one still lets anyone holding it sign as the domain.
 */
export async function observeDkim(
  dns: MailDns,
  domain: string,
  selectors: readonly string[],
): Promise<DkimObservation> {
  const declared = await Promise.all([...new Set(selectors)].map((s) => lookupDkimKey(dns, s, domain)))
  const others = COMMON_DKIM_SELECTORS.map((s) => s.selector).filter((s) => !selectors.includes(s))
  return { domain, declared, discovered: await discoverDkimKeys(dns, domain, others) }
}

/** An external report destination and whether it accepts the domain's reports. */
export interface ReportAuthorization {
  destination: ExternalReportDestination
  authorized: Result<boolean>
}

/** The DMARC record that governs a domain, and the authorization of each external report destination. */
export interface DmarcObservation {
  domain: string
  lookup: DmarcLookup
  /** The domain whose _dmarc record applied (the organizational domain after a fallback). */
  policyDomain?: string
  authorizations: ReportAuthorization[]
}

/** Runs DMARC policy discovery, then asks each external rua/ruf host for its authorization record. */
export async function observeDmarc(dns: MailDns, domain: string): Promise<DmarcObservation> {
  const lookup = await lookupDmarc(dns, domain)
  if (!lookup.outcome.ok || !lookup.name) return { domain, lookup, authorizations: [] }
  // Reports are authorized for the domain that published the record (RFC 7489 §7.1).
  const policyDomain = lookup.name.replace(/^_dmarc\./, '')
  const destinations = externalReportDestinations(policyDomain, lookup.outcome.value)
  const authorizations = await Promise.all(
    destinations.map(async (destination) => ({
      destination,
      authorized: await checkReportAuthorization(dns, destination),
    })),
  )
  return { domain, lookup, policyDomain, authorizations }
}

/** The DNS side of MTA-STS and TLS-RPT: the two TXT records and the MX set the policy must cover. */
export interface MtaStsDnsObservation {
  domain: string
  sts: MailDnsResult<string>
  tlsRpt: MailDnsResult<string>
  mx: MailDnsResult<MxRecord>
}

/** Looks up `_mta-sts`, `_smtp._tls` and the MX records of `domain`. */
export async function observeMtaStsDns(dns: MailDns, domain: string): Promise<MtaStsDnsObservation> {
  const [sts, tlsRpt, mx] = await Promise.all([
    dns.txt(`_mta-sts.${domain}`),
    dns.txt(`_smtp._tls.${domain}`),
    dns.mx(domain),
  ])
  return { domain, sts, tlsRpt, mx }
}

/** Where senders fetch a domain's MTA-STS policy (RFC 8461 §3.3). */
export function mtaStsPolicyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`
}

/** A policy file is at most 64 KB (RFC 8461 §3.3 lets senders stop reading there). */
const POLICY_BYTES = 64 * 1024

// ——— Replay, for the checks ———

/** Stored lookups as a MailDns, plus the questions the store could not answer (a newer check asking more). */
export interface ReplayedLookups {
  dns: MailDns
  unrecorded: string[]
}

/** Replays a probe's stored lookups and notes every question that was never recorded. */
export function replayLookups(queries: readonly MailDnsQuery[]): ReplayedLookups {
  const replay = replayMailDns(queries)
  const unrecorded: string[] = []
  const watch =
    <T>(type: MailDnsType, ask: (name: string) => Promise<MailDnsResult<T>>) =>
    async (name: string): Promise<MailDnsResult<T>> => {
      const result = await ask(name)
      if (!result.ok && result.error.code === DNS.NOT_RECORDED) unrecorded.push(`${type} ${name}`)
      return result
    }
  return {
    unrecorded,
    dns: {
      txt: watch('TXT', replay.txt),
      a: watch('A', replay.a),
      aaaa: watch('AAAA', replay.aaaa),
      mx: watch('MX', replay.mx),
      ptr: watch('PTR', replay.ptr),
    },
  }
}

/** A lookup's answer as one short evidence line: the records, or what came back instead. */
export function describeLookup<T>(result: MailDnsResult<T>, show: (value: T) => string = String): string {
  if (result.ok) return result.value.map(show).join('; ')
  return isVoidLookup(result) ? `none (${result.error.code.replace(/^DNS_/, '')})` : result.error.code
}

/** Shortens a long value (a DKIM key) to its ends so an evidence line stays readable. */
export function shorten(text: string, max = 120): string {
  if (text.length <= max) return text
  const keep = Math.floor((max - 1) / 2)
  return `${text.slice(0, keep)}…${text.slice(-keep)}`
}

// ——— The probes ———

/** Runs `procedure` over DNS asked through the network layer, which records and counts every question. */
async function recordLookups(
  ctx: ProbeContext,
  procedure: (dns: MailDns) => Promise<unknown>,
): Promise<MailDnsQuery[]> {
  const dns = askingMailDns(async (name, type) => {
    // Past the deadline every further question fails at once, so a dead resolver cannot hang the probe.
    if (Date.now() > ctx.deadline) return failure(DNS.TIMEOUT, `no time left to ask ${name} ${type}`)
    return ctx.network.dns(name, type, ctx.rec)
  })
  await procedure(dns)
  return dns.queries
}

/** The MX records of the mail domain and the addresses of their hosts. */
export const mailMxHosts: ProbeKind<{ domain: string }, MailLookups> = {
  kind: 'mail.mx-hosts',
  subject: ({ domain }) => domain,
  async run({ domain }, ctx): Promise<ProbeResult<MailLookups>> {
    return ok({ domain, queries: await recordLookups(ctx, (dns) => observeMx(dns, domain)) })
  },
}

/** The SPF policy of one domain, walked through its includes, and check_host() for each declared sender. */
export const mailSpfPolicy: ProbeKind<{ domain: string; senders: string[] }, SpfLookups> = {
  kind: 'mail.spf-policy',
  subject: ({ domain }) => domain,
  async run({ domain, senders }, ctx): Promise<ProbeResult<SpfLookups>> {
    const queries = await recordLookups(ctx, (dns) => observeSpf(dns, domain, senders))
    return ok({ domain, senders, queries })
  },
}

/** The DKIM key records at the declared selectors and at every common one. */
export const mailDkimKeys: ProbeKind<{ domain: string; selectors: string[] }, DkimLookups> = {
  kind: 'mail.dkim-keys',
  subject: ({ domain }) => domain,
  async run({ domain, selectors }, ctx): Promise<ProbeResult<DkimLookups>> {
    const queries = await recordLookups(ctx, (dns) => observeDkim(dns, domain, selectors))
    return ok({ domain, selectors, queries })
  },
}

/** The DMARC record that governs one domain and the authorization records of external report hosts. */
export const mailDmarcPolicy: ProbeKind<{ domain: string }, MailLookups> = {
  kind: 'mail.dmarc-policy',
  subject: ({ domain }) => domain,
  async run({ domain }, ctx): Promise<ProbeResult<MailLookups>> {
    return ok({ domain, queries: await recordLookups(ctx, (dns) => observeDmarc(dns, domain)) })
  },
}

/** The MTA-STS and TLS-RPT records, the MX set, and the policy file fetched over HTTPS. */
export const mailMtaStsPolicy: ProbeKind<{ domain: string }, MtaStsLookups> = {
  kind: 'mail.mta-sts-policy',
  subject: ({ domain }) => domain,
  async run({ domain }, ctx): Promise<ProbeResult<MtaStsLookups>> {
    const policyUrl = mtaStsPolicyUrl(domain)
    const [queries, policy] = await Promise.all([
      recordLookups(ctx, (dns) => observeMtaStsDns(dns, domain)),
      fetchUrl(
        ctx.network,
        { url: policyUrl, follow: false, keepBody: POLICY_BYTES, deadline: ctx.deadline },
        ctx.rec,
      ),
    ])
    return ok({ domain, queries, policyUrl, policy })
  },
}

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

/** Data schema of each mail probe kind: the domain and every lookup, plus what each probe adds. */
export const MAIL_DATA: Record<string, z.ZodType> = {
  'mail.mx-hosts': mailLookups,
  'mail.spf-policy': mailLookups.extend({ senders: z.array(z.string()) }),
  'mail.dkim-keys': mailLookups.extend({ selectors: z.array(z.string()) }),
  'mail.dmarc-policy': mailLookups,
  'mail.mta-sts-policy': mailLookups.extend({ policyUrl: z.url(), policy: httpOutcomeSchema }),
}

/** Every mail probe kind, for the probe index. */
export const MAIL_PROBES = [
  mailMxHosts,
  mailSpfPolicy,
  mailDkimKeys,
  mailDmarcPolicy,
  mailMtaStsPolicy,
] as const

/** The request for a mail domain's MX hosts. */
export const mxHostsOf = (domain: string): ProbeRequest => request(mailMxHosts.kind, domain, { domain })
/** The request for a mail domain's SPF policy, evaluated for the named senders. */
export const spfPolicyOf = (domain: string, senders: readonly string[]): ProbeRequest =>
  request(mailSpfPolicy.kind, domain, { domain, senders: [...senders] })
/** The request for a mail domain's DKIM keys under the named selectors. */
export const dkimKeysOf = (domain: string, selectors: readonly string[]): ProbeRequest =>
  request(mailDkimKeys.kind, domain, { domain, selectors: [...selectors] })
/** The request for a mail domain's DMARC policy. */
export const dmarcPolicyOf = (domain: string): ProbeRequest =>
  request(mailDmarcPolicy.kind, domain, { domain })
/** The request for a mail domain's MTA-STS and TLS-RPT records and policy. */
export const mtaStsPolicyOf = (domain: string): ProbeRequest =>
  request(mailMtaStsPolicy.kind, domain, { domain })

/** The mail domain and the other domains the portal sends from, once each, lower-cased. */
export function sendingDomains(mail: { domain: string; sendingDomains?: string[] }): string[] {
  return [...new Set([mail.domain, ...(mail.sendingDomains ?? [])].map((d) => d.toLowerCase()))]
}
