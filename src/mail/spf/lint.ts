// SPF linter: what a published policy costs and allows, as plain data an observation can store.
import type { Problem } from '../../core/result'
import { isVoidLookup, type MailDns, type MailDnsResult } from '../dns-source'
import { checkHost, ordinal, type SpfCheckOptions, type SpfResult } from './check-host'
import { quote, type DomainSpec } from './macro'
import { parseSpfTerms, selectSpfRecords, type SpfQualifier, type SpfRecord } from './record'
import { bareName } from '../../network/scope'
import { SPF } from '../codes'

/** Outcome ids of the linter; severities and wording live in the catalogue. */
export type SpfLintCode =
  | typeof SPF.NONE
  | typeof SPF.MULTIPLE_RECORDS
  | typeof SPF.SYNTAX
  | typeof SPF.DNS_ERROR
  | typeof SPF.TOO_MANY_LOOKUPS
  | typeof SPF.TOO_MANY_VOID_LOOKUPS
  | typeof SPF.TOO_MANY_MX
  | typeof SPF.INCLUDE_NONE
  | typeof SPF.INCLUDE_LOOP
  | typeof SPF.REDIRECT_NONE
  | typeof SPF.REDIRECT_IGNORED
  | typeof SPF.TERMS_AFTER_ALL
  | typeof SPF.ALL_PASS
  | typeof SPF.ALL_NEUTRAL
  | typeof SPF.ALL_SOFTFAIL
  | typeof SPF.NO_ALL
  | typeof SPF.PTR
  | typeof SPF.PTR_NOT_LAST
  | typeof SPF.P_MACRO
  | typeof SPF.SENDER_MACRO
  | typeof SPF.MODIFIER_NOT_LAST
  | typeof SPF.REDIRECT_NOT_LAST
  | typeof SPF.RECORD_TOO_LARGE
  | typeof SPF.MACRO_TARGET
  | typeof SPF.SENDER_NOT_AUTHORIZED

/** One thing the linter noticed; `path` is the chain of terms from the top record that leads to it. */
export interface SpfLintFinding {
  code: SpfLintCode
  message: string
  domain: string
  path: string[]
}

/** One DNS-querying term, where it sits and how it was reached. */
export interface SpfLookupTerm {
  term: string
  domain: string
  path: string[]
  /** The target holds macros, so its cost below this term cannot be known without a sender. */
  dynamic?: boolean
}

/** check_host() for one declared sender address, with postmaster@<domain> as sender and <domain> as HELO. */
export interface SpfSenderCheck {
  ip: string
  result: SpfResult
  authorized: boolean
  matched?: { domain: string; term: string }
  problem?: Problem
}

/** Everything the linter found for one domain; JSON-serialisable. */
export interface SpfLint {
  domain: string
  /** Every v=spf1 TXT record at the domain. */
  records: string[]
  record: string | null
  /** The `all` that ends the policy (following redirect=), or null when there is none. */
  all: { qualifier: SpfQualifier; term: string; domain: string } | null
  lookups: {
    count: number
    limit: number
    terms: SpfLookupTerm[]
    byTopTerm: { term: string; count: number }[]
    /** False when the walk stopped at WALK_LIMIT terms, so `count` is a lower bound. */
    complete: boolean
  }
  voidLookups: { count: number; limit: number; terms: SpfLookupTerm[] }
  findings: SpfLintFinding[]
  senders: SpfSenderCheck[]
}

/** What the linter should check beyond the record itself. */
export interface SpfLintOptions {
  /** Sender addresses that must be authorized (the engagement's mail.senders). */
  senders?: string[]
  check?: SpfCheckOptions
}

type Fetched =
  | {
      kind: 'record'
      records: string[]
      text: string
      record: SpfRecord
      problems: { term: string; message: string }[]
      /** The name plus the text of every TXT record at it: RFC 7208 §3.4's measure of the answer size. */
      octets: number
    }
  | { kind: 'none'; message: string }
  | { kind: 'multiple'; records: string[] }
  | { kind: 'error'; message: string }

