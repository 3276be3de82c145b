// DKIM key records (RFC 6376 §3.6.1, RFC 8463, RFC 8301): parsing, key classification, lookup and selector discovery.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { failure, ok, type Result } from '../core/result'
import { isVoidLookup, type MailDns } from './dns-source'
import { bareName } from '../network/scope'
import { DKIM } from './codes'

/** Key types DKIM defines: rsa (RFC 6376) and ed25519 (RFC 8463). */
export type DkimKeyType = 'rsa' | 'ed25519'

/** Why a key record is not a usable key for verifying mail. */
export type DkimKeyCode =
  | typeof DKIM.SYNTAX
  | typeof DKIM.BAD_VERSION
  | typeof DKIM.MISSING_KEY
  | typeof DKIM.REVOKED
  | typeof DKIM.BAD_BASE64
  | typeof DKIM.BAD_KEY
  | typeof DKIM.KEY_TYPE_MISMATCH
  | typeof DKIM.UNKNOWN_KEY_TYPE
  | typeof DKIM.NOT_FOR_EMAIL
  | typeof DKIM.HASH_UNSUPPORTED

/** The tags of a key record, with RFC 6376 defaults applied where the record is silent. */
export interface DkimKeyRecord {
  /** Every tag in order, names as written. */
  tags: { name: string; value: string }[]
  v?: string
  /** h=: acceptable hash algorithms (absent: all). */
  hashAlgorithms?: string[]
  /** k= as written, lower-cased (default rsa). */
  keyType: string
  notes?: string
  /** p= with whitespace removed; '' means revoked. */
  publicKey: string
  /** s=: service types (default *). */
  services: string[]
  /** t=: flags such as y (testing) and s (strict). */
  flags: string[]
}

/** A key record judged for use in verifying mail. JSON-serialisable. */
export interface DkimKeyAssessment {
  status: 'valid' | 'revoked' | 'invalid'
  /** Set unless status is valid. */
  code?: DkimKeyCode
  message: string
  /** The key type the key material turned out to be, when it could be loaded. */
  keyType?: DkimKeyType
  /** k= as published (default rsa). */
  declaredKeyType?: string
  /** RSA modulus length. */
  bits?: number
  /** How p= encodes the key: SubjectPublicKeyInfo, PKCS#1 RSAPublicKey, or raw Ed25519 bytes. */
  encoding?: 'spki' | 'pkcs1' | 'raw'
  /** t=y: the domain is testing DKIM and verifiers may treat failures as unsigned (§3.6.1). */
  testing: boolean
  /** t=s: the i= domain must equal d=, no subdomains. */
  strict: boolean
  services: string[]
  hashAlgorithms?: string[]
}

/** Splits a tag-list (RFC 6376 §3.2): names case-sensitive, no duplicates, a trailing ";" allowed. */
export function parseDkimTags(text: string): Result<{ name: string; value: string }[]> {
  const tags: { name: string; value: string }[] = []
  const specs = text.split(';')
  if (/^[ \t\r\n]*$/.test(specs[specs.length - 1] ?? '')) specs.pop()
  for (const spec of specs) {
    const match = /^[ \t\r\n]*([A-Za-z][A-Za-z0-9_]*)[ \t\r\n]*=[ \t\r\n]*([^]*?)[ \t\r\n]*$/.exec(spec)
    if (!match) return failure(DKIM.SYNTAX, `"${spec.trim()}" is not a tag=value pair`)
    const name = match[1] ?? ''
    const value = match[2] ?? ''
    // tag-value: VALCHAR (%x21-3A / %x3C-7E) runs separated by whitespace.
    if (/[^\x21-\x3a\x3c-\x7e \t\r\n]/.test(value))
      return failure(DKIM.SYNTAX, `the value of ${name}= has characters outside printable ASCII`)
    if (tags.some((t) => t.name === name))
      return failure(DKIM.SYNTAX, `the tag ${name}= appears more than once`)
    tags.push({ name, value })
  }
  return ok(tags)
}

