// The DNS the mail engines see: five lookups with coded outcomes, over dnsQuery, recorded for evidence or replayed.
import type { RecordType } from 'dns-packet'
import { dnsQuery, type DnsQueryOptions, type DnsQueryResult, type DnsServer } from '../network/dns/client'

/** Why a lookup produced no records. NXDOMAIN and NODATA are answers ("void"), the rest are failures to get one. */
export type MailDnsCode =
  | 'DNS_NXDOMAIN'
  | 'DNS_NODATA'
  | 'DNS_SERVFAIL'
  | 'DNS_REFUSED'
  | 'DNS_RCODE'
  | 'DNS_TIMEOUT'
  | 'DNS_TRUNCATED'
  | 'DNS_MALFORMED'
  | 'DNS_CONNECT'
  | 'DNS_TOO_LARGE'
  | 'DNS_ABORTED'
  | 'DNS_CNAME_LOOP'
  | 'DNS_INVALID_NAME'
  | 'DNS_NOT_RECORDED'

/** A lookup's outcome: at least one record, or a coded reason there is none. */
export type MailDnsResult<T> =
  { ok: true; value: T[] } | { ok: false; error: { code: MailDnsCode; message: string } }

/** One MX record; `exchange` is '' for a null MX (RFC 7505). */
export interface MxRecord {
  preference: number
  exchange: string
}

/** The lookups SPF, DMARC and DKIM need. TXT answers are the record's strings joined without a separator. */
export interface MailDns {
  txt(name: string): Promise<MailDnsResult<string>>
  a(name: string): Promise<MailDnsResult<string>>
  aaaa(name: string): Promise<MailDnsResult<string>>
  mx(name: string): Promise<MailDnsResult<MxRecord>>
  ptr(name: string): Promise<MailDnsResult<string>>
}

/** The record types a MailDns asks for. */
export type MailDnsType = 'TXT' | 'A' | 'AAAA' | 'MX' | 'PTR'

/** One lookup as asked and answered, kept as evidence (MX answers as "preference exchange"). */
export interface MailDnsQuery {
  name: string
  type: MailDnsType
  outcome: 'answer' | MailDnsCode
  answers?: string[]
  /** CNAMEs followed from `name`, in order. */
  chain?: string[]
  message?: string
  elapsedMs: number
}

/** A MailDns that remembers every lookup it made. */
export interface RecordingMailDns extends MailDns {
  readonly queries: MailDnsQuery[]
}

/** Sends one question and returns the decoded answer; lets callers route lookups through the network layer. */
export type DnsAsk = (name: string, type: RecordType) => Promise<DnsQueryResult>

/** How serverMailDns asks: dnsQuery options plus whether to keep the lookups. */
export interface ServerMailDnsOptions extends Pick<
  DnsQueryOptions,
  'timeoutMs' | 'retries' | 'signal' | 'tcp'
> {
  /** Keep every lookup in `queries` (default true). */
  record?: boolean
}

/** True when the lookup got an answer that holds nothing (RFC 7208 §4.6.4's "void lookup"). */
export function isVoid(result: MailDnsResult<unknown>): boolean {
  return !result.ok && (result.error.code === 'DNS_NXDOMAIN' || result.error.code === 'DNS_NODATA')
}

/** Why `name` cannot be put in a DNS question, or undefined when it can (RFC 1035 §2.3.4 lengths). */
export function dnsNameProblem(name: string): string | undefined {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name
  if (bare.length === 0) return 'the name is empty'
  if (Buffer.byteLength(bare) > 253) return 'the name is longer than 253 octets'
  for (const label of bare.split('.')) {
    if (label.length === 0) return 'the name has an empty label'
    if (Buffer.byteLength(label) > 63) return `the label "${label.slice(0, 20)}…" is longer than 63 octets`
  }
  return undefined
}

/** A MailDns that asks one server directly with dnsQuery. */
export function serverMailDns(server: DnsServer, options: ServerMailDnsOptions = {}): RecordingMailDns {
  const { record, ...queryOptions } = options
  return askingMailDns((name, type) => dnsQuery(server, name, type, queryOptions), { record })
}

const MAX_CHAIN = 8

