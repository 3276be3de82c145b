import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import type { MailDns } from '../../src/mail/dns-source'
import { serverMailDns } from '../helpers/mail-dns'
import { lintSpf, type SpfLint } from '../../src/mail/spf'

const txt = (name: string, text: string): ZoneRecord => ({
  name,
  type: 'TXT',
  data: text.match(/.{1,255}/gs) ?? [''],
})
const a = (name: string, address: string): ZoneRecord => ({ name, type: 'A', data: address })

const records: ZoneRecord[] = [
  // 13 DNS-querying terms: the 11th is reached through include:_spf.a.test → include:y.test.
  txt('a.test', 'v=spf1 include:_spf.a.test mx ~all'),
  { name: 'a.test', type: 'MX', data: { preference: 10, exchange: 'mail.a.test' } },
  a('mail.a.test', '192.0.2.25'),
  txt('_spf.a.test', 'v=spf1 include:x.test include:y.test ip4:192.0.2.10'),
  txt('x.test', 'v=spf1 a:m1.x.test a:m2.x.test a:m3.x.test include:z.test'),
  txt('y.test', 'v=spf1 a:m1.y.test a:m2.y.test a:m3.y.test'),
  txt('z.test', 'v=spf1 exists:%{i}.bl.z.test a:m4.x.test'),
  ...['m1.x.test', 'm2.x.test', 'm3.x.test', 'm1.y.test', 'm2.y.test', 'm3.y.test'].map((n) =>
    a(n, '198.51.100.1'),
  ),
  txt('open.test', 'v=spf1 +all'),
  txt('neutral.test', 'v=spf1 ip4:192.0.2.0/24 ?all'),
  txt('noall.test', 'v=spf1 ip4:192.0.2.10'),
  txt('redir.test', 'v=spf1 redirect=strict.test'),
  txt('strict.test', 'v=spf1 ip4:192.0.2.10 -all'),
  txt('double.test', 'v=spf1 -all'),
  txt('double.test', 'v=spf1 ip4:192.0.2.10 -all'),
  txt('broken.test', 'v=spf1 ip4:192.0.2.300 include:missing.test foo -all'),
  txt('loop.test', 'v=spf1 include:loop2.test -all'),
  txt('loop2.test', 'v=spf1 include:loop.test'),
  // 12 × 10 terms: the walk stops at 100 instead of asking about every host.
  ...Array.from({ length: 12 }, (_, i) =>
    txt(
      `wide${i}.test`,
      `v=spf1 ${Array.from({ length: 9 }, (_, j) => `a:h${j}.wide.test`).join(' ')} include:wide${i + 1}.test`,
    ),
  ),
  txt('voids.test', 'v=spf1 a:nx1.voids.test a:nx2.voids.test exists:nx3.voids.test ptr -all'),
  // RFC 7208's SHOULDs and SHOULD NOTs.
  txt(
    'big.test',
    `v=spf1 ${Array.from({ length: 20 }, (_, i) => `ip4:198.51.100.${i * 8}/29`).join(' ')} -all`,
  ),
  txt('big.test', `google-site-verification=${'x'.repeat(43)}`),
  txt('small.test', 'v=spf1 ip4:192.0.2.10 -all'),
  txt('small.test', `google-site-verification=${'x'.repeat(43)}`),
  txt('includesbig.test', 'v=spf1 include:big.test -all'),
  txt('ptrfirst.test', 'v=spf1 ptr ip4:192.0.2.10 mx -all'),
  txt('ptrlast.test', 'v=spf1 ip4:192.0.2.10 ptr:ptrlast.test -all'),
  txt('pmacro.test', 'v=spf1 exists:%{p}.allow.pmacro.test redirect=%{p}._spf.pmacro.test'),
  txt(
    'sendermacro.test',
    'v=spf1 include:%{l}._users.sendermacro.test exists:%{i}._ips.sendermacro.test -all exp=%{o}.why.sendermacro.test',
  ),
  txt('helomacro.test', 'v=spf1 a:%{h} -all'),
  txt('expfirst.test', 'v=spf1 exp=why.expfirst.test ip4:192.0.2.10 -all'),
  txt('redirectfirst.test', 'v=spf1 redirect=strict.test ip4:192.0.2.10'),
  txt('redirectmid.test', 'v=spf1 ip4:192.0.2.10 redirect=strict.test exp=why.redirectmid.test'),
  txt('tidy.test', 'v=spf1 ip4:192.0.2.10 exp=why.tidy.test redirect=strict.test'),
]