/** Parses a key record's tags and applies the §3.6.1 rules on v= (first, exactly DKIM1) and p= (required). */
export function parseDkimKeyRecord(text: string): Result<DkimKeyRecord> {
  const parsed = parseDkimTags(text)
  if (!parsed.ok) return parsed
  const tags = parsed.value
  const get = (name: string): string | undefined => tags.find((t) => t.name === name)?.value
  const v = get('v')
  if (v !== undefined && v !== 'DKIM1')
    return failure(DKIM.BAD_VERSION, `v=${v} is not DKIM1, so the record must be discarded`)
  if (v !== undefined && tags[0]?.name !== 'v')
    return failure(DKIM.BAD_VERSION, 'v= must be the first tag of the record')
  const p = get('p')
  if (p === undefined) return failure(DKIM.MISSING_KEY, 'the record has no p= tag')
  const split = (value: string | undefined): string[] | undefined =>
    value === undefined
      ? undefined
      : value
          .split(':')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean)
  const record: DkimKeyRecord = {
    tags,
    keyType: (get('k') ?? 'rsa').toLowerCase(),
    publicKey: p.replace(/[ \t\r\n]+/g, ''),
    services: split(get('s')) ?? ['*'],
    flags: split(get('t')) ?? [],
  }
  if (v !== undefined) record.v = v
  const hashes = split(get('h'))
  if (hashes) record.hashAlgorithms = hashes
  const notes = get('n')
  if (notes !== undefined) record.notes = notes
  return ok(record)
}

type Material =
  | { kind: 'rsa'; bits: number; encoding: 'spki' | 'pkcs1' }
  | { kind: 'ed25519'; encoding: 'raw' | 'spki' }
  | { kind: 'other'; type: string }
  | { kind: 'unreadable'; reason: string }

/** Loads p= as a key: DER SubjectPublicKeyInfo, DER PKCS#1 RSAPublicKey, or 32 raw Ed25519 bytes. */
function readMaterial(bytes: Buffer): Material {
  const spki = tryKey(() => createPublicKey({ key: bytes, format: 'der', type: 'spki' }))
  if (spki) {
    const type = spki.asymmetricKeyType ?? 'unknown'
    if (type === 'rsa')
      return { kind: 'rsa', bits: spki.asymmetricKeyDetails?.modulusLength ?? 0, encoding: 'spki' }
    if (type === 'ed25519') return { kind: 'ed25519', encoding: 'spki' }
    return { kind: 'other', type }
  }
  const pkcs1 = tryKey(() => createPublicKey({ key: bytes, format: 'der', type: 'pkcs1' }))
  if (pkcs1) return { kind: 'rsa', bits: pkcs1.asymmetricKeyDetails?.modulusLength ?? 0, encoding: 'pkcs1' }
  if (bytes.length === 32) {
    const raw = tryKey(() =>
      createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' }),
    )
    if (raw) return { kind: 'ed25519', encoding: 'raw' }
  }
  return {
    kind: 'unreadable',
    reason: `${bytes.length} bytes that are neither a DER public key nor a 32-byte Ed25519 key`,
  }
}

function tryKey(load: () => KeyObject): KeyObject | undefined {
  try {
    return load()
  } catch {
    // An expected outcome: the bytes are not a key in this encoding.
    return undefined
  }
}

