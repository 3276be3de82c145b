// RFC 7208 check_host(): evaluates a domain's SPF policy for a connecting address over an injected MailDns.
import type { Problem } from '../../core/result'
import { DNS } from '../../network/codes'
import { dnsNameProblem, isVoidLookup, type MailDns, type MailDnsResult } from '../dns-source'
import {
  dottedAddress,
  formatAddress,
  inPrefix,
  parseAddress,
  reverseName,
  sameAddress,
  type SpfAddress,
} from './ip'
import { expandMacros, parseMacroString, quote, type DomainSpec, type MacroValues } from './macro'
import {
  parseSpfRecord,
  selectSpfRecords,
  type SpfDirective,
  type SpfQualifier,
  type SpfRecord,
} from './record'
import { SPF } from '../codes'

/** The seven results of check_host() (RFC 7208 §2.6). */
export type SpfResult = 'none' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'temperror' | 'permerror'

/** The arguments of check_host(): <ip>, <domain>, <sender>, plus the HELO name the "h" macro expands to. */
export interface SpfCheckInput {
  ip: string
  domain: string
  /** The MAIL FROM address, or postmaster@<helo> when MAIL FROM is empty (see spfIdentity). */
  sender: string
  helo: string
}

/** Receiver-side settings and limits of one evaluation. */
export interface SpfCheckOptions {
  /** The "r" macro: the receiving host's name (default "unknown"). */
  receiver?: string
  /** The explanation used for a fail whose record has no usable exp= (default: a sentence naming ip and domain). */
  defaultExplanation?: string
  /** Clock for the "t" macro and the time limit, in milliseconds. */
  now?: () => number
  /** DNS-querying terms allowed per evaluation (§4.6.4: 10). */
  maxLookups?: number
  /** Void lookups allowed per evaluation (§4.6.4: 2). */
  maxVoidLookups?: number
  /** Wall-clock budget for the whole evaluation; exceeding it is a temperror (§4.6.4 suggests at least 20 s). */
  timeLimitMs?: number
}

/** What check_host() concluded, with the reason for none/permerror/temperror and the explanation of a fail. */
export interface SpfOutcome {
  result: SpfResult
  domain: string
  /** The record evaluated at <domain>, when one was selected. */
  record?: string
  /** Only for fail: the expanded exp= text, or the default explanation. */
  explanation?: string
  explanationSource?: 'exp' | 'default'
  problem?: Problem
  /** The directive that decided the result, at the domain whose record held it. */
  matched?: { domain: string; term: string }
  lookups: number
  voidLookups: number
}

/** Derives check_host()'s <sender> and <domain> from MAIL FROM and HELO (RFC 7208 §2.4, §4.3). */
export function spfIdentity(mailFrom: string, helo: string): { sender: string; domain: string } {
  if (mailFrom === '') return { sender: `postmaster@${helo}`, domain: helo }
  const at = mailFrom.lastIndexOf('@')
  if (at < 0) return { sender: `postmaster@${mailFrom}`, domain: mailFrom }
  const domain = mailFrom.slice(at + 1)
  const local = mailFrom.slice(0, at) || 'postmaster'
  return { sender: `${local}@${domain}`, domain }
}

/** Why a <domain> makes check_host() return none at once (§4.3), or undefined when it is usable. */
export function spfDomainProblem(domain: string): string | undefined {
  if (domain.startsWith('[')) return `${quote(domain)} is an address literal, not a domain`
  const problem = dnsNameProblem(domain)
  if (problem) return `${quote(domain)} is not a valid domain name: ${problem}`
  const labels = domain.replace(/\.$/, '').split('.')
  if (labels.length < 2) return `${quote(domain)} is not a fully qualified domain name`
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return `${quote(domain)} ends in a numeric label`
  return undefined
}

const QUALIFIER_RESULT: Record<SpfQualifier, SpfResult> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
}
const MAX_NAMES = 10

type Match =
  | { kind: 'match' }
  | { kind: 'no-match' }
  | { kind: 'error'; result: 'permerror' | 'temperror'; problem: Problem }

interface Evaluation {
  result: SpfResult
  record?: string
  problem?: Problem
  matched?: { domain: string; term: string }
  /** The exp= of the record that produced a fail, expanded only if this fail becomes the final result. */
  exp?: { spec: DomainSpec; domain: string }
}

