import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Question } from 'dns-packet'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import type { DnsQueryResult, DnsResponse } from '../../src/network/dns/client'
import {
  askingMailDns,
  dnsNameProblem,
  isVoidLookup,
  replayMailDns,
  type RecordingMailDns,
} from '../../src/mail/dns-source'
import { serverMailDns } from '../helpers/mail-dns'

const records: ZoneRecord[] = [
  { name: 'acme.test', type: 'TXT', data: ['v=spf1 ', '-all'] },
  { name: 'acme.test', type: 'MX', data: { preference: 10, exchange: 'mail.acme.test' } },
  { name: 'acme.test', type: 'AAAA', data: '2001:db8::25' },
  { name: 'mail.acme.test', type: 'A', data: '192.0.2.25' },
  { name: 'null.test', type: 'MX', data: { preference: 0, exchange: '' } },
  { name: 'alias.test', type: 'CNAME', data: 'acme.test' },
  { name: '25.2.0.192.in-addr.arpa', type: 'PTR', data: 'mail.acme.test' },
]

let server: AuthoritativeDnsServer
let dns: RecordingMailDns

beforeAll(async () => {
  const hook = (q: Question): 'drop' | undefined =>
    q.name.toLowerCase() === 'slow.test' ? 'drop' : undefined
  server = new AuthoritativeDnsServer({ records, hook })
  const port = await server.start()
  dns = serverMailDns({ host: '127.0.0.1', port }, { timeoutMs: 300, retries: 0 })
})
afterAll(() => server.stop())

describe('serverMailDns', () => {
  it('joins the strings of a TXT record without a separator', async () => {
    expect(await dns.txt('acme.test')).toEqual({ ok: true, value: ['v=spf1 -all'] })
  })

  it('returns MX, A, AAAA and PTR answers', async () => {
    expect(await dns.mx('acme.test')).toEqual({
      ok: true,
      value: [{ preference: 10, exchange: 'mail.acme.test' }],
    })
    expect(await dns.a('mail.acme.test')).toEqual({ ok: true, value: ['192.0.2.25'] })
    expect(await dns.aaaa('acme.test')).toEqual({ ok: true, value: ['2001:db8::25'] })
    expect(await dns.ptr('25.2.0.192.in-addr.arpa')).toEqual({ ok: true, value: ['mail.acme.test'] })
  })

  it('returns a null MX with an empty exchange', async () => {
    expect(await dns.mx('null.test')).toEqual({ ok: true, value: [{ preference: 0, exchange: '' }] })
  })

  it('follows a CNAME to the records of its target', async () => {
    expect(await dns.txt('alias.test')).toEqual({ ok: true, value: ['v=spf1 -all'] })
    expect(dns.queries.at(-1)).toMatchObject({
      name: 'alias.test',
      type: 'TXT',
      outcome: 'answer',
      chain: ['acme.test'],
    })
  })

  it.each([
    ['missing.test', 'DNS_NXDOMAIN', true],
    ['mail.acme.test', 'DNS_NODATA', true],
    ['slow.test', 'DNS_TIMEOUT', false],
  ])('codes the TXT lookup of %s as %s', async (name, code, isVoidAnswer) => {
    const result = await dns.txt(name)
    expect(!result.ok && result.error.code).toBe(code)
    expect(isVoidLookup(result)).toBe(isVoidAnswer)
  })

  it('refuses a name DNS cannot carry without sending it', async () => {
    const before = server.log.length
    const result = await dns.a(`${'a'.repeat(64)}.test`)
    expect(!result.ok && result.error.code).toBe('DNS_INVALID_NAME')
    expect(server.log.length).toBe(before)
  })

  it('records every lookup so a replay answers the same', async () => {
    const fresh = serverMailDns({ host: '127.0.0.1', port: server.port }, { timeoutMs: 300, retries: 0 })
    const live = [await fresh.txt('acme.test'), await fresh.mx('acme.test'), await fresh.a('missing.test')]
    expect(fresh.queries.map((q) => [q.name, q.type, q.outcome])).toEqual([
      ['acme.test', 'TXT', 'answer'],
      ['acme.test', 'MX', 'answer'],
      ['missing.test', 'A', 'DNS_NXDOMAIN'],
    ])
    const replay = replayMailDns(JSON.parse(JSON.stringify(fresh.queries)))
    expect([
      await replay.txt('acme.test'),
      await replay.mx('acme.test'),
      await replay.a('missing.test'),
    ]).toEqual(live)
    const unknown = await replay.txt('other.test')
    expect(!unknown.ok && unknown.error.code).toBe('DNS_NOT_RECORDED')
  })
})

describe('askingMailDns', () => {
  const answering = (rcode: string): DnsQueryResult => {
    const response: DnsResponse = {
      server: 'test',
      transport: 'udp',
      rcode,
      authoritative: false,
      truncated: false,
      answers: [],
      authorities: [],
      additionals: [],
      elapsedMs: 0,
      dropped: 0,
    }
    return { ok: true, value: response }
  }

  it.each([
    ['SERVFAIL', 'DNS_SERVFAIL'],
    ['REFUSED', 'DNS_REFUSED'],
    ['NOTIMP', 'DNS_RCODE'],
  ])('codes an rcode of %s as %s', async (rcode, code) => {
    const result = await askingMailDns(async () => answering(rcode)).txt('acme.test')
    expect(!result.ok && result.error.code).toBe(code)
  })

  it('reports a CNAME loop', async () => {
    const loop = async (name: string): Promise<DnsQueryResult> => {
      const result = answering('NOERROR')
      if (result.ok)
        result.value.answers = [
          { name, type: 'CNAME', ttl: 60, data: name === 'a.test' ? 'b.test' : 'a.test' },
        ]
      return result
    }
    const result = await askingMailDns(loop).txt('a.test')
    expect(!result.ok && result.error.code).toBe('DNS_CNAME_LOOP')
  })
})

describe('dnsNameProblem', () => {
  it.each([
    ['acme.test', undefined],
    ['acme.test.', undefined],
    ['', 'the name is empty'],
    ['a..test', 'the name has an empty label'],
    [`${'a'.repeat(63)}.test`, undefined],
    [`${'a.'.repeat(127)}test`, 'the name is longer than 253 octets'],
  ])('judges %j', (name, problem) => {
    expect(dnsNameProblem(name)).toBe(problem)
  })
})