/** A MailDns over any question-asking function, following CNAMEs and classifying the outcome. */
export function askingMailDns(ask: DnsAsk, options: { record?: boolean } = {}): RecordingMailDns {
  const queries: MailDnsQuery[] = []
  const keep = options.record !== false

  async function lookup(
    name: string,
    type: MailDnsType,
  ): Promise<{ result: MailDnsResult<string>; chain: string[] }> {
    const invalid = dnsNameProblem(name)
    if (invalid) return { result: fail('DNS_INVALID_NAME', `${name}: ${invalid}`), chain: [] }
    const chain: string[] = []
    let current = bare(name)
    const seen = new Set([current])
    for (let hop = 0; hop <= MAX_CHAIN; hop++) {
      const asked = await ask(current, type)
      if (!asked.ok) return { result: fail(asked.error.code, asked.error.message), chain }
      const response = asked.response
      const before = current
      for (
        let target = cnameOf(response.answers, current);
        target;
        target = cnameOf(response.answers, current)
      ) {
        if (seen.has(target))
          return { result: fail('DNS_CNAME_LOOP', `CNAME loop at ${target} (from ${name})`), chain }
        seen.add(target)
        chain.push(target)
        current = target
      }
      if (response.rcode === 'NXDOMAIN')
        return { result: fail('DNS_NXDOMAIN', `${current} does not exist`), chain }
      if (response.rcode === 'SERVFAIL')
        return {
          result: fail('DNS_SERVFAIL', `${response.server} answered SERVFAIL for ${current} ${type}`),
          chain,
        }
      if (response.rcode === 'REFUSED')
        return { result: fail('DNS_REFUSED', `${response.server} refused ${current} ${type}`), chain }
      if (response.rcode !== 'NOERROR') {
        return {
          result: fail('DNS_RCODE', `${response.server} answered ${response.rcode} for ${current} ${type}`),
          chain,
        }
      }
      const found = response.answers.filter((r) => r.type === type && r.name === current).map((r) => r.data)
      if (found.length > 0) return { result: { ok: true, value: found }, chain }
      // A chain that ends on a name this answer did not cover is asked again for that name.
      if (current === before) return { result: fail('DNS_NODATA', `${current} has no ${type} record`), chain }
    }
    return { result: fail('DNS_CNAME_LOOP', `CNAME chain from ${name} is longer than ${MAX_CHAIN}`), chain }
  }

  async function recorded(name: string, type: MailDnsType): Promise<MailDnsResult<string>> {
    const started = performance.now()
    const { result, chain } = await lookup(name, type)
    if (keep) {
      const entry: MailDnsQuery = {
        name: bare(name),
        type,
        outcome: result.ok ? 'answer' : result.error.code,
        elapsedMs: Math.round((performance.now() - started) * 10) / 10,
      }
      if (result.ok) entry.answers = result.value
      else entry.message = result.error.message
      if (chain.length > 0) entry.chain = chain
      queries.push(entry)
    }
    return result
  }

  return {
    queries,
    txt: (name) => recorded(name, 'TXT'),
    a: (name) => recorded(name, 'A'),
    aaaa: (name) => recorded(name, 'AAAA'),
    ptr: (name) => recorded(name, 'PTR'),
    mx: async (name) => mapMx(await recorded(name, 'MX')),
  }
}

/** A MailDns that answers from recorded lookups, so stored evidence can be re-evaluated without the network. */
export function replayMailDns(queries: readonly MailDnsQuery[]): MailDns {
  const index = new Map<string, MailDnsQuery>()
  for (const q of queries) index.set(`${q.type} ${bare(q.name).toLowerCase()}`, q)
  const answer = async (name: string, type: MailDnsType): Promise<MailDnsResult<string>> => {
    const invalid = dnsNameProblem(name)
    if (invalid) return fail('DNS_INVALID_NAME', `${name}: ${invalid}`)
    const hit = index.get(`${type} ${bare(name).toLowerCase()}`)
    if (!hit) return fail('DNS_NOT_RECORDED', `no recorded answer for ${name} ${type}`)
    if (hit.outcome === 'answer') return { ok: true, value: hit.answers ?? [] }
    return fail(hit.outcome, hit.message ?? `${name} ${type}: ${hit.outcome}`)
  }
  return {
    txt: (name) => answer(name, 'TXT'),
    a: (name) => answer(name, 'A'),
    aaaa: (name) => answer(name, 'AAAA'),
    ptr: (name) => answer(name, 'PTR'),
    mx: async (name) => mapMx(await answer(name, 'MX')),
  }
}

function mapMx(result: MailDnsResult<string>): MailDnsResult<MxRecord> {
  if (!result.ok) return result
  return {
    ok: true,
    value: result.value.map((data) => {
      const space = data.indexOf(' ')
      const exchange = space < 0 ? '' : data.slice(space + 1)
      return {
        preference: Number(space < 0 ? data : data.slice(0, space)),
        exchange: exchange === '.' ? '' : exchange,
      }
    }),
  }
}

function cnameOf(answers: { name: string; type: string; data: string }[], name: string): string | undefined {
  return answers.find((r) => r.type === 'CNAME' && r.name === name)?.data
}

const bare = (name: string): string => name.toLowerCase().replace(/\.$/, '')

const fail = <T>(code: MailDnsCode, message: string): MailDnsResult<T> => ({
  ok: false,
  error: { code, message },
})