let server: AuthoritativeDnsServer
let dns: MailDns

beforeAll(async () => {
  server = new AuthoritativeDnsServer({ records })
  const port = await server.start()
  dns = serverMailDns({ host: '127.0.0.1', port }, { timeoutMs: 300, retries: 0 })
})
afterAll(() => server.stop())

const codes = (lint: SpfLint): string[] => lint.findings.map((f) => f.code)

describe('SPF linter', () => {
  it('counts every DNS-querying term and names the include path that spends the eleventh', async () => {
    const lint = await lintSpf(dns, 'a.test')
    expect(lint.lookups.count).toBe(13)
    expect(lint.lookups.byTopTerm).toEqual([
      { term: 'include:_spf.a.test', count: 12 },
      { term: 'mx', count: 1 },
    ])
    const over = lint.findings.find((f) => f.code === 'SPF_TOO_MANY_LOOKUPS')
    expect(over?.path).toEqual(['include:_spf.a.test', 'include:y.test', 'a:m2.y.test'])
    expect(over?.message).toContain('include:_spf.a.test → include:y.test → a:m2.y.test')
    expect(lint.lookups.terms.find((t) => t.term.startsWith('exists:'))).toMatchObject({
      dynamic: true,
      domain: 'z.test',
    })
    expect(lint.voidLookups.terms.map((t) => t.term)).toEqual(['a:m4.x.test'])
  })

  it('flags ~all as a soft fail', async () => {
    const lint = await lintSpf(dns, 'a.test')
    expect(lint.all).toEqual({ qualifier: '~', term: '~all', domain: 'a.test' })
    expect(codes(lint)).toContain('SPF_ALL_SOFTFAIL')
  })

  it('flags +all even though check_host() passes the declared sender', async () => {
    const lint = await lintSpf(dns, 'open.test', { senders: ['192.0.2.10'] })
    expect(lint.senders).toEqual([
      { ip: '192.0.2.10', result: 'pass', authorized: true, matched: { domain: 'open.test', term: '+all' } },
    ])
    expect(codes(lint)).toEqual(['SPF_ALL_PASS'])
  })

  it('flags ?all and a declared sender the policy does not authorize', async () => {
    const lint = await lintSpf(dns, 'neutral.test', { senders: ['192.0.2.10', '198.51.100.7'] })
    expect(lint.senders.map((s) => [s.ip, s.result, s.authorized])).toEqual([
      ['192.0.2.10', 'pass', true],
      ['198.51.100.7', 'neutral', false],
    ])
    expect(codes(lint)).toEqual(['SPF_ALL_NEUTRAL', 'SPF_SENDER_NOT_AUTHORIZED'])
  })

  it('flags a policy without all', async () => {
    expect(codes(await lintSpf(dns, 'noall.test'))).toEqual(['SPF_NO_ALL'])
  })

  it('takes the all of a redirect target and counts the redirect as a lookup', async () => {
    const lint = await lintSpf(dns, 'redir.test')
    expect(lint.all).toEqual({ qualifier: '-', term: '-all', domain: 'strict.test' })
    expect(lint.lookups.count).toBe(1)
    expect(lint.findings).toEqual([])
  })

  it('reports several records and no record', async () => {
    const double = await lintSpf(dns, 'double.test')
    expect(codes(double)).toEqual(['SPF_MULTIPLE_RECORDS'])
    expect(double.records).toHaveLength(2)
    expect(double.record).toBeNull()
    expect(codes(await lintSpf(dns, 'nothing.test'))).toEqual(['SPF_NONE'])
  })

  it('reports every syntax error and an include without a record', async () => {
    const lint = await lintSpf(dns, 'broken.test')
    const syntax = lint.findings.filter((f) => f.code === 'SPF_SYNTAX')
    expect(syntax.map((f) => f.path)).toEqual([['ip4:192.0.2.300'], ['foo']])
    expect(lint.findings.find((f) => f.code === 'SPF_INCLUDE_NONE')?.path).toEqual(['include:missing.test'])
  })

  it('reports an include loop', async () => {
    const loop = (await lintSpf(dns, 'loop.test')).findings.find((f) => f.code === 'SPF_INCLUDE_LOOP')
    expect(loop?.path).toEqual(['include:loop2.test', 'include:loop.test'])
  })

  it('reports more than two void lookups and the ptr mechanism', async () => {
    const lint = await lintSpf(dns, 'voids.test')
    expect(lint.voidLookups.count).toBe(3)
    expect(codes(lint)).toEqual(expect.arrayContaining(['SPF_TOO_MANY_VOID_LOOKUPS', 'SPF_PTR']))
  })

  it('stops walking a runaway include chain at 100 terms and says the count is a lower bound', async () => {
    const lint = await lintSpf(dns, 'wide0.test')
    expect(lint.lookups).toMatchObject({ count: 100, complete: false })
    expect(lint.findings.find((f) => f.code === 'SPF_TOO_MANY_LOOKUPS')?.message).toMatch(/^at least 100 /)
  })

  it('returns plain data that survives a JSON round trip', async () => {
    const lint = await lintSpf(dns, 'a.test', { senders: ['192.0.2.10', '203.0.113.5'] })
    expect(JSON.parse(JSON.stringify(lint))).toEqual(lint)
  })
})