/** Runs check_host(ip, domain, sender) and, for a fail, works out the explanation. Never throws for DNS or records. */
export async function checkHost(
  dns: MailDns,
  input: SpfCheckInput,
  options: SpfCheckOptions = {},
): Promise<SpfOutcome> {
  const ip = parseAddress(input.ip)
  const domain = input.domain.replace(/\.$/, '')
  if (!ip) {
    const problem = { code: SPF.INVALID_IP, message: `${quote(input.ip)} is not an IP address` }
    return { result: 'permerror', domain, problem, lookups: 0, voidLookups: 0 }
  }
  const evaluator = new Evaluator(dns, ip, input, options)
  const invalid = spfDomainProblem(domain)
  const evaluation: Evaluation = invalid
    ? { result: 'none', problem: { code: SPF.INVALID_DOMAIN, message: invalid } }
    : await evaluator.evaluate(domain)
  const outcome: SpfOutcome = {
    result: evaluation.result,
    domain,
    lookups: evaluator.lookups,
    voidLookups: evaluator.voidLookups,
  }
  if (evaluation.record !== undefined) outcome.record = evaluation.record
  if (evaluation.problem) outcome.problem = evaluation.problem
  if (evaluation.matched) outcome.matched = evaluation.matched
  if (evaluation.result === 'fail') {
    const text = evaluation.exp ? await evaluator.explain(evaluation.exp) : undefined
    outcome.explanation =
      text ?? options.defaultExplanation ?? `${formatAddress(ip)} is not a permitted sender for ${domain}`
    outcome.explanationSource = text === undefined ? 'default' : 'exp'
  }
  return outcome
}

class Evaluator {
  lookups = 0
  voidLookups = 0
  private readonly started: number
  private readonly clock: () => number
  private readonly values: Omit<MacroValues, 'domain' | 'validatedName'>
  private validated?: Promise<string[]>

  constructor(
    private readonly dns: MailDns,
    private readonly ip: SpfAddress,
    input: SpfCheckInput,
    private readonly options: SpfCheckOptions,
  ) {
    this.clock = options.now ?? Date.now
    this.started = this.clock()
    const at = input.sender.lastIndexOf('@')
    this.values = {
      sender: input.sender,
      localPart: at < 0 ? 'postmaster' : input.sender.slice(0, at) || 'postmaster',
      senderDomain: at < 0 ? input.sender : input.sender.slice(at + 1),
      ip: dottedAddress(ip),
      readableIp: formatAddress(ip),
      ipVersion: ip.family === 4 ? 'in-addr' : 'ip6',
      helo: input.helo,
      receiver: options.receiver ?? 'unknown',
      timestamp: Math.floor(this.started / 1000),
    }
  }

  /** check_host() for one domain: record lookup, selection, then the terms left to right (§4.4–§4.7). */
  async evaluate(domain: string): Promise<Evaluation> {
    const late = this.overTime()
    if (late) return { result: 'temperror', problem: late }
    const txt = await this.dns.txt(domain)
    if (!txt.ok) {
      if (isVoidLookup(txt) || txt.error.code === DNS.INVALID_NAME) {
        return {
          result: 'none',
          problem: { code: SPF.NO_RECORD, message: `${domain} has no SPF record (${txt.error.message})` },
        }
      }
      return { result: 'temperror', problem: { code: txt.error.code, message: txt.error.message } }
    }
    const records = selectSpfRecords(txt.value)
    if (records.length === 0) {
      return {
        result: 'none',
        problem: { code: SPF.NO_RECORD, message: `${domain} has TXT records but none starts with v=spf1` },
      }
    }
    if (records.length > 1) {
      const problem = {
        code: SPF.MULTIPLE_RECORDS,
        message: `${domain} publishes ${records.length} v=spf1 records (§4.5)`,
      }
      return { result: 'permerror', problem }
    }
    const text = records[0] ?? ''
    const parsed = parseSpfRecord(text)
    if (!parsed.ok) {
      return {
        result: 'permerror',
        record: text,
        problem: { code: parsed.error.code, message: `${domain}: ${parsed.error.message}` },
      }
    }
    return this.run(domain, parsed.value)
  }

  private async run(domain: string, record: SpfRecord): Promise<Evaluation> {
    for (const directive of record.directives) {
      const match = await this.match(domain, directive)
      if (match.kind === 'error') return { result: match.result, record: record.text, problem: match.problem }
      if (match.kind === 'no-match') continue
      const result = QUALIFIER_RESULT[directive.qualifier]
      const evaluation: Evaluation = {
        result,
        record: record.text,
        matched: { domain, term: directive.text },
      }
      if (result === 'fail' && record.exp) evaluation.exp = { spec: record.exp, domain }
      return evaluation
    }
    if (!record.redirect) return { result: 'neutral', record: record.text }
    // redirect= replaces this record's result with the target's, exp= included (§6.1).
    const spent = this.spend(domain, `redirect=${record.redirect.text}`)
    if (spent) return { ...spent, record: record.text }
    const target = await this.target(record.redirect, domain)
    const inner: Evaluation = target
      ? await this.evaluate(target)
      : {
          result: 'none',
          problem: {
            code: SPF.INVALID_DOMAIN,
            message: `redirect=${record.redirect.text} expands to an invalid name`,
          },
        }
    if (inner.result !== 'none') return { ...inner, record: record.text }
    const over = inner.problem?.code === SPF.NO_RECORD ? this.countVoid() : undefined
    const problem = {
      code: SPF.REDIRECT_NONE,
      message: `redirect=${record.redirect.text} leads to no SPF record (§6.1)`,
    }
    return { result: 'permerror', record: record.text, problem: over ?? problem }
  }

