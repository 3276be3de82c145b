// DMARC (RFC 7489): strict record parsing, policy helpers, organizational domains, report authorization, lookup.
//
// DMARCbis (draft-ietf-dmarc-dmarcbis) differs where noted below: it drops pct (replaced by t=y testing), rf and ri,
// adds np (policy for non-existent subdomains) and psd, and replaces the Public Suffix List with a DNS tree walk.
import { getDomain } from 'tldts'
import { failure, ok, type Result } from '../core/result'
import { isVoidLookup, type MailDns } from './dns-source'
import { bareName } from '../network/scope'
import { DMARC } from './codes'

/** A requested policy (p=, sp=). */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject'

/** Identifier alignment mode (adkim=, aspf=): relaxed or strict. */
export type DmarcAlignment = 'r' | 's'

/** One reporting URI with its optional size limit (`mailto:x@y!10m`). */
export interface DmarcReportUri {
  address: string
  maxSize?: number
  unit?: 'k' | 'm' | 'g' | 't'
}

/** A parsed DMARC record with RFC 7489 defaults filled in. */
export interface DmarcRecord {
  v: 'DMARC1'
  p: DmarcPolicy
  /** Absent means "same as p" (§6.3). */
  sp?: DmarcPolicy
  adkim: DmarcAlignment
  aspf: DmarcAlignment
  /** Removed by DMARCbis (which has t=y for testing instead). */
  pct: number
  /** Removed by DMARCbis. */
  ri: number
  fo: string[]
  /** Removed by DMARCbis. */
  rf: string[]
  rua: DmarcReportUri[]
  ruf: DmarcReportUri[]
  /** Tags RFC 7489 does not define (ignored, §6.3), e.g. DMARCbis's np, psd, t; names lower-cased. */
  unknownTags: Record<string, string>
  /** Set when p/sp were missing or invalid and rua rescued the record as p=none (§6.6.3); says why. */
  policyFallback?: string
}

const POLICIES: readonly string[] = ['none', 'quarantine', 'reject']
const MAX_RI = 4_294_967_295

/**
 * Parses a DMARC TXT record by RFC 7489 §6.4: v=DMARC1 first (value case-sensitive), then p= (RFC 7489 requires
 * it directly after v), tags separated by ";" with optional whitespace, tag names case-insensitive, no duplicates.
 * A missing or invalid p=/sp= is tolerated only when rua= holds a valid URI: the record then acts as p=none.
 */
export function parseDmarcRecord(text: string): Result<DmarcRecord> {
  const parts = text.split(';')
  const version = (parts[0] ?? '').replace(/[ \t]+$/, '')
  if (!/^[vV][ \t]*=[ \t]*DMARC1$/.test(version)) {
    if (/^[vV][ \t]*=[ \t]*dmarc1$/i.test(version))
      return failure(DMARC.VERSION, 'the version must be exactly "DMARC1" (case-sensitive)')
    if (/^[vV][ \t]*=[ \t]*DMARC1[ \t]/.test(version))
      return failure(DMARC.SYNTAX, 'v=DMARC1 must be followed by ";"')
    return failure(DMARC.VERSION, 'the record must start with "v=DMARC1;"')
  }
  if (parts.length < 2) return failure(DMARC.SYNTAX, 'v=DMARC1 must be followed by ";"')
  const record: DmarcRecord = {
    v: 'DMARC1',
    p: 'none',
    adkim: 'r',
    aspf: 'r',
    pct: 100,
    ri: 86400,
    fo: ['0'],
    rf: ['afrf'],
    rua: [],
    ruf: [],
    unknownTags: {},
  }
  const seen = new Set<string>()
  let policyProblem: string | undefined
  let sawPolicy = false
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? ''
    if (/^[ \t]*$/.test(part)) {
      // Only the final separator may be followed by nothing.
      if (i === parts.length - 1) break
      return failure(DMARC.SYNTAX, 'empty tag between ";" separators')
    }
    const tag = /^[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*?)[ \t]*$/s.exec(part)
    if (!tag) return failure(DMARC.SYNTAX, `"${part.trim()}" is not a tag=value pair`)
    const name = (tag[1] ?? '').toLowerCase()
    const value = tag[2] ?? ''
    if (seen.has(name)) return failure(DMARC.DUPLICATE_TAG, `the tag ${name}= appears more than once`)
    seen.add(name)
    switch (name) {
      case 'p':
        sawPolicy = true
        if (i !== 1) policyProblem ??= 'p= must come directly after v=DMARC1'
        else if (!POLICIES.includes(value.toLowerCase()))
          policyProblem ??= `p=${value} is not none, quarantine or reject`
        else record.p = value.toLowerCase() as DmarcPolicy
        break
      case 'sp':
        if (!POLICIES.includes(value.toLowerCase()))
          policyProblem ??= `sp=${value} is not none, quarantine or reject`
        else record.sp = value.toLowerCase() as DmarcPolicy
        break
      case 'adkim':
      case 'aspf': {
        const mode = value.toLowerCase()
        if (mode !== 'r' && mode !== 's') return failure(DMARC.BAD_VALUE, `${name}=${value} must be r or s`)
        record[name] = mode
        break
      }
      case 'pct': {
        const pct = integer(value, 100)
        if (pct === undefined)
          return failure(DMARC.BAD_VALUE, `pct=${value} must be a whole number from 0 to 100`)
        record.pct = pct
        break
      }
      case 'ri': {
        const ri = integer(value, MAX_RI)
        if (ri === undefined)
          return failure(DMARC.BAD_VALUE, `ri=${value} must be a whole number of seconds (32-bit)`)
        record.ri = ri
        break
      }
      case 'fo': {
        const options = list(value, ':')
        if (!options.every((o) => /^[01ds]$/i.test(o)))
          return failure(DMARC.BAD_VALUE, `fo=${value} must be 0, 1, d or s joined by ":"`)
        record.fo = options.map((o) => o.toLowerCase())
        break
      }
      case 'rf': {
        const formats = list(value, ':')
        if (!formats.every((f) => /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(f))) {
          return failure(DMARC.BAD_VALUE, `rf=${value} must be report format keywords joined by ":"`)
        }
        record.rf = formats.map((f) => f.toLowerCase())
        break
      }
      case 'rua':
      case 'ruf': {
        const uris: DmarcReportUri[] = []
        for (const item of list(value, ',')) {
          const uri = parseReportUri(item)
          if (!uri.ok) return failure(DMARC.BAD_VALUE, `${name}=: ${uri.error.message}`)
          uris.push(uri.value)
        }
        record[name] = uris
        break
      }
      default:
        record.unknownTags[name] = value
    }
  }
  if (!sawPolicy) policyProblem ??= 'the record has no p= tag'
  if (policyProblem) {
    // RFC 7489 §6.6.3: a record with a valid rua but a bad p/sp is treated as p=none (DMARCbis keeps this).
    if (record.rua.length === 0)
      return failure(DMARC.POLICY, `${policyProblem}, and there is no rua= to fall back on`)
    record.p = 'none'
    delete record.sp
    record.policyFallback = policyProblem
  }
  return ok(record)
}

