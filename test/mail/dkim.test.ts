import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import type { MailDns } from '../../src/mail/dns-source'
import { serverMailDns } from '../helpers/mail-dns'
import {
  assessDkimKey,
  COMMON_DKIM_SELECTORS,
  discoverDkimKeys,
  dkimKeyName,
  dkimRecordText,
  lookupDkimKey,
  parseDkimTags,
} from '../../src/mail/dkim'

const rsa = (bits: number): KeyObject => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey
const spki = (key: KeyObject): string => key.export({ type: 'spki', format: 'der' }).toString('base64')
const pkcs1 = (key: KeyObject): string => key.export({ type: 'pkcs1', format: 'der' }).toString('base64')
const ed = generateKeyPairSync('ed25519').publicKey
const edRaw = Buffer.from(ed.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64')

let rsa1024: string
let rsa2048: string
beforeAll(() => {
  rsa1024 = spki(rsa(1024))
  rsa2048 = spki(rsa(2048))
})

describe('DKIM key classification (RFC 6376 §3.6.1, RFC 8463)', () => {
  it('measures a 1024-bit RSA key', () => {
    expect(assessDkimKey(`v=DKIM1; k=rsa; p=${rsa1024}`)).toMatchObject({
      status: 'valid',
      keyType: 'rsa',
      bits: 1024,
      encoding: 'spki',
    })
  })

  it('measures a 2048-bit RSA key, with k= left to its default', () => {
    expect(assessDkimKey(`v=DKIM1; p=${rsa2048}`)).toMatchObject({
      status: 'valid',
      keyType: 'rsa',
      bits: 2048,
      declaredKeyType: 'rsa',
    })
  })

  it('accepts a bare PKCS#1 RSAPublicKey', () => {
    expect(assessDkimKey(`v=DKIM1; k=rsa; p=${pkcs1(rsa(1024))}`)).toMatchObject({
      status: 'valid',
      bits: 1024,
      encoding: 'pkcs1',
    })
  })

  it('accepts a key folded over several lines', () => {
    const folded = rsa2048.replace(/(.{64})/g, '$1\r\n\t')
    expect(assessDkimKey(`v=DKIM1; k=rsa;\r\n\tp=${folded}`)).toMatchObject({ status: 'valid', bits: 2048 })
  })

  it('accepts an Ed25519 key as its raw 32 bytes', () => {
    expect(assessDkimKey(`v=DKIM1; k=ed25519; p=${edRaw}`)).toMatchObject({
      status: 'valid',
      keyType: 'ed25519',
      encoding: 'raw',
    })
  })

  it('rejects an Ed25519 key wrapped in SubjectPublicKeyInfo', () => {
    expect(assessDkimKey(`v=DKIM1; k=ed25519; p=${spki(ed)}`)).toMatchObject({
      status: 'invalid',
      code: 'DKIM_BAD_KEY',
    })
  })

  it.each([
    ['k=ed25519 with an RSA key', () => `v=DKIM1; k=ed25519; p=${rsa1024}`],
    ['k=rsa with an Ed25519 key', () => `v=DKIM1; k=rsa; p=${edRaw}`],
    ['an unregistered k= with an RSA key', () => `v=DKIM1; k=ed25519-sha256; p=${rsa1024}`],
  ])('reports a key type mismatch for %s', (_, record) => {
    expect(assessDkimKey(record())).toMatchObject({ status: 'invalid', code: 'DKIM_KEY_TYPE_MISMATCH' })
  })

  it('reports an empty p= as revoked', () => {
    expect(assessDkimKey('v=DKIM1; k=rsa; p=')).toMatchObject({ status: 'revoked', code: 'DKIM_REVOKED' })
  })

  it('keeps a testing-mode key valid but says so', () => {
    const assessment = assessDkimKey(`v=DKIM1; t=y:s; p=${rsa1024}`)
    expect(assessment).toMatchObject({ status: 'valid', testing: true, strict: true })
    expect(assessment.message).toContain('testing mode')
  })

  it.each([
    ['broken base64', 'v=DKIM1; p=MIGf$$MA0G', 'DKIM_BAD_BASE64'],
    ['misplaced padding', 'v=DKIM1; p=QU=JD', 'DKIM_BAD_BASE64'],
    [
      'bytes that are not a key',
      `v=DKIM1; p=${Buffer.from('not a key at all').toString('base64')}`,
      'DKIM_BAD_KEY',
    ],
    ['a version other than DKIM1', 'v=DKIM2; p=abcd', 'DKIM_BAD_VERSION'],
    ['a typo that swallows the next tag into v=', 'v=DKIM1: k=rsa; p=abcd', 'DKIM_BAD_VERSION'],
    ['v= that is not the first tag', 'k=rsa; v=DKIM1; p=abcd', 'DKIM_BAD_VERSION'],
    ['no p= tag', 'v=DKIM1; k=rsa', 'DKIM_MISSING_KEY'],
    ['a duplicated tag', 'v=DKIM1; k=rsa; k=rsa; p=abcd', 'DKIM_SYNTAX'],
    ['an empty tag', 'v=DKIM1;; p=abcd', 'DKIM_SYNTAX'],
    ['an unknown key type', 'v=DKIM1; k=dsa; p=abcd', 'DKIM_UNKNOWN_KEY_TYPE'],
  ])('rejects %s', (_, record, code) => {
    expect(assessDkimKey(record)).toMatchObject({ status: 'invalid', code })
  })

  it('rejects a key restricted to another service such as TLS reporting', () => {
    expect(assessDkimKey(`v=DKIM1; s=tlsrpt; p=${rsa1024}`)).toMatchObject({
      status: 'invalid',
      code: 'DKIM_NOT_FOR_EMAIL',
      bits: 1024,
    })
    expect(assessDkimKey(`v=DKIM1; s=email:tlsrpt; p=${rsa1024}`).status).toBe('valid')
  })

  it('rejects a key limited to SHA-1 (RFC 8301)', () => {
    expect(assessDkimKey(`v=DKIM1; h=sha1; p=${rsa1024}`)).toMatchObject({
      status: 'invalid',
      code: 'DKIM_HASH_UNSUPPORTED',
    })
    expect(assessDkimKey(`v=DKIM1; h=sha1:sha256; p=${rsa1024}`).status).toBe('valid')
  })

  it('ignores tags it does not know, such as the RFC 4871 g=', () => {
    expect(assessDkimKey(`v=DKIM1; g=*; n=rotated 2024; p=${rsa1024}`).status).toBe('valid')
  })

  it('splits a tag-list into names and values', () => {
    expect(parseDkimTags(' v = DKIM1 ; k=rsa; p=ab cd ;')).toEqual({
      ok: true,
      value: [
        { name: 'v', value: 'DKIM1' },
        { name: 'k', value: 'rsa' },
        { name: 'p', value: 'ab cd' },
      ],
    })
  })

  it('reads the record out of a zone-file line', () => {
    const zone = 'sel._domainkey IN TXT ( "v=DKIM1; k=rsa; "\n   "p=MIGf" "MA0G" ) ; comment'
    expect(dkimRecordText(zone)).toBe('v=DKIM1; k=rsa; p=MIGfMA0G')
    expect(dkimRecordText('v=DKIM1; p=abcd\n')).toBe('v=DKIM1; p=abcd')
  })
})

describe('DKIM key lookup', () => {
  let server: AuthoritativeDnsServer
  let dns: MailDns
  beforeAll(async () => {
    const long = `v=DKIM1; k=rsa; p=${rsa2048}`
    const records: ZoneRecord[] = [
      // Keys longer than 255 octets are published as several character-strings.
      { name: 'google._domainkey.acme.test', type: 'TXT', data: long.match(/.{1,255}/g) ?? [] },
      {
        name: 'selector1._domainkey.acme.test',
        type: 'CNAME',
        data: 'selector1-acme-test._domainkey.tenant.test',
      },
      {
        name: 'selector1-acme-test._domainkey.tenant.test',
        type: 'TXT',
        data: [`v=DKIM1; k=rsa; p=${rsa1024}`],
      },
      { name: 's1._domainkey.acme.test', type: 'TXT', data: ['v=DKIM1; p='] },
      { name: 'two._domainkey.acme.test', type: 'TXT', data: [`v=DKIM1; p=${rsa1024}`] },
      {
        name: 'two._domainkey.acme.test',
        type: 'TXT',
        data: `v=DKIM1; p=${rsa2048}`.match(/.{1,255}/g) ?? [],
      },
    ]
    server = new AuthoritativeDnsServer({ records })
    const port = await server.start()
    dns = serverMailDns({ host: '127.0.0.1', port }, { timeoutMs: 300, retries: 0 })
  })
  afterAll(() => server.stop())

  it('joins a long key from its character-strings', async () => {
    const lookup = await lookupDkimKey(dns, 'google', 'acme.test')
    expect(lookup.name).toBe('google._domainkey.acme.test')
    expect(lookup.outcome.ok && lookup.outcome.value).toMatchObject({ status: 'valid', bits: 2048 })
  })

  it('follows a provider CNAME to the key', async () => {
    const lookup = await lookupDkimKey(dns, 'selector1', 'acme.test')
    expect(lookup.outcome.ok && lookup.outcome.value.bits).toBe(1024)
  })

  it.each([
    ['missing', 'DKIM_NO_KEY'],
    ['two', 'DKIM_MULTIPLE_RECORDS'],
  ])('reports selector %s as %s', async (selector, code) => {
    const lookup = await lookupDkimKey(dns, selector, 'acme.test')
    expect(!lookup.outcome.ok && lookup.outcome.error.code).toBe(code)
  })

  it('discovers keys at common provider selectors, revoked ones included', async () => {
    const found = await discoverDkimKeys(dns, 'acme.test')
    expect(found.map((l) => l.selector).sort()).toEqual(['google', 's1', 'selector1'])
    expect(found.find((l) => l.selector === 's1')?.outcome).toMatchObject({
      ok: true,
      value: { status: 'revoked' },
    })
  })

  it('names the key record after selector and domain', () => {
    expect(dkimKeyName('k1', 'Acme.test.')).toBe('k1._domainkey.acme.test')
  })
})

describe('common DKIM selectors', () => {
  it('lists each selector once with a source note', () => {
    const selectors = COMMON_DKIM_SELECTORS.map((s) => s.selector)
    expect(new Set(selectors).size).toBe(selectors.length)
    expect(selectors).toEqual(
      expect.arrayContaining([
        'google',
        'selector1',
        'selector2',
        'k1',
        's1',
        's2',
        'default',
        'dkim',
        'mail',
        'mandrill',
        'mxvault',
        'everlytickey1',
      ]),
    )
    for (const entry of COMMON_DKIM_SELECTORS) expect(entry.source.length).toBeGreaterThan(10)
  })
})
