// The DNS the mail engines see: five lookups with coded outcomes, asked through the network layer (Network.dns),
// recorded for evidence or replayed from a stored run.
import type { RecordType } from 'dns-packet'
import { walkCname } from '../network/cname'
import { failure, type Result } from '../core/result'
import { codeOfRcode, DNS, isDnsFailure, isVoid, type DnsCode, type NetCode } from '../network/codes'
import type { DnsQueryResult } from '../network/network'
import { bareName } from '../network/scope'

/**
 * Why a lookup produced no records: a DNS outcome (NXDOMAIN and NODATA are answers, "void"; the rest are failures
 * to get one), or the network layer's refusal to ask (budget, cancellation, the probe's deadline).
 */
export type MailDnsCode = DnsCode | NetCode

/** A lookup's outcome: at least one record, or a coded reason there is none. */
export type MailDnsResult<T> = Result<T[], MailDnsCode>

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

/** True when the lookup got an answer that holds nothing (RFC 7208 §4.6.4's "void lookup"). */
export function isVoidLookup(result: MailDnsResult<unknown>): boolean {
  return !result.ok && isVoid(result.error.code)
}

/** True when a recorded lookup got no usable answer (not records, not a void answer): it says nothing of the zone. */
export function lookupFailed(query: MailDnsQuery): boolean {
  return isDnsFailure(query.outcome)
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

/** A MailDns over any question-asking function, following CNAMEs and classifying the outcome. */
export function askingMailDns(ask: DnsAsk, options: { record?: boolean } = {}): RecordingMailDns {
  const queries: MailDnsQuery[] = []
  const keep = options.record !== false

  async function lookup(
    name: string,
    type: MailDnsType,
  ): Promise<{ result: MailDnsResult<string>; chain: string[] }> {
    const invalid = dnsNameProblem(name)
    if (invalid) return { result: fail(DNS.INVALID_NAME, `${name}: ${invalid}`), chain: [] }
    const w = await walkCname((n) => ask(n, type), bareName(name), type)
    const { chain, terminalName: current } = w
    if (w.failure) return { result: fail(w.failure.code, w.failure.message), chain }
    const response = w.response!
    if (response.rcode !== 'NOERROR') {
      const code = codeOfRcode(response.rcode)
      const what =
        code === DNS.NXDOMAIN
          ? `${current} does not exist`
          : code === DNS.REFUSED
            ? `${response.server} refused ${current} ${type}`
            : `${response.server} answered ${response.rcode} for ${current} ${type}`
      return { result: fail(code, what), chain }
    }
    if (w.records.length > 0) return { result: { ok: true, value: w.records.map((r) => r.data) }, chain }
    return { result: fail(DNS.NODATA, `${current} has no ${type} record`), chain }
  }

  async function recorded(name: string, type: MailDnsType): Promise<MailDnsResult<string>> {
    const started = performance.now()
    const { result, chain } = await lookup(name, type)
    if (keep) {
      const entry: MailDnsQuery = {
        name: bareName(name),
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
  for (const q of queries) index.set(`${q.type} ${bareName(q.name).toLowerCase()}`, q)
  const answer = async (name: string, type: MailDnsType): Promise<MailDnsResult<string>> => {
    const invalid = dnsNameProblem(name)
    if (invalid) return fail(DNS.INVALID_NAME, `${name}: ${invalid}`)
    const hit = index.get(`${type} ${bareName(name).toLowerCase()}`)
    if (!hit) return fail(DNS.NOT_RECORDED, `no recorded answer for ${name} ${type}`)
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

const fail = <T>(code: MailDnsCode, message: string): MailDnsResult<T> => failure(code, message)