/** Splits a list value, allowing whitespace around the separators; an empty item makes the whole value invalid. */
function list(value: string, separator: string): string[] {
  return value.split(separator).map((item) => item.replace(/^[ \t]+|[ \t]+$/g, ''))
}

function integer(value: string, max: number): number | undefined {
  if (!/^[0-9]+$/.test(value)) return undefined
  const n = Number(value)
  return Number.isSafeInteger(n) && n <= max ? n : undefined
}

/** Parses one dmarc-uri: an absolute URI, then optionally "!" size [k|m|g|t] (§6.4). */
export function parseReportUri(text: string): Result<DmarcReportUri> {
  const bang = text.indexOf('!')
  const address = bang < 0 ? text : text.slice(0, bang)
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/.test(address))
    return failure(DMARC.BAD_URI, `"${text}" is not an absolute URI`)
  const uri: DmarcReportUri = { address }
  if (bang >= 0) {
    const size = /^([0-9]+)([kmgtKMGT]?)$/.exec(text.slice(bang + 1))
    const n = Number(size?.[1])
    if (!size || !Number.isSafeInteger(n))
      return failure(DMARC.BAD_URI, `"${text}" has an invalid size limit`)
    uri.maxSize = n
    if (size[2]) uri.unit = size[2].toLowerCase() as DmarcReportUri['unit']
  }
  return ok(uri)
}

/** Orders policies by strength: none 0, quarantine 1, reject 2. */
export function policyStrength(policy: DmarcPolicy): 0 | 1 | 2 {
  return policy === 'reject' ? 2 : policy === 'quarantine' ? 1 : 0
}

/** The policy a receiver applies to the domain itself or to a subdomain (sp= falls back to p=, §6.3). */
export function effectivePolicy(record: DmarcRecord, subdomain = false): DmarcPolicy {
  return subdomain ? (record.sp ?? record.p) : record.p
}

/** True when failing mail is quarantined or rejected for every message: p is not none and pct is 100. */
export function isFullyEnforced(record: DmarcRecord, subdomain = false): boolean {
  return effectivePolicy(record, subdomain) !== 'none' && record.pct === 100
}

/**
 * The Organizational Domain (RFC 7489 §3.2): the registrable domain by the Public Suffix List, via tldts.
 * Private-section suffixes count (allowPrivateDomains): under github.io or herokuapp.com every customer is a separate
 * organization, so one tenant's _dmarc record must not govern another's. DMARCbis replaces the PSL with a DNS tree walk.
 */
export function organizationalDomain(domain: string): string {
  const name = bareName(domain)
  return getDomain(name, { allowPrivateDomains: true }) ?? name
}

