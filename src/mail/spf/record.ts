// SPF record syntax (RFC 7208 §4.5, §4.6.1, §5, §6, §12): selecting v=spf1 records and parsing their terms.
import { failure, ok, type Result } from '../../core/result'
import { parseIp4Network, parseIp6 } from './ip'
import { parseDomainSpec, parseMacroString, quote, type DomainSpec } from './macro'
import { SPF } from '../codes'

/** A directive's qualifier: pass, fail, softfail, neutral. */
export type SpfQualifier = '+' | '-' | '~' | '?'

/** A mechanism with its arguments already validated. */
export type SpfMechanism =
  | { kind: 'all' }
  | { kind: 'include'; domain: DomainSpec }
  | { kind: 'a' | 'mx'; domain?: DomainSpec; cidr4: number; cidr6: number }
  | { kind: 'ptr'; domain?: DomainSpec }
  | { kind: 'ip4'; network: Uint8Array; cidr: number }
  | { kind: 'ip6'; network: Uint8Array; cidr: number }
  | { kind: 'exists'; domain: DomainSpec }

/** One qualifier + mechanism, with the term's text as published. */
export interface SpfDirective {
  text: string
  qualifier: SpfQualifier
  mechanism: SpfMechanism
}

/** A modifier other than redirect= and exp= (ignored by evaluation, §6). */
export interface SpfUnknownModifier {
  text: string
  name: string
  value: string
}

/** What a term of a record is: a mechanism (with its qualifier) or a modifier. */
export type SpfTermKind = 'mechanism' | 'redirect' | 'exp' | 'modifier'

/** A parsed v=spf1 record. */
export interface SpfRecord {
  text: string
  directives: SpfDirective[]
  redirect?: DomainSpec
  exp?: DomainSpec
  unknownModifiers: SpfUnknownModifier[]
  /** Every term that parsed, in published order (RFC 7208 §6 and §6.1 say where modifiers belong). */
  terms: { text: string; kind: SpfTermKind }[]
}

/** A syntax problem in one term of a record. */
export interface SpfSyntaxProblem {
  term: string
  message: string
}

/** True for a TXT string that is an SPF record: "v=spf1" (any case) then a space or the end (§4.5). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text)
}

/** The v=spf1 records among a name's TXT strings. */
export function selectSpfRecords(txt: readonly string[]): string[] {
  return txt.filter(isSpfRecord)
}

/** Parses a record; any syntax error anywhere makes the whole record a permerror (§4.6). */
export function parseSpfRecord(text: string): Result<SpfRecord> {
  const parsed = parseSpfTerms(text)
  const first = parsed.problems[0]
  if (first) {
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ''
    return failure(SPF.SYNTAX, `${first.term ? `${quote(first.term)}: ` : ''}${first.message}${more}`)
  }
  return ok(parsed.record)
}

/** Parses every term and reports every problem, for the linter; `record` holds the terms that parsed. */
export function parseSpfTerms(text: string): { record: SpfRecord; problems: SpfSyntaxProblem[] } {
  const record: SpfRecord = { text, directives: [], unknownModifiers: [], terms: [] }
  const problems: SpfSyntaxProblem[] = []
  if (!isSpfRecord(text)) {
    problems.push({ term: '', message: 'the record does not start with "v=spf1"' })
    return { record, problems }
  }
  // Terms are separated by one or more SP only (§4.6.1); any other whitespace is part of a term and invalid.
  for (const term of text.slice(6).split(' ')) {
    if (term === '') continue
    const modifier = /^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s.exec(term)
    if (modifier) {
      const name = modifier[1] ?? ''
      const problem = addModifier(record, term, name, modifier[2] ?? '')
      if (problem) problems.push({ term, message: problem })
      else record.terms.push({ text: term, kind: modifierKind(name) })
      continue
    }
    const directive = parseDirective(term)
    if (directive.ok) {
      record.directives.push(directive.value)
      record.terms.push({ text: term, kind: 'mechanism' })
    } else problems.push({ term, message: directive.error.message })
  }
  return { record, problems }
}

function modifierKind(name: string): SpfTermKind {
  const lower = name.toLowerCase()
  return lower === 'redirect' || lower === 'exp' ? lower : 'modifier'
}

