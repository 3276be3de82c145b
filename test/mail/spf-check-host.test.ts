import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Question } from 'dns-packet'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import { replayMailDns, type RecordingMailDns } from '../../src/mail/dns-source'
import { serverMailDns } from '../helpers/mail-dns'
import { checkHost, spfIdentity, type SpfCheckOptions } from '../../src/mail/spf'

const SENDER = '192.0.2.10'
// A TXT character-string holds at most 255 octets, so long records are published as several.
const txt = (name: string, text: string): ZoneRecord => ({
  name,
  type: 'TXT',
  data: text.match(/.{1,255}/gs) ?? [''],
})
const a = (name: string, address: string): ZoneRecord => ({ name, type: 'A', data: address })
const hosts = (n: number, zone: string): string =>
  Array.from({ length: n }, (_, i) => `a:h${i + 1}.${zone}`).join(' ')

const records: ZoneRecord[] = [
  ...Array.from({ length: 12 }, (_, i) => a(`h${i + 1}.limits.test`, `198.51.100.${i + 1}`)),
  txt('ten.test', `v=spf1 ${hosts(10, 'limits.test')} ip4:${SENDER} -all`),
  txt('eleven.test', `v=spf1 ${hosts(11, 'limits.test')} ip4:${SENDER} -all`),
  txt('outer.test', `v=spf1 include:inner.test ip4:${SENDER} -all`),
  txt('inner.test', `v=spf1 ${hosts(10, 'limits.test')}`),
  txt(
    'many-ip4.test',
    `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:203.0.113.${i}`).join(' ')} ip4:${SENDER} -all`,
  ),
  txt('void2.test', `v=spf1 a:nx1.test a:nx2.test ip4:${SENDER} -all`),
  txt('void3.test', `v=spf1 a:nx1.test a:nx2.test a:nodata.test ip4:${SENDER} -all`),
  txt('nodata.test', 'not an spf record'),
  txt('example.test', 'v=spf1 ip4:192.0.2.0/28 include:_spf.partner.test exp=why.example.test -all'),
  txt('why.example.test', "%{i} is not one of %{d}'s designated mail servers."),
  txt('_spf.partner.test', 'v=spf1 ip6:2001:db8:beef::/48 ~all'),
  txt('redirected.test', 'v=spf1 redirect=example.test'),
  txt('twice.test', 'v=spf1 -all'),
  txt('twice.test', 'v=spf1 +all'),
  txt('broken.test', `v=spf1 ip4:${SENDER} ip4:192.0.2.300 -all`),
  txt('flaky.test', 'v=spf1 include:slow.test -all'),
  txt('mx.test', 'v=spf1 mx/30 -all'),
  { name: 'mx.test', type: 'MX', data: { preference: 10, exchange: 'mail.mx.test' } },
  a('mail.mx.test', '192.0.2.9'),
]

let server: AuthoritativeDnsServer
let port = 0
const dns = (): RecordingMailDns => serverMailDns({ host: '127.0.0.1', port }, { timeoutMs: 300, retries: 0 })
const check = (domain: string, ip = SENDER, options: SpfCheckOptions = {}) =>
  checkHost(dns(), { ip, domain, sender: `postmaster@${domain}`, helo: `mail.${domain}` }, options)

beforeAll(async () => {
  const hook = (q: Question): 'drop' | undefined =>
    q.name.toLowerCase() === 'slow.test' ? 'drop' : undefined
  server = new AuthoritativeDnsServer({ records, hook })
  port = await server.start()
})
afterAll(() => server.stop())

describe('check_host() DNS limits (RFC 7208 §4.6.4)', () => {
  it('passes with exactly ten DNS-querying terms', async () => {
    const outcome = await check('ten.test')
    expect(outcome.result).toBe('pass')
    expect(outcome.lookups).toBe(10)
  })

  it('returns permerror on the eleventh DNS-querying term', async () => {
    const outcome = await check('eleven.test')
    expect(outcome.result).toBe('permerror')
    expect(outcome.problem?.code).toBe('SPF_TOO_MANY_LOOKUPS')
    expect(outcome.problem?.message).toContain('a:h11.limits.test')
    expect(outcome.lookups).toBe(11)
  })

  it('counts lookups made inside an include against the same limit', async () => {
    const outcome = await check('outer.test')
    expect(outcome.result).toBe('permerror')
    expect(outcome.problem?.message).toContain('"a:h10.limits.test" at inner.test')
  })

  it('does not count ip4 or all terms', async () => {
    expect((await check('many-ip4.test')).result).toBe('pass')
  })

  it('allows two void lookups', async () => {
    const outcome = await check('void2.test')
    expect(outcome.result).toBe('pass')
    expect(outcome.voidLookups).toBe(2)
  })

  it('returns permerror on the third void lookup, NODATA included', async () => {
    const outcome = await check('void3.test')
    expect(outcome.result).toBe('permerror')
    expect(outcome.problem?.code).toBe('SPF_TOO_MANY_VOID_LOOKUPS')
  })
})

describe('check_host() results', () => {
  it('passes an address inside an ip4 range', async () => {
    const outcome = await check('example.test', '192.0.2.5')
    expect(outcome).toMatchObject({
      result: 'pass',
      matched: { domain: 'example.test', term: 'ip4:192.0.2.0/28' },
    })
  })

  it('does not let an include that soft-fails match, and explains the fail with the expanded exp= text', async () => {
    const outcome = await check('example.test', '192.0.2.99')
    expect(outcome.result).toBe('fail')
    expect(outcome.explanationSource).toBe('exp')
    expect(outcome.explanation).toBe("192.0.2.99 is not one of example.test's designated mail servers.")
  })

  it('matches an IPv6 sender through include', async () => {
    expect((await check('example.test', '2001:db8:beef::25')).result).toBe('pass')
  })

  it('follows redirect= and evaluates the target with its own domain', async () => {
    const outcome = await check('redirected.test', '192.0.2.99')
    expect(outcome.result).toBe('fail')
    expect(outcome.explanation).toBe("192.0.2.99 is not one of example.test's designated mail servers.")
  })

  it('uses the default explanation when the record has no exp=', async () => {
    const outcome = await check('mx.test', '198.51.100.1', { defaultExplanation: 'not allowed' })
    expect(outcome).toMatchObject({
      result: 'fail',
      explanation: 'not allowed',
      explanationSource: 'default',
    })
  })

  it('applies the mx mechanism with a prefix length', async () => {
    expect((await check('mx.test', '192.0.2.10')).result).toBe('pass')
  })

  it('returns none when the domain has no record', async () => {
    expect((await check('nowhere.test')).result).toBe('none')
  })

  it('returns none at once for a malformed domain without asking DNS', async () => {
    const before = server.log.length
    const outcome = await checkHost(dns(), {
      ip: SENDER,
      domain: `${'x'.repeat(64)}.test`,
      sender: 'a@b',
      helo: 'h',
    })
    expect(outcome.result).toBe('none')
    expect(server.log.length).toBe(before)
  })

  it('returns permerror for two v=spf1 records', async () => {
    const outcome = await check('twice.test')
    expect(outcome).toMatchObject({ result: 'permerror', problem: { code: 'SPF_MULTIPLE_RECORDS' } })
  })

  it('returns permerror for a syntax error even after a matching term', async () => {
    const outcome = await check('broken.test')
    expect(outcome).toMatchObject({ result: 'permerror', problem: { code: 'SPF_SYNTAX' } })
  })

  it('returns temperror when an included domain does not answer', async () => {
    const outcome = await check('flaky.test')
    expect(outcome).toMatchObject({ result: 'temperror', problem: { code: 'DNS_TIMEOUT' } })
  })

  it('reports an unusable connecting address as a coded permerror', async () => {
    const outcome = await check('example.test', 'not-an-ip')
    expect(outcome).toMatchObject({ result: 'permerror', problem: { code: 'SPF_INVALID_IP' } })
  })

  it('gives the same outcome when replayed from the recorded lookups', async () => {
    const live = dns()
    const first = await checkHost(live, {
      ip: '192.0.2.99',
      domain: 'example.test',
      sender: 'x@example.test',
      helo: 'h.test',
    })
    expect(live.queries.map((q) => `${q.type} ${q.name} ${q.outcome}`)).toEqual([
      'TXT example.test answer',
      'TXT _spf.partner.test answer',
      'TXT why.example.test answer',
    ])
    const stored = JSON.parse(JSON.stringify(live.queries))
    const again = await checkHost(replayMailDns(stored), {
      ip: '192.0.2.99',
      domain: 'example.test',
      sender: 'x@example.test',
      helo: 'h.test',
    })
    expect(again).toEqual(first)
  })
})

describe('spfIdentity', () => {
  it.each([
    ['alice@example.test', 'mx.example.test', 'alice@example.test', 'example.test'],
    ['', 'mx.example.test', 'postmaster@mx.example.test', 'mx.example.test'],
    ['@example.test', 'mx.example.test', 'postmaster@example.test', 'example.test'],
  ])('derives sender and domain from MAIL FROM %j and HELO %j', (mailFrom, helo, sender, domain) => {
    expect(spfIdentity(mailFrom, helo)).toEqual({ sender, domain })
  })
})

describe('check_host() time limit', () => {
  it('returns temperror, not permerror, when the evaluation runs out of time', async () => {
    let now = 0
    const clock = (): number => (now += 5_000)
    const outcome = await check('ten.test', SENDER, { now: clock, timeLimitMs: 20_000 })
    expect(outcome).toMatchObject({ result: 'temperror', problem: { code: 'SPF_TIME_LIMIT' } })
  })
})