const LOOKUP_LIMIT = 10
const VOID_LIMIT = 2
/** RFC 7208 §3.4: under this many octets (name + every TXT record's text) the answer fits one UDP packet. */
const ANSWER_OCTETS = 450
/** Macro letters that make every sender a new DNS question (RFC 7208 §7: avoid them in mechanisms). */
const SENDER_LETTERS = new Set(['s', 'l', 'o', 'h'])
/** A policy this far past the limit is broken anyway; stop before the walk costs hundreds of queries. */
const WALK_LIMIT = 100

/** Lints the SPF policy of `domain`: syntax, records, lookup cost with the paths that spend it, `all`, senders. */
export async function lintSpf(
  source: MailDns,
  domain: string,
  options: SpfLintOptions = {},
): Promise<SpfLint> {
  const dns = memoized(source)
  const name = bareName(domain)
  const lint: SpfLint = {
    domain: name,
    records: [],
    record: null,
    all: null,
    lookups: { count: 0, limit: LOOKUP_LIMIT, terms: [], byTopTerm: [], complete: true },
    voidLookups: { count: 0, limit: VOID_LIMIT, terms: [] },
    findings: [],
    senders: [],
  }
  const cache = new Map<string, Promise<Fetched>>()
  const fetch = (target: string): Promise<Fetched> => {
    let hit = cache.get(target)
    if (!hit) {
      hit = fetchRecord(dns, target)
      cache.set(target, hit)
    }
    return hit
  }
  const note = (code: SpfLintCode, message: string, at: string, path: string[]): void => {
    lint.findings.push({ code, message, domain: at, path })
  }

  const top = await fetch(name)
  if (top.kind === 'record' || top.kind === 'multiple') lint.records = top.records
  if (top.kind === 'none') note(SPF.NONE, `${name} publishes no SPF record`, name, [])
  else if (top.kind === 'error')
    note(SPF.DNS_ERROR, `the SPF record of ${name} could not be read: ${top.message}`, name, [])
  else if (top.kind === 'multiple') {
    note(
      SPF.MULTIPLE_RECORDS,
      `${name} publishes ${top.records.length} v=spf1 records; receivers return permerror (RFC 7208 §4.5)`,
      name,
      [],
    )
  } else {
    lint.record = top.text
    await walk(name, top, [], new Set([name]), true)
    finishLookups()
    finishAll()
  }
  for (const ip of options.senders ?? []) {
    const outcome = await checkHost(
      dns,
      { ip, domain: name, sender: `postmaster@${name}`, helo: name },
      options.check,
    )
    const check: SpfSenderCheck = { ip, result: outcome.result, authorized: outcome.result === 'pass' }
    if (outcome.matched) check.matched = outcome.matched
    if (outcome.problem) check.problem = outcome.problem
    lint.senders.push(check)
    if (!check.authorized) {
      const why = outcome.problem ? `: ${outcome.problem.message}` : ''
      note(
        SPF.SENDER_NOT_AUTHORIZED,
        `${ip} is not authorized to send for ${name} (check_host says ${outcome.result}${why})`,
        name,
        [],
      )
    }
  }
  return lint

  async function walk(
    at: string,
    fetched: Fetched & { kind: 'record' },
    path: string[],
    stack: Set<string>,
    ending: boolean,
  ): Promise<void> {
    for (const problem of fetched.problems) {
      note(
        SPF.SYNTAX,
        `${problem.term ? `${quote(problem.term)}: ` : ''}${problem.message}`,
        at,
        [...path, problem.term].filter(Boolean),
      )
    }
    const record = fetched.record
    if (fetched.octets >= ANSWER_OCTETS) {
      note(
        SPF.RECORD_TOO_LARGE,
        `the TXT answer at ${at} comes to ${fetched.octets} octets (name and every TXT record); RFC 7208 §3.4 keeps it under ${ANSWER_OCTETS} so it fits one 512-octet UDP packet`,
        at,
        path,
      )
    }
    lintTermOrder(at, record, path)
    const allIndex = record.directives.findIndex((d) => d.mechanism.kind === 'all')
    const all = record.directives[allIndex]
    if (ending && all) lint.all = { qualifier: all.qualifier, term: all.text, domain: at }
    if (all && allIndex < record.directives.length - 1) {
      note(SPF.TERMS_AFTER_ALL, `terms after "${all.text}" at ${at} are never evaluated`, at, [
        ...path,
        all.text,
      ])
    }
    for (const [index, directive] of record.directives.entries()) {
      const m = directive.mechanism
      if (m.kind === 'all' || m.kind === 'ip4' || m.kind === 'ip6') continue
      if (lint.lookups.terms.length >= WALK_LIMIT) {
        lint.lookups.complete = false
        return
      }
      const here = [...path, directive.text]
      lintMacros(at, directive.text, m.domain, here, true)
      if (m.kind === 'ptr') {
        const later = record.directives
          .slice(index + 1)
          .filter((d) => !['all', 'ptr'].includes(d.mechanism.kind))
        if (later.length > 0)
          note(
            SPF.PTR_NOT_LAST,
            `"${directive.text}" at ${at} is checked before ${later.map((d) => `"${d.text}"`).join(', ')}; RFC 7208 §5.5 says a ptr that stays should be one of the last mechanisms`,
            at,
            here,
          )
      }
      const target = literalTarget(m.domain, at)
      const step: SpfLookupTerm = { term: directive.text, domain: at, path: here }
      if (target === undefined) step.dynamic = true
      lint.lookups.terms.push(step)
      if (target === undefined) {
        note(SPF.MACRO_TARGET, `${directive.text} depends on the sender; its cost is counted once`, at, here)
        continue
      }
      if (m.kind === 'include') await descend(at, target, here, stack, 'include')
      else if (m.kind === 'ptr')
        note(
          SPF.PTR,
          `"${directive.text}" at ${at} makes receivers look up reverse DNS, which is slow and fails whenever reverse DNS does; RFC 7208 §5.5 says not to publish it`,
          at,
          here,
        )
      else if (m.kind === 'exists') voidIf(await dns.a(target), step)
      else if (m.kind === 'a') {
        const [v4, v6] = await Promise.all([dns.a(target), dns.aaaa(target)])
        if (isVoidLookup(v4) && isVoidLookup(v6)) voidIf(v4, step)
      } else {
        const mx = await dns.mx(target)
        voidIf(mx, step)
        if (mx.ok && mx.value.length > LOOKUP_LIMIT) {
          note(
            SPF.TOO_MANY_MX,
            `${target} has ${mx.value.length} MX records; "${directive.text}" is a permerror above ${LOOKUP_LIMIT}`,
            at,
            here,
          )
        }
      }
    }
    if (record.redirect) lintMacros(at, `redirect=${record.redirect.text}`, record.redirect, [...path], false)
    if (record.exp) lintMacros(at, `exp=${record.exp.text}`, record.exp, [...path], false)
    if (!record.redirect) {
      if (ending && !all)
        note(SPF.NO_ALL, `the policy of ${name} ends without "all": unlisted hosts get neutral`, at, path)
      return
    }
    const term = `redirect=${record.redirect.text}`
    if (all) {
      note(
        SPF.REDIRECT_IGNORED,
        `"${term}" is ignored because the record has "${all.text}" (RFC 7208 §6.1)`,
        at,
        [...path, term],
      )
      return
    }
    if (lint.lookups.terms.length >= WALK_LIMIT) {
      lint.lookups.complete = false
      return
    }
    const target = literalTarget(record.redirect, at)
    const step: SpfLookupTerm = { term, domain: at, path: [...path, term] }
    if (target === undefined) step.dynamic = true
    lint.lookups.terms.push(step)
    if (target === undefined)
      note(SPF.MACRO_TARGET, `${term} depends on the sender; its cost is counted once`, at, step.path)
    else await descend(at, target, step.path, stack, 'redirect', ending)
  }

  async function descend(
    at: string,
    target: string,
    here: string[],
    stack: Set<string>,
    via: 'include' | 'redirect',
    ending = false,
  ): Promise<void> {
    if (stack.has(target)) {
      note(SPF.INCLUDE_LOOP, `${here.join(' → ')} loops back to ${target}`, at, here)
      return
    }
    const fetched = await fetch(target)
    if (fetched.kind === 'record') return walk(target, fetched, here, new Set([...stack, target]), ending)
    const last = here[here.length - 1] ?? ''
    if (fetched.kind === 'none') {
      lint.voidLookups.terms.push({ term: last, domain: at, path: here })
      note(
        via === 'include' ? SPF.INCLUDE_NONE : SPF.REDIRECT_NONE,
        `${last}: ${target} has no SPF record, so the policy is a permerror`,
        at,
        here,
      )
    } else if (fetched.kind === 'multiple') {
      note(
        SPF.MULTIPLE_RECORDS,
        `${last}: ${target} publishes ${fetched.records.length} v=spf1 records`,
        at,
        here,
      )
    } else
      note(
        SPF.DNS_ERROR,
        `${last}: the SPF record of ${target} could not be read: ${fetched.message}`,
        at,
        here,
      )
  }

  /** RFC 7208 §7: no %{p} anywhere (§5.5's reasons), and no s, l, o or h macro in a mechanism. */
  function lintMacros(
    at: string,
    term: string,
    spec: DomainSpec | undefined,
    here: string[],
    mechanism: boolean,
  ): void {
    const letters = new Set((spec?.tokens ?? []).flatMap((t) => (t.kind === 'expand' ? [t.letter] : [])))
    if (letters.has('p'))
      note(
        SPF.P_MACRO,
        `"${term}" at ${at} uses the %{p} macro, which needs the same reverse lookups as ptr; RFC 7208 §7.3 says not to use it`,
        at,
        here,
      )
    const sender = [...letters].filter((l) => SENDER_LETTERS.has(l))
    if (mechanism && sender.length > 0)
      note(
        SPF.SENDER_MACRO,
        `"${term}" at ${at} builds its name from the sender (${sender.map((l) => `%{${l}}`).join(', ')}); RFC 7208 §7 advises against the s, l, o and h macros in mechanisms`,
        at,
        here,
      )
  }

  /** RFC 7208 §6: redirect= and exp= come after every mechanism; §6.1: redirect= is the very last term. */
  function lintTermOrder(at: string, record: SpfRecord, path: string[]): void {
    const lastMechanism = record.terms.findLastIndex((t) => t.kind === 'mechanism')
    const early = record.terms.filter(
      (t, i) => (t.kind === 'redirect' || t.kind === 'exp') && i < lastMechanism,
    )
    for (const term of early) {
      const after = record.terms[lastMechanism]?.text ?? ''
      note(
        SPF.MODIFIER_NOT_LAST,
        `"${term.text}" at ${at} comes before the mechanism "${after}"; RFC 7208 §6 puts redirect= and exp= after every mechanism`,
        at,
        [...path, term.text],
      )
    }
    const redirect = record.terms.findIndex((t) => t.kind === 'redirect')
    const last = record.terms[record.terms.length - 1]
    if (redirect >= 0 && redirect > lastMechanism && redirect < record.terms.length - 1 && last) {
      note(
        SPF.REDIRECT_NOT_LAST,
        `"${record.terms[redirect]?.text ?? ''}" at ${at} is followed by "${last.text}"; RFC 7208 §6.1 makes redirect= the very last term`,
        at,
        [...path, record.terms[redirect]?.text ?? ''],
      )
    }
  }

  function voidIf(result: MailDnsResult<unknown>, step: SpfLookupTerm): void {
    if (isVoidLookup(result)) lint.voidLookups.terms.push(step)
  }

  function finishLookups(): void {
    const terms = lint.lookups.terms
    lint.lookups.count = terms.length
    const counts = new Map<string, number>()
    for (const t of terms) counts.set(t.path[0] ?? t.term, (counts.get(t.path[0] ?? t.term) ?? 0) + 1)
    lint.lookups.byTopTerm = [...counts].map(([term, count]) => ({ term, count }))
    const over = terms[LOOKUP_LIMIT]
    if (over) {
      const message = `${lint.lookups.complete ? '' : 'at least '}${terms.length} DNS-querying terms (limit ${LOOKUP_LIMIT}); the ${ordinal(LOOKUP_LIMIT + 1)} is reached by ${over.path.join(' → ')}`
      note(SPF.TOO_MANY_LOOKUPS, message, over.domain, over.path)
    }
    lint.voidLookups.count = lint.voidLookups.terms.length
    const extra = lint.voidLookups.terms[VOID_LIMIT]
    if (extra) {
      const message = `${lint.voidLookups.count} terms look up names with no records (limit ${VOID_LIMIT}); the ${ordinal(VOID_LIMIT + 1)} is ${extra.path.join(' → ')}`
      note(SPF.TOO_MANY_VOID_LOOKUPS, message, extra.domain, extra.path)
    }
  }

  function finishAll(): void {
    const all = lint.all
    if (!all) return
    const path = [all.term]
    if (all.qualifier === '+')
      note(
        SPF.ALL_PASS,
        `"${all.term}" authorizes every host on the internet to send as ${name}`,
        all.domain,
        path,
      )
    else if (all.qualifier === '?')
      note(
        SPF.ALL_NEUTRAL,
        `"${all.term}" makes unlisted hosts neutral, which protects nothing`,
        all.domain,
        path,
      )
    else if (all.qualifier === '~')
      note(SPF.ALL_SOFTFAIL, `"${all.term}" only soft-fails unlisted hosts`, all.domain, path)
  }
}

