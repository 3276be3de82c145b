import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import dnsPacket, { type Packet, type Question } from 'dns-packet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { AuthoritativeDnsServer } from '../../src/lab/dns-server'
import { dnsQuery } from '../../src/network/dns/client'
import { Workspace } from '../../src/store/workspace'
import type { Run } from '../../src/core/types'

const APEX = 'hostile.test'
const TOTAL_MS = 3000

/** A DNS server that misbehaves differently for each name. */
function hostileHook(question: Question, transport: 'udp' | 'tcp'): Packet | Buffer | 'drop' | undefined {
  const label = question.name.toLowerCase().split('.')[0]
  const base = (extra: Partial<Packet>): Packet => ({
    type: 'response',
    id: 0,
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [question],
    answers: [],
    ...extra,
  })
  switch (label) {
    case 'garbage':
      return Buffer.from('this is not a DNS message at all, just bytes on the wire')
    case 'truncated':
      // TC on every answer, over UDP and over TCP.
      return base({ flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.TRUNCATED_RESPONSE })
    case 'wrongid':
      return dnsPacket.encode({
        ...base({}),
        id: 4242,
        answers: [{ type: 'A', name: question.name, ttl: 60, data: '127.0.0.1' }],
      })
    case 'wrongq':
      return base({
        questions: [{ type: 'A', name: 'elsewhere.example' }],
        answers: [{ type: 'A', name: 'elsewhere.example', ttl: 60, data: '127.0.0.1' }],
      })
    case 'silent':
      return 'drop'
    case 'huge': {
      // About 64 KB of TXT, well past what any real zone answers.
      if (transport === 'udp')
        return base({ flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.TRUNCATED_RESPONSE })
      const strings = Array.from({ length: 250 }, (_, i) => `${i}`.padEnd(250, 'x'))
      return base({ answers: [{ type: 'TXT', name: question.name, ttl: 60, data: strings }] })
    }
    default:
      return undefined
  }
}

describe('hostile DNS', () => {
  let server: AuthoritativeDnsServer
  let dir: string
  let run: Run

  beforeAll(async () => {
    server = new AuthoritativeDnsServer({
      zones: [APEX],
      records: [
        {
          name: APEX,
          type: 'SOA',
          data: {
            mname: `ns.${APEX}`,
            rname: `hostmaster.${APEX}`,
            serial: 1,
            refresh: 60,
            retry: 60,
            expire: 600,
            minimum: 60,
          },
        },
        { name: APEX, type: 'NS', data: `ns.${APEX}` },
        { name: `ns.${APEX}`, type: 'A', data: '127.0.0.1' },
        { name: APEX, type: 'A', data: '127.0.0.1' },
        { name: `loop1.${APEX}`, type: 'CNAME', data: `loop2.${APEX}` },
        { name: `loop2.${APEX}`, type: 'CNAME', data: `loop1.${APEX}` },
      ],
      hook: hostileHook,
    })
    await server.start()
    dir = mkdtempSync(path.join(tmpdir(), 'handover-hostile-dns-'))
    writeFileSync(
      path.join(dir, 'handover.json'),
      JSON.stringify({
        schema: 'handover.engagement/1',
        name: 'Hostile DNS',
        domains: {
          apex: APEX,
          www: false,
          subdomains: ['garbage', 'truncated', 'wrongid', 'wrongq', 'silent', 'huge', 'loop1'],
        },
        scope: { allow: [APEX, `*.${APEX}`], maxRps: 1000 },
        network: {
          resolver: `127.0.0.1:${server.port}`,
          connectTo: [`ns.${APEX}:53:127.0.0.1:${server.port}`],
          timeouts: { connectMs: 400, readMs: 1000, totalMs: TOTAL_MS },
        },
      }),
    )
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    run = await runAudit({
      workspace: ws.value,
      credentials: new MemoryCredentials(),
      selection: { checks: ['dns.resolves', 'dns.dangling', 'dns.stale', 'dns.ns-consistency', 'dns.caa'] },
    })
  })
  afterAll(async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it.each([
    ['garbage', 'DNS_MALFORMED'],
    ['truncated', 'DNS_TRUNCATED'],
    ['wrongid', 'DNS_MALFORMED'],
    ['wrongq', 'DNS_MALFORMED'],
    ['silent', 'DNS_TIMEOUT'],
    ['huge', 'DNS_TOO_LARGE'],
    ['loop1', 'DNS_CNAME_LOOP'],
  ])('a server that answers %s ends in an error result with code %s', (label, code) => {
    expect(run.results.find((r) => r.fingerprint === `dns.resolves|${label}.${APEX}`)).toMatchObject({
      status: 'error',
      code,
    })
  })

  it('finishes every probe within the total timeout and keeps the healthy parts', () => {
    expect(run.status).toBe('complete')
    for (const o of Object.values(run.observations))
      expect(o.durationMs, o.key).toBeLessThanOrEqual(TOTAL_MS * 1.1)
    expect(run.results.find((r) => r.fingerprint === `dns.resolves|${APEX}`)?.status).toBe('pass')
    expect(run.results.find((r) => r.check === 'dns.ns-consistency')?.status).toBe('warn')
  })

  it('drops answers whose id or question does not match, counting them', async () => {
    const result = await dnsQuery({ host: '127.0.0.1', port: server.port }, `wrongid.${APEX}`, 'A', {
      timeoutMs: 300,
      retries: 0,
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'DNS_MALFORMED', dropped: 1 } })
  })
})