  private async match(domain: string, directive: SpfDirective): Promise<Match> {
    const m = directive.mechanism
    switch (m.kind) {
      case 'all':
        return { kind: 'match' }
      case 'ip4':
      case 'ip6':
        return (m.kind === 'ip4') === (this.ip.family === 4) && inPrefix(this.ip.bytes, m.network, m.cidr)
          ? { kind: 'match' }
          : { kind: 'no-match' }
      case 'include':
        return this.include(domain, directive, m.domain)
      case 'a':
      case 'mx':
      case 'ptr':
      case 'exists': {
        const spent = this.spend(domain, directive.text)
        if (spent) return { kind: 'error', ...spent }
        const name = m.domain ? await this.target(m.domain, domain) : domain
        // A target that is not a valid DNS name cannot exist, so it does not match (§4.3 by analogy).
        if (name === undefined) return { kind: 'no-match' }
        if (m.kind === 'ptr') return this.ptr(name)
        if (m.kind === 'exists') return this.addressMatch(await this.dns.a(name), () => true, true)
        const bits = this.ip.family === 4 ? m.cidr4 : m.cidr6
        const within = (address: string): boolean => {
          const parsed = parseAddress(address)
          return (
            parsed !== undefined &&
            parsed.family === this.ip.family &&
            inPrefix(parsed.bytes, this.ip.bytes, bits)
          )
        }
        if (m.kind === 'a') return this.addressMatch(await this.addresses(name), within, true)
        return this.mx(name, within)
      }
    }
  }

  private async include(domain: string, directive: SpfDirective, spec: DomainSpec): Promise<Match> {
    const spent = this.spend(domain, directive.text)
    if (spent) return { kind: 'error', ...spent }
    const target = await this.target(spec, domain)
    if (!target) {
      return {
        kind: 'error',
        result: 'permerror',
        problem: { code: SPF.INCLUDE_NONE, message: `${directive.text} expands to an invalid name` },
      }
    }
    const inner = await this.evaluate(target)
    switch (inner.result) {
      case 'pass':
        return { kind: 'match' }
      case 'fail':
      case 'softfail':
      case 'neutral':
        return { kind: 'no-match' }
      case 'temperror':
      case 'permerror':
        return {
          kind: 'error',
          result: inner.result,
          problem: inner.problem ?? { code: SPF.INCLUDE, message: `${directive.text} failed` },
        }
      case 'none': {
        const over = inner.problem?.code === SPF.NO_RECORD ? this.countVoid() : undefined
        const problem = {
          code: SPF.INCLUDE_NONE,
          message: `${directive.text}: ${target} has no SPF record (§5.2)`,
        }
        return { kind: 'error', result: 'permerror', problem: over ?? problem }
      }
    }
  }

  private async mx(name: string, within: (address: string) => boolean): Promise<Match> {
    const mx = await this.dns.mx(name)
    if (!mx.ok) return this.addressMatch(mx, () => false, true)
    if (mx.value.length > MAX_NAMES) {
      const problem = {
        code: SPF.TOO_MANY_MX,
        message: `${name} has ${mx.value.length} MX records; at most ${MAX_NAMES} may be looked up (§4.6.4)`,
      }
      return { kind: 'error', result: 'permerror', problem }
    }
    const hosts = [...mx.value].sort((x, y) => x.preference - y.preference).filter((r) => r.exchange !== '')
    for (const host of hosts) {
      const found = await this.addressMatch(await this.addresses(host.exchange), within, false)
      if (found.kind !== 'no-match') return found
    }
    return { kind: 'no-match' }
  }

  /** The ptr mechanism (§5.5): a validated PTR name equal to or under the target; DNS errors mean no match. */
  private async ptr(target: string): Promise<Match> {
    const late = this.overTime()
    if (late) return { kind: 'error', result: 'temperror', problem: late }
    const ptr = await this.dns.ptr(reverseName(this.ip))
    if (!ptr.ok) {
      if (isVoidLookup(ptr)) {
        const over = this.countVoid()
        if (over) return { kind: 'error', result: 'permerror', problem: over }
      }
      return { kind: 'no-match' }
    }
    const wanted = target.toLowerCase()
    for (const name of ptr.value.slice(0, MAX_NAMES)) {
      const lower = name.toLowerCase()
      if (lower !== wanted && !lower.endsWith(`.${wanted}`)) continue
      if (await this.validates(lower)) return { kind: 'match' }
    }
    return { kind: 'no-match' }
  }