/** Asks each question once per lint: include trees often name the same hosts again. */
function memoized(dns: MailDns): MailDns {
  const seen = new Map<string, Promise<unknown>>()
  const once = <T>(key: string, ask: () => Promise<T>): Promise<T> => {
    let hit = seen.get(key) as Promise<T> | undefined
    if (!hit) {
      hit = ask()
      seen.set(key, hit)
    }
    return hit
  }
  return {
    txt: (n) => once(`TXT ${n}`, () => dns.txt(n)),
    a: (n) => once(`A ${n}`, () => dns.a(n)),
    aaaa: (n) => once(`AAAA ${n}`, () => dns.aaaa(n)),
    mx: (n) => once(`MX ${n}`, () => dns.mx(n)),
    ptr: (n) => once(`PTR ${n}`, () => dns.ptr(n)),
  }
}

async function fetchRecord(dns: MailDns, name: string): Promise<Fetched> {
  const txt = await dns.txt(name)
  if (!txt.ok)
    return isVoidLookup(txt)
      ? { kind: 'none', message: txt.error.message }
      : { kind: 'error', message: txt.error.message }
  const records = selectSpfRecords(txt.value)
  if (records.length === 0) return { kind: 'none', message: `${name} has no v=spf1 TXT record` }
  if (records.length > 1) return { kind: 'multiple', records }
  const text = records[0] ?? ''
  const { record, problems } = parseSpfTerms(text)
  const octets = txt.value.reduce((sum, t) => sum + Buffer.byteLength(t), Buffer.byteLength(name))
  return { kind: 'record', records, text, record, problems, octets }
}

/** The target a term names when it holds no macros (escapes allowed), else undefined. */
function literalTarget(spec: DomainSpec | undefined, domain: string): string | undefined {
  if (!spec) return domain
  if (spec.tokens.some((t) => t.kind === 'expand')) return undefined
  return spec.tokens
    .map((t) => (t.kind === 'literal' ? t.text : ''))
    .join('')
    .replace(/\.$/, '')
    .toLowerCase()
}