/** Classifies a key record: valid RSA (with modulus bits) or Ed25519, revoked, or invalid with the reason. */
export function assessDkimKey(text: string): DkimKeyAssessment {
  const parsed = parseDkimKeyRecord(text)
  if (!parsed.ok) {
    return {
      status: 'invalid',
      code: parsed.error.code as DkimKeyCode,
      message: parsed.error.message,
      testing: false,
      strict: false,
      services: ['*'],
    }
  }
  const record = parsed.value
  const base: DkimKeyAssessment = {
    status: 'valid',
    message: '',
    declaredKeyType: record.keyType,
    testing: record.flags.includes('y'),
    strict: record.flags.includes('s'),
    services: record.services,
  }
  if (record.hashAlgorithms) base.hashAlgorithms = record.hashAlgorithms
  const invalid = (code: DkimKeyCode, message: string): DkimKeyAssessment => ({
    ...base,
    status: 'invalid',
    code,
    message,
  })
  if (record.publicKey === '')
    return {
      ...base,
      status: 'revoked',
      code: DKIM.REVOKED,
      message: 'p= is empty: the key has been revoked',
    }
  const b64 = record.publicKey
  if (
    !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) ||
    b64.length % 4 === 1 ||
    (b64.includes('=') && b64.length % 4 !== 0)
  ) {
    return invalid(DKIM.BAD_BASE64, 'p= is not valid base64')
  }
  const material = readMaterial(Buffer.from(b64, 'base64'))
  if (material.kind === 'rsa') {
    base.keyType = 'rsa'
    base.bits = material.bits
    base.encoding = material.encoding
  } else if (material.kind === 'ed25519') {
    base.keyType = 'ed25519'
    base.encoding = material.encoding
  }
  const found =
    material.kind === 'rsa'
      ? 'an RSA key'
      : material.kind === 'ed25519'
        ? 'an Ed25519 key'
        : material.kind === 'other'
          ? `a ${material.type} key`
          : undefined
  const declared = record.keyType
  if (declared !== 'rsa' && declared !== 'ed25519') {
    if (found)
      return invalid(
        DKIM.KEY_TYPE_MISMATCH,
        `k=${declared} is not a registered key type (rsa, ed25519), and p= holds ${found}`,
      )
    return invalid(DKIM.UNKNOWN_KEY_TYPE, `k=${declared} is not a registered key type (rsa, ed25519)`)
  }
  if (material.kind === 'unreadable')
    return invalid(DKIM.BAD_KEY, `p= cannot be loaded as a public key: ${material.reason}`)
  if (declared === 'ed25519' && material.kind === 'ed25519' && material.encoding === 'spki') {
    return invalid(
      DKIM.BAD_KEY,
      'k=ed25519 wants the raw 32-byte key (RFC 8463 §4), not a SubjectPublicKeyInfo',
    )
  }
  if (material.kind !== declared)
    return invalid(DKIM.KEY_TYPE_MISMATCH, `k=${declared} but p= holds ${found}`)
  if (!record.services.includes('*') && !record.services.includes('email')) {
    return invalid(
      DKIM.NOT_FOR_EMAIL,
      `s=${record.services.join(':')} restricts the key to other services; mail verifiers ignore it`,
    )
  }
  if (record.hashAlgorithms && !record.hashAlgorithms.includes('sha256')) {
    return invalid(
      DKIM.HASH_UNSUPPORTED,
      `h=${record.hashAlgorithms.join(':')} excludes sha256; sha1 signatures are not valid (RFC 8301)`,
    )
  }
  const size = material.kind === 'rsa' ? `${material.bits}-bit RSA` : 'Ed25519'
  return { ...base, message: `${size} key${base.testing ? ' in testing mode (t=y)' : ''}` }
}

/**
 * The record text of a key as found in a file: the concatenated quoted strings of a zone-file line
 * (`sel._domainkey IN TXT ( "v=DKIM1; k=rsa; " "p=…" )`), the value after TXT, or the file's text as is.
 */
export function dkimRecordText(source: string): string {
  const quoted = [...source.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    (m[1] ?? '').replace(/\\([0-9]{3}|.)/g, (_, e: string) =>
      e.length === 3 ? String.fromCharCode(Number(e)) : e,
    ),
  )
  if (quoted.length > 0) return quoted.join('')
  const afterTxt = /\bTXT[ \t]+([^]*)$/i.exec(source)
  return afterTxt ? (afterTxt[1] ?? '').replace(/[()]/g, '').trim() : source.trim()
}

/** The DNS name of a selector's key (§3.6.2.1). */
export function dkimKeyName(selector: string, domain: string): string {
  return `${selector}._domainkey.${bareName(domain)}`
}

/** What one selector's lookup found. */
export interface DkimKeyLookup {
  selector: string
  name: string
  records: string[]
  /** The single record's assessment, or why there is none (DKIM_NO_KEY, DKIM_MULTIPLE_RECORDS, DNS_*). */
  outcome: Result<DkimKeyAssessment>
}

/** Looks up and assesses the key published for `selector` at `domain`. */
export async function lookupDkimKey(dns: MailDns, selector: string, domain: string): Promise<DkimKeyLookup> {
  const name = dkimKeyName(selector, domain)
  const txt = await dns.txt(name)
  if (!txt.ok) {
    const outcome = isVoidLookup(txt)
      ? failure<DkimKeyAssessment>(DKIM.NO_KEY, `no key at ${name}`)
      : failure<DkimKeyAssessment>(txt.error.code, txt.error.message)
    return { selector, name, records: [], outcome }
  }
  const records = txt.value
  if (records.length > 1) {
    return {
      selector,
      name,
      records,
      outcome: failure(
        DKIM.MULTIPLE_RECORDS,
        `${name} has ${records.length} TXT records; verifiers pick one unpredictably`,
      ),
    }
  }
  return { selector, name, records, outcome: ok(assessDkimKey(records[0] ?? '')) }
}