  private async validates(name: string): Promise<boolean> {
    if (this.overTime()) return false
    const found = await this.addresses(name)
    if (!found.ok) return false
    return found.value.some((a) => {
      const parsed = parseAddress(a)
      return parsed !== undefined && sameAddress(parsed, this.ip)
    })
  }

  /** The "p" macro (§7.3): <domain> itself, else a subdomain of it, else any validated name, else "unknown". */
  private async validatedName(domain: string): Promise<string> {
    this.validated ??= (async () => {
      const ptr = await this.dns.ptr(reverseName(this.ip))
      if (!ptr.ok) return []
      const names: string[] = []
      for (const name of ptr.value.slice(0, MAX_NAMES))
        if (await this.validates(name.toLowerCase())) names.push(name.toLowerCase())
      return names
    })()
    const names = await this.validated
    const lower = domain.toLowerCase()
    return (
      names.find((n) => n === lower) ?? names.find((n) => n.endsWith(`.${lower}`)) ?? names[0] ?? 'unknown'
    )
  }

  private addresses(name: string): Promise<MailDnsResult<string>> {
    return this.ip.family === 4 ? this.dns.a(name) : this.dns.aaaa(name)
  }

  /** Turns an address lookup into a match; void answers count against the limit when `term` says so. */
  private addressMatch(
    found: MailDnsResult<string>,
    within: (address: string) => boolean,
    term: boolean,
  ): Match {
    if (found.ok) return found.value.some(within) ? { kind: 'match' } : { kind: 'no-match' }
    if (isVoidLookup(found)) {
      const over = term ? this.countVoid() : undefined
      return over ? { kind: 'error', result: 'permerror', problem: over } : { kind: 'no-match' }
    }
    if (found.error.code === DNS.INVALID_NAME) return { kind: 'no-match' }
    return {
      kind: 'error',
      result: 'temperror',
      problem: { code: found.error.code, message: found.error.message },
    }
  }

  /** Counts one DNS-querying term (§4.6.4), refusing the eleventh. */
  private spend(
    domain: string,
    term: string,
  ): { result: 'permerror' | 'temperror'; problem: Problem } | undefined {
    const late = this.overTime()
    if (late) return { result: 'temperror', problem: late }
    const max = this.options.maxLookups ?? 10
    this.lookups++
    if (this.lookups <= max) return undefined
    const message = `more than ${max} DNS-querying terms; the ${ordinal(this.lookups)} is ${quote(term)} at ${domain} (§4.6.4)`
    return { result: 'permerror', problem: { code: SPF.TOO_MANY_LOOKUPS, message } }
  }

  private countVoid(): Problem | undefined {
    this.voidLookups++
    return this.voidProblem()
  }

  private voidProblem(): Problem | undefined {
    const max = this.options.maxVoidLookups ?? 2
    if (this.voidLookups <= max) return undefined
    return {
      code: SPF.TOO_MANY_VOID_LOOKUPS,
      message: `more than ${max} lookups returned no records (§4.6.4)`,
    }
  }

  private overTime(): Problem | undefined {
    const limit = this.options.timeLimitMs ?? 20_000
    if (this.clock() - this.started <= limit) return undefined
    return { code: SPF.TIME_LIMIT, message: `the evaluation took longer than ${limit} ms (§4.6.4)` }
  }

  /** Expands a domain-spec for <domain>; undefined when the result is not a name DNS can carry. */
  private async target(spec: DomainSpec, domain: string): Promise<string | undefined> {
    const name = await expandMacros(spec.tokens, this.macroValues(domain), 'domain')
    return dnsNameProblem(name) ? undefined : name
  }

  private macroValues(domain: string): MacroValues {
    return { ...this.values, domain, validatedName: () => this.validatedName(domain) }
  }

  /** The exp= text (§6.2): any DNS problem, several records, or bad syntax means "no explanation". */
  async explain(exp: { spec: DomainSpec; domain: string }): Promise<string | undefined> {
    const name = await this.target(exp.spec, exp.domain)
    if (!name || this.overTime()) return undefined
    const txt = await this.dns.txt(name)
    if (!txt.ok || txt.value.length !== 1) return undefined
    const parsed = parseMacroString(txt.value[0] ?? '', 'explanation')
    if (!parsed.ok) return undefined
    return expandMacros(parsed.value, this.macroValues(exp.domain), 'explanation')
  }
}

/** 1st, 2nd, 3rd, 11th… for messages. */
export function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}