describe('the SHOULDs and SHOULD NOTs of RFC 7208', () => {
  const found = async (domain: string, code: string) =>
    (await lintSpf(dns, domain)).findings.filter((f) => f.code === code)

  it('§3.4: flags a TXT answer of 450 octets or more, counting every TXT record at the name', async () => {
    const [big] = await found('big.test', 'SPF_RECORD_TOO_LARGE')
    expect(big?.message).toMatch(/^the TXT answer at big.test comes to \d{3} octets/)
    expect(await found('small.test', 'SPF_RECORD_TOO_LARGE')).toEqual([])
    // The sizes of every answer a check needs count, not only the top record's (§3.4, last paragraph).
    expect((await found('includesbig.test', 'SPF_RECORD_TOO_LARGE'))[0]).toMatchObject({
      domain: 'big.test',
      path: ['include:big.test'],
    })
  })

  it('§4.6.4 and §4.7: flags more than two void lookups and a policy that ends without all or redirect', async () => {
    expect(await found('voids.test', 'SPF_TOO_MANY_VOID_LOOKUPS')).toHaveLength(1)
    expect(await found('noall.test', 'SPF_NO_ALL')).toHaveLength(1)
    expect(await found('redir.test', 'SPF_NO_ALL')).toEqual([])
  })

  it('§5.5: flags ptr, and a ptr checked before other mechanisms', async () => {
    expect(await found('ptrfirst.test', 'SPF_PTR')).toHaveLength(1)
    expect((await found('ptrfirst.test', 'SPF_PTR_NOT_LAST'))[0]?.message).toContain(
      'is checked before "ip4:192.0.2.10", "mx"',
    )
    expect(await found('ptrlast.test', 'SPF_PTR')).toHaveLength(1)
    expect(await found('ptrlast.test', 'SPF_PTR_NOT_LAST')).toEqual([])
  })

  it('§7.3: flags the p macro in a mechanism and in redirect=', async () => {
    const p = await found('pmacro.test', 'SPF_P_MACRO')
    expect(p.map((f) => f.path)).toEqual([['exists:%{p}.allow.pmacro.test'], []])
  })

  it('§7: flags the s, l, o and h macros in mechanisms, not %{i} and not exp=', async () => {
    const sender = await found('sendermacro.test', 'SPF_SENDER_MACRO')
    expect(sender.map((f) => f.path)).toEqual([['include:%{l}._users.sendermacro.test']])
    expect(sender[0]?.message).toContain('(%{l})')
    expect(await found('helomacro.test', 'SPF_SENDER_MACRO')).toHaveLength(1)
  })

  it('§6: flags exp= or redirect= before a mechanism', async () => {
    expect((await found('expfirst.test', 'SPF_MODIFIER_NOT_LAST'))[0]?.message).toContain(
      '"exp=why.expfirst.test" at expfirst.test comes before the mechanism "-all"',
    )
    expect(await found('redirectfirst.test', 'SPF_MODIFIER_NOT_LAST')).toHaveLength(1)
    expect(await found('redirectfirst.test', 'SPF_REDIRECT_NOT_LAST')).toEqual([])
  })

  it('§6.1: flags a redirect= that is not the very last term', async () => {
    expect((await found('redirectmid.test', 'SPF_REDIRECT_NOT_LAST'))[0]?.message).toContain(
      'is followed by "exp=why.redirectmid.test"',
    )
    const tidy = codes(await lintSpf(dns, 'tidy.test'))
    expect(tidy.filter((c) => /NOT_LAST/.test(c))).toEqual([])
  })
})