function addModifier(record: SpfRecord, term: string, name: string, value: string): string | undefined {
  const lower = name.toLowerCase()
  if (lower === 'redirect' || lower === 'exp') {
    if (record[lower]) return `${lower}= appears more than once (§6)`
    const spec = parseDomainSpec(value)
    if (!spec.ok) return `${lower}=: ${spec.error.message}`
    record[lower] = spec.value
    return undefined
  }
  const macro = parseMacroString(value, 'domain')
  if (!macro.ok) return macro.error.message
  record.unknownModifiers.push({ text: term, name, value })
  return undefined
}

const QUALIFIERS = '+-~?'

/** Parses one directive: [qualifier] mechanism with its arguments. */
export function parseDirective(term: string): Result<SpfDirective> {
  const first = term[0] ?? ''
  const qualifier = (QUALIFIERS.includes(first) ? first : '+') as SpfQualifier
  const body = QUALIFIERS.includes(first) ? term.slice(1) : term
  const name = /^[A-Za-z0-9]+/.exec(body)?.[0] ?? ''
  const rest = body.slice(name.length)
  const mechanism = parseMechanism(name.toLowerCase(), rest)
  if (!mechanism.ok) return mechanism
  return ok({ text: term, qualifier, mechanism: mechanism.value })
}

function parseMechanism(name: string, rest: string): Result<SpfMechanism> {
  switch (name) {
    case 'all':
      return rest === '' ? ok({ kind: 'all' }) : bad('"all" takes no argument')
    case 'include':
    case 'exists': {
      if (!rest.startsWith(':')) return bad(`"${name}" needs ":" and a domain-spec`)
      const spec = parseDomainSpec(rest.slice(1))
      return spec.ok ? ok({ kind: name, domain: spec.value }) : spec
    }
    case 'ptr': {
      if (rest === '') return ok({ kind: 'ptr' })
      if (!rest.startsWith(':')) return bad('"ptr" takes only ":" and a domain-spec')
      const spec = parseDomainSpec(rest.slice(1))
      return spec.ok ? ok({ kind: 'ptr', domain: spec.value }) : spec
    }
    case 'a':
    case 'mx': {
      // dual-cidr-length = [ "/" ip4-cidr ] [ "//" ip6-cidr ], always at the very end.
      const cidr = /(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/.exec(rest)
      const four = cidr?.[1]
      const six = cidr?.[2]
      const head = rest.slice(0, rest.length - (cidr?.[0].length ?? 0))
      const cidr4 = four === undefined ? 32 : cidrValue(four, 32)
      const cidr6 = six === undefined ? 128 : cidrValue(six, 128)
      if (cidr4 === undefined) return bad(`invalid IPv4 prefix length /${four}`)
      if (cidr6 === undefined) return bad(`invalid IPv6 prefix length //${six}`)
      if (head === '') return ok({ kind: name, cidr4, cidr6 })
      if (!head.startsWith(':')) return bad(`"${name}" arguments must start with ":" or "/"`)
      const spec = parseDomainSpec(head.slice(1))
      return spec.ok ? ok({ kind: name, domain: spec.value, cidr4, cidr6 }) : spec
    }
    case 'ip4':
    case 'ip6': {
      if (!rest.startsWith(':')) return bad(`"${name}" needs ":" and a network`)
      const slash = rest.indexOf('/')
      const address = slash < 0 ? rest.slice(1) : rest.slice(1, slash)
      const length = slash < 0 ? undefined : rest.slice(slash + 1)
      const max = name === 'ip4' ? 32 : 128
      const cidr = length === undefined ? max : cidrValue(length, max)
      if (cidr === undefined) return bad(`invalid prefix length /${length}`)
      const network = name === 'ip4' ? parseIp4Network(address) : parseIp6(address)
      if (!network) return bad(`${quote(address)} is not a valid ${name === 'ip4' ? 'IPv4' : 'IPv6'} network`)
      return ok({ kind: name, network, cidr })
    }
    default:
      return bad(name ? `unknown mechanism ${quote(name)}` : 'not a mechanism or modifier')
  }
}

/** A prefix length without leading zeros, at most `max` (§5.6: ip4-cidr-length / ip6-cidr-length). */
function cidrValue(digits: string, max: number): number | undefined {
  if (!/^(?:0|[1-9][0-9]*)$/.test(digits)) return undefined
  const value = Number(digits)
  return value <= max ? value : undefined
}

const bad = <T>(message: string): Result<T> => failure(SPF.SYNTAX, message)