/** The host a report URI delivers to: the domain of a mailto: address, or the host of any other URI. */
export function reportUriHost(address: string): string | undefined {
  if (/^mailto:/i.test(address)) {
    const mailbox = decodeURIComponent(address.slice(7).split('?')[0] ?? '')
    const at = mailbox.lastIndexOf('@')
    return at < 0 ? undefined : mailbox.slice(at + 1).toLowerCase() || undefined
  }
  try {
    return new URL(address).hostname.toLowerCase() || undefined
  } catch {
    return undefined
  }
}

/** The name that must hold "v=DMARC1" for `destinationHost` to accept reports about `policyDomain` (§7.1). */
export function reportAuthorizationName(policyDomain: string, destinationHost: string): string {
  return `${bareName(policyDomain)}._report._dmarc.${bareName(destinationHost)}`
}

/** A report destination outside the policy domain's organization, and where its authorization must be. */
export interface ExternalReportDestination {
  tag: 'rua' | 'ruf'
  address: string
  host: string
  authorizationName: string
}

/** The rua/ruf URIs whose host lies outside the organizational domain of `policyDomain` (§7.1). */
export function externalReportDestinations(
  policyDomain: string,
  record: DmarcRecord,
): ExternalReportDestination[] {
  const own = organizationalDomain(policyDomain)
  const out: ExternalReportDestination[] = []
  for (const tag of ['rua', 'ruf'] as const) {
    for (const uri of record[tag]) {
      const host = reportUriHost(uri.address)
      if (!host || organizationalDomain(host) === own) continue
      out.push({
        tag,
        address: uri.address,
        host,
        authorizationName: reportAuthorizationName(policyDomain, host),
      })
    }
  }
  return out
}

/** Whether an external destination publishes the authorization record; DNS failures are coded errors. */
export async function checkReportAuthorization(
  dns: MailDns,
  destination: ExternalReportDestination,
): Promise<Result<boolean>> {
  const txt = await dns.txt(destination.authorizationName)
  if (!txt.ok) return isVoidLookup(txt) ? ok(false) : failure(txt.error.code, txt.error.message)
  // The record only needs to be a DMARC record (§7.1 step 4); its tags beyond v= are not required.
  return ok(txt.value.some((t) => /^v[ \t]*=[ \t]*DMARC1[ \t]*(;|$)/.test(t)))
}

/** What policy discovery found for a domain: where it looked, and the record or the coded reason there is none. */
export interface DmarcLookup {
  domain: string
  organizationalDomain: string
  /** Names queried, in order, with what each returned. */
  queried: { name: string; outcome: string }[]
  /** The _dmarc name whose records decided the outcome. */
  name?: string
  /** True when the record came from the organizational domain (§6.6.3 step 3). */
  fallback: boolean
  /** The DMARC candidates at `name` (TXT strings starting with v=DMARC1, in any case). */
  records: string[]
  outcome: Result<DmarcRecord>
}

/**
 * Policy discovery (RFC 7489 §6.6.3): _dmarc.<domain>, then _dmarc.<organizational domain> when the first has no
 * DMARC record. Several records is an error, as is a DNS failure (no fallback: the answer is unknown).
 * DMARCbis replaces the fallback with a tree walk up to eight labels.
 */
export async function lookupDmarc(dns: MailDns, domain: string): Promise<DmarcLookup> {
  const name = bareName(domain)
  const org = organizationalDomain(name)
  const lookup: DmarcLookup = {
    domain: name,
    organizationalDomain: org,
    queried: [],
    fallback: false,
    records: [],
    outcome: failure(DMARC.NONE, ''),
  }
  const candidates = org === name ? [name] : [name, org]
  for (const [index, candidate] of candidates.entries()) {
    const at = `_dmarc.${candidate}`
    const txt = await dns.txt(at)
    lookup.queried.push({ name: at, outcome: txt.ok ? 'records' : txt.error.code })
    if (!txt.ok && !isVoidLookup(txt)) {
      lookup.name = at
      lookup.outcome = failure(
        txt.error.code,
        `the DMARC record at ${at} could not be read: ${txt.error.message}`,
      )
      return lookup
    }
    // Selection is case-insensitive so a "v=dmarc1" typo is reported as invalid rather than as missing.
    const records = txt.ok ? txt.value.filter((t) => /^v[ \t]*=[ \t]*dmarc1/i.test(t)) : []
    if (records.length === 0) continue
    lookup.name = at
    lookup.fallback = index > 0
    lookup.records = records
    if (records.length > 1) {
      lookup.outcome = failure(
        DMARC.MULTIPLE,
        `${at} publishes ${records.length} DMARC records; receivers apply none (§6.6.3)`,
      )
      return lookup
    }
    const parsed = parseDmarcRecord(records[0] ?? '')
    lookup.outcome = parsed.ok ? parsed : failure(parsed.error.code, `${at}: ${parsed.error.message}`)
    return lookup
  }
  const where = candidates.map((c) => `_dmarc.${c}`).join(' or ')
  lookup.outcome = failure(DMARC.NONE, `no DMARC record at ${where}`)
  return lookup
}
