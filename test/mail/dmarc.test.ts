import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Question } from 'dns-packet'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import type { MailDns } from '../../src/mail/dns-source'
import { serverMailDns } from '../helpers/mail-dns'
import {
  checkReportAuthorization,
  effectivePolicy,
  externalReportDestinations,
  isFullyEnforced,
  lookupDmarc,
  organizationalDomain,
  parseDmarcRecord,
  policyStrength,
  reportAuthorizationName,
  type DmarcRecord,
} from '../../src/mail/dmarc'

function parsed(text: string): DmarcRecord {
  const result = parseDmarcRecord(text)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('DMARC record parsing (RFC 7489 §6.3, §6.4)', () => {
  it('fills RFC 7489 defaults for tags the record leaves out', () => {
    expect(parsed('v=DMARC1; p=reject')).toEqual({
      v: 'DMARC1',
      p: 'reject',
      adkim: 'r',
      aspf: 'r',
      pct: 100,
      ri: 86400,
      fo: ['0'],
      rf: ['afrf'],
      rua: [],
      ruf: [],
      unknownTags: {},
    })
  })

  it('accepts whitespace around separators, case-insensitive names and values, and a trailing semicolon', () => {
    const record = parsed('v = DMARC1 ;\tP = Quarantine ; SP=REJECT; ADKIM=S; pct = 50 ;')
    expect(record).toMatchObject({ p: 'quarantine', sp: 'reject', adkim: 's', pct: 50 })
  })

  it('keeps tags RFC 7489 does not define, such as DMARCbis np and t', () => {
    expect(parsed('v=DMARC1; p=none; np=reject; t=y').unknownTags).toEqual({ np: 'reject', t: 'y' })
  })

  it('parses report URIs with size limits and units', () => {
    expect(
      parsed(
        'v=DMARC1; p=none; rua=mailto:a@example.test!10m, https://r.example.test/x!500;ruf=mailto:f@example.test!2G',
      ).rua,
    ).toEqual([
      { address: 'mailto:a@example.test', maxSize: 10, unit: 'm' },
      { address: 'https://r.example.test/x', maxSize: 500 },
    ])
  })

  it('treats a missing or invalid policy as p=none when rua= is valid (§6.6.3), saying why', () => {
    const missing = parsed('v=DMARC1; rua=mailto:d@example.test')
    expect(missing).toMatchObject({ p: 'none', policyFallback: 'the record has no p= tag' })
    const badSp = parsed('v=DMARC1; p=reject; sp=strict; rua=mailto:d@example.test')
    expect(badSp.p).toBe('none')
    expect(badSp.sp).toBeUndefined()
    expect(badSp.policyFallback).toContain('sp=strict')
  })

  it.each([
    ['v=DMARC1; p=none; p=reject', 'DMARC_DUPLICATE_TAG'],
    ['v=DMARC1; sp=none; p=reject', 'DMARC_POLICY'],
    ['v=DMARC1; p=monitor', 'DMARC_POLICY'],
    ['v=DMARC1;', 'DMARC_POLICY'],
    ['v=dmarc1; p=none', 'DMARC_VERSION'],
    ['v=DMARC1 p=none', 'DMARC_SYNTAX'],
    ['v=DMARC1', 'DMARC_SYNTAX'],
    ['p=none; v=DMARC1', 'DMARC_VERSION'],
    ['v=DMARC1; p=none;; adkim=s', 'DMARC_SYNTAX'],
    ['v=DMARC1; p=none; pct=101', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; pct=-1', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; ri=4294967296', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; fo=2', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; rf=a.b', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; rua=dmarc@example.test', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; rua=mailto:d@example.test!5x', 'DMARC_BAD_VALUE'],
    ['v=DMARC1; p=none; rua=mailto:a@example.test,,mailto:b@example.test', 'DMARC_BAD_VALUE'],
  ])('rejects %j with %s', (text, code) => {
    const result = parseDmarcRecord(text)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe(code)
  })
})

describe('DMARC policy helpers', () => {
  it('orders policies by strength', () => {
    expect([policyStrength('none'), policyStrength('quarantine'), policyStrength('reject')]).toEqual([
      0, 1, 2,
    ])
  })

  it('falls back from sp= to p= for subdomains', () => {
    expect(effectivePolicy(parsed('v=DMARC1; p=reject'), true)).toBe('reject')
    expect(effectivePolicy(parsed('v=DMARC1; p=reject; sp=none'), true)).toBe('none')
  })

  it('counts a policy applied to less than 100 % of mail as not fully enforced', () => {
    expect(isFullyEnforced(parsed('v=DMARC1; p=reject'))).toBe(true)
    expect(isFullyEnforced(parsed('v=DMARC1; p=reject; pct=50'))).toBe(false)
    expect(isFullyEnforced(parsed('v=DMARC1; p=none'))).toBe(false)
  })
})

describe('organizational domains and report authorization (RFC 7489 §3.2, §7.1)', () => {
  it.each([
    ['example.com', 'example.com'],
    ['mail.eu.example.com', 'example.com'],
    ['mail.example.co.uk', 'example.co.uk'],
    ['a.b.acme.test', 'acme.test'],
    ['tenant.github.io', 'tenant.github.io'],
    ['www.tenant.github.io', 'tenant.github.io'],
    ['Example.COM.', 'example.com'],
  ])('finds the organizational domain of %s: %s', (domain, org) => {
    expect(organizationalDomain(domain)).toBe(org)
  })

  it('builds the authorization record name for an external destination', () => {
    expect(reportAuthorizationName('acme.test', 'Reports.Vendor.test.')).toBe(
      'acme.test._report._dmarc.reports.vendor.test',
    )
  })

  it('lists only destinations outside the policy domain’s organization', () => {
    const record = parsed(
      'v=DMARC1; p=none; rua=mailto:d@acme.test,mailto:x@reports.vendor.test!10m; ruf=mailto:f@mail.acme.test',
    )
    expect(externalReportDestinations('mail.acme.test', record)).toEqual([
      {
        tag: 'rua',
        address: 'mailto:x@reports.vendor.test',
        host: 'reports.vendor.test',
        authorizationName: 'mail.acme.test._report._dmarc.reports.vendor.test',
      },
    ])
  })
})

const txt = (name: string, text: string): ZoneRecord => ({ name, type: 'TXT', data: [text] })

describe('DMARC lookup over DNS', () => {
  let server: AuthoritativeDnsServer
  let dns: MailDns
  beforeAll(async () => {
    const records = [
      txt('_dmarc.acme.test', 'v=DMARC1; p=quarantine; rua=mailto:d@vendor.test'),
      txt('_dmarc.acme.test', 'google-site-verification=abc'),
      txt('_dmarc.own.acme.test', 'v=DMARC1; p=reject'),
      txt('_dmarc.twice.test', 'v=DMARC1; p=none'),
      txt('_dmarc.twice.test', 'v=DMARC1; p=reject'),
      txt('_dmarc.typo.test', 'v=DMARC1; p=rejected'),
      txt('acme.test._report._dmarc.vendor.test', 'v=DMARC1'),
    ]
    const hook = (q: Question): 'drop' | undefined =>
      q.name.toLowerCase() === '_dmarc.slow.test' ? 'drop' : undefined
    server = new AuthoritativeDnsServer({ records, hook })
    const port = await server.start()
    dns = serverMailDns({ host: '127.0.0.1', port }, { timeoutMs: 300, retries: 0 })
  })
  afterAll(() => server.stop())

  it('reads the record at _dmarc.<domain>, ignoring TXT records that are not DMARC', async () => {
    const lookup = await lookupDmarc(dns, 'acme.test')
    expect(lookup).toMatchObject({
      name: '_dmarc.acme.test',
      fallback: false,
      records: ['v=DMARC1; p=quarantine; rua=mailto:d@vendor.test'],
    })
    expect(lookup.outcome.ok && lookup.outcome.value.p).toBe('quarantine')
  })

  it('falls back to the organizational domain when a subdomain has no record', async () => {
    const lookup = await lookupDmarc(dns, 'mail.eu.acme.test')
    expect(lookup.queried).toEqual([
      { name: '_dmarc.mail.eu.acme.test', outcome: 'DNS_NXDOMAIN' },
      { name: '_dmarc.acme.test', outcome: 'records' },
    ])
    expect(lookup).toMatchObject({
      organizationalDomain: 'acme.test',
      name: '_dmarc.acme.test',
      fallback: true,
    })
  })

  it('prefers the subdomain’s own record', async () => {
    const lookup = await lookupDmarc(dns, 'own.acme.test')
    expect(lookup.fallback).toBe(false)
    expect(lookup.outcome.ok && lookup.outcome.value.p).toBe('reject')
  })

  it.each([
    ['twice.test', 'DMARC_MULTIPLE'],
    ['typo.test', 'DMARC_POLICY'],
    ['nothing.test', 'DMARC_NONE'],
    ['slow.test', 'DNS_TIMEOUT'],
  ])('reports %s as %s', async (domain, code) => {
    const lookup = await lookupDmarc(dns, domain)
    expect(!lookup.outcome.ok && lookup.outcome.error.code).toBe(code)
  })

  it('does not fall back to the organizational domain when the subdomain lookup fails', async () => {
    const lookup = await lookupDmarc(dns, 'slow.test')
    expect(lookup.queried).toHaveLength(1)
  })

  it('checks whether an external report destination authorized the policy domain', async () => {
    const record = parsed('v=DMARC1; p=none; rua=mailto:d@vendor.test,mailto:e@other.test')
    const [vendor, other] = externalReportDestinations('acme.test', record)
    expect(vendor && (await checkReportAuthorization(dns, vendor))).toEqual({ ok: true, value: true })
    expect(other && (await checkReportAuthorization(dns, other))).toEqual({ ok: true, value: false })
  })
})