/** Tries selectors (default: the common provider ones) and returns those that publish something or fail to answer. */
export async function discoverDkimKeys(
  dns: MailDns,
  domain: string,
  selectors: readonly string[] = COMMON_DKIM_SELECTORS.map((s) => s.selector),
): Promise<DkimKeyLookup[]> {
  const lookups = await Promise.all([...new Set(selectors)].map((s) => lookupDkimKey(dns, s, domain)))
  return lookups.filter((l) => l.outcome.ok || l.outcome.error.code !== DKIM.NO_KEY)
}

/** A selector providers commonly publish, with where that knowledge comes from. */
export interface KnownDkimSelector {
  selector: string
  source: string
}

/** Common selectors tried when the engagement declares none; each note names the provider or documentation. */
export const COMMON_DKIM_SELECTORS: readonly KnownDkimSelector[] = [
  {
    selector: 'google',
    source: 'Google Workspace: default prefix when generating a key in the Admin console',
  },
  {
    selector: 'selector1',
    source: 'Microsoft 365 / Exchange Online: first of the two rotating CNAMEs to *.onmicrosoft.com',
  },
  { selector: 'selector2', source: 'Microsoft 365 / Exchange Online: second of the two rotating CNAMEs' },
  { selector: 'k1', source: 'Mailchimp: CNAME to dkim.mcsv.net (older setups)' },
  { selector: 'k2', source: 'Mailchimp: CNAME to dkim2.mcsv.net' },
  { selector: 'k3', source: 'Mailchimp: CNAME to dkim3.mcsv.net' },
  { selector: 'mandrill', source: 'Mandrill (Mailchimp Transactional): documented DKIM TXT record' },
  { selector: 's1', source: 'SendGrid (Twilio): first automated-security CNAME to sendgrid.net' },
  { selector: 's2', source: 'SendGrid (Twilio): second automated-security CNAME' },
  { selector: 'smtpapi', source: 'SendGrid: legacy selector of older accounts' },
  { selector: 'default', source: 'cPanel/Exim, DirectAdmin and many OpenDKIM/rspamd setups' },
  { selector: 'dkim', source: 'generic name used by self-hosted signers and several hosting panels' },
  { selector: 'mail', source: 'generic name from OpenDKIM tutorials (mail._domainkey)' },
  { selector: 'mxvault', source: 'listed by public selector-discovery tools; provider not confirmed here' },
  { selector: 'everlytickey1', source: 'Everlytic: first documented DKIM selector' },
  { selector: 'everlytickey2', source: 'Everlytic: second documented DKIM selector' },
  { selector: 'zendesk1', source: 'Zendesk: first documented DKIM CNAME' },
  { selector: 'zendesk2', source: 'Zendesk: second documented DKIM CNAME' },
  { selector: 'ctct1', source: 'Constant Contact: first self-authentication CNAME' },
  { selector: 'ctct2', source: 'Constant Contact: second self-authentication CNAME' },
  {
    selector: 'protonmail',
    source: 'Proton Mail custom domains: first CNAME to *.domainkey.*.domains.proton.ch',
  },
  { selector: 'protonmail2', source: 'Proton Mail custom domains: second CNAME' },
  { selector: 'protonmail3', source: 'Proton Mail custom domains: third CNAME' },
  { selector: 'fm1', source: 'Fastmail custom domains: CNAME to fm1.<domain>.dkim.fmhosted.com' },
  { selector: 'fm2', source: 'Fastmail custom domains: CNAME to fm2.<domain>.dkim.fmhosted.com' },
  { selector: 'fm3', source: 'Fastmail custom domains: CNAME to fm3.<domain>.dkim.fmhosted.com' },
  {
    selector: 'sig1',
    source: 'iCloud Mail custom domains: CNAME to sig1.dkim.<domain>.at.icloudmailadmin.com',
  },
  { selector: 'mailjet', source: 'Mailjet: documented DKIM TXT record (mailjet._domainkey)' },
  { selector: 'zoho', source: 'Zoho Mail: selector name suggested in its DKIM setup' },
]
