// Issue 9 item 1, DESIGN.md §6 "Address policy": a hostile DNS answer cannot send the audit to a link-local or
// metadata address, nor to loopback or private addresses the engagement did not name.
import https from 'node:https'
import type net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEngagement, type NetworkSettings } from '../../src/engagement/load'
import { issueLeaf, makeAuthority, newRsaKey } from '../../src/lab/ca'
import { AuthoritativeDnsServer } from '../../src/lab/dns-server'
import { AddressPolicy } from '../../src/network/address-policy'
import { fetchUrl } from '../../src/network/http'
import { Network, Recorder } from '../../src/network/network'
import { Scope } from '../../src/network/scope'

const APEX = 'policy.test'

describe('the address policy', () => {
  let dns: AuthoritativeDnsServer
  let server: https.Server
  let port = 0
  let connections = 0
  let caPem = ''

  beforeAll(async () => {
    const ca = makeAuthority('Policy CA', newRsaKey(2048))
    caPem = ca.certPem
    const id = issueLeaf(ca, newRsaKey(2048), {
      names: [`loop.${APEX}`, `alias.${APEX}`],
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
    })
    server = https.createServer({ key: id.keyPem, cert: id.certPem }, (_q, r) => r.end('inside'))
    server.on('connection', () => connections++)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    port = (server.address() as net.AddressInfo).port
    dns = new AuthoritativeDnsServer({
      zones: [APEX, 'outside.test'],
      records: [
        { name: `meta.${APEX}`, type: 'A', data: '169.254.169.254' },
        // The CNAME target is outside scope.allow: resolving it is fine, its address still decides.
        { name: `sneaky.${APEX}`, type: 'CNAME', data: 'imds.outside.test' },
        { name: 'imds.outside.test', type: 'A', data: '169.254.169.254' },
        { name: `ll6.${APEX}`, type: 'AAAA', data: 'fe80::1' },
        { name: `ec2v6.${APEX}`, type: 'AAAA', data: 'fd00:ec2::254' },
        { name: `loop.${APEX}`, type: 'A', data: '127.0.0.1' },
        { name: `alias.${APEX}`, type: 'CNAME', data: `loop.${APEX}` },
      ],
    })
    await dns.start()
  })
  afterAll(async () => {
    server.close()
    await dns.stop()
  })

  const network = (allowAddresses: string[]): Network => {
    // Port-only rules: they say where to knock, not which address the name may resolve to.
    const settings: NetworkSettings = {
      resolver: { host: '127.0.0.1', port: dns.port },
      connectTo: [`loop.${APEX}:443::${port}`, `alias.${APEX}:443::${port}`, `:443::${port}`],
      caPem,
      allowAddresses,
      connectMs: 500,
      readMs: 1000,
      totalMs: 3000,
      maxResponseBytes: 100_000,
      maxRedirects: 2,
      concurrency: 2,
    }
    return new Network({ settings, scope: new Scope([`*.${APEX}`]), maxRequests: 100, maxRps: 1000 })
  }

  it.each(['meta', 'sneaky', 'll6', 'ec2v6'])(
    'never contacts %s.policy.test, which resolves to a link-local or metadata address, whatever is allowed',
    async (label) => {
      const net = network(['0.0.0.0/0', '::/0'])
      const rec = new Recorder(net.redactor)
      const outcome = await fetchUrl(net, { url: `https://${label}.${APEX}/latest/meta-data/` }, rec)
      expect(outcome.error?.code).toBe('ADDRESS_REFUSED')
      expect(rec.entries.some((e) => e.kind === 'refused' && e.code === 'ADDRESS_REFUSED')).toBe(true)
      expect(rec.entries.some((e) => e.kind === 'tcp')).toBe(false)
    },
  )

  it('contacts a name that resolves to loopback only when network.allowAddresses covers it', async () => {
    const before = connections
    for (const host of [`loop.${APEX}`, `alias.${APEX}`]) {
      const refused = await fetchUrl(
        network([]),
        { url: `https://${host}/` },
        new Recorder(network([]).redactor),
      )
      expect(refused.error?.code, host).toBe('ADDRESS_REFUSED')
    }
    expect(connections).toBe(before)
    const allowed = network(['127.0.0.0/8'])
    const outcome = await fetchUrl(allowed, { url: `https://alias.${APEX}/` }, new Recorder(allowed.redactor))
    expect(outcome.exchanges[0]?.status).toBe(200)
    expect(connections).toBe(before + 1)
  })

  it('contacts a loopback address a connectTo rule names, without allowAddresses', async () => {
    const settings = { ...network([]).settings, connectTo: [`loop.${APEX}:443:127.0.0.1:${port}`] }
    const named = new Network({ settings, scope: new Scope([`*.${APEX}`]), maxRequests: 10, maxRps: 100 })
    const outcome = await fetchUrl(named, { url: `https://loop.${APEX}/` }, new Recorder(named.redactor))
    expect(outcome.exchanges[0]?.status).toBe(200)
  })

  it('judges IPv4-mapped IPv6 addresses as the IPv4 address they carry', () => {
    const policy = new AddressPolicy([])
    expect(policy.judge('::ffff:169.254.169.254')).toMatchObject({ ok: false, reason: 'link-local' })
    expect(policy.judge('::ffff:10.1.2.3')).toMatchObject({ ok: false, reason: 'internal' })
    expect(policy.judge('192.0.2.44')).toEqual({ ok: true })
  })

  it('refuses an engagement whose network.allowAddresses holds something that is not a CIDR range', async () => {
    const loaded = await parseEngagement(
      JSON.stringify({
        schema: 'handover.engagement/1',
        name: 'Bad ranges',
        scope: { allow: [APEX] },
        network: { allowAddresses: ['127.0.0.0/8', '10.0.0.0/33'] },
      }),
      '/tmp/handover-bad-ranges/handover.json',
    )
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) {
      expect(loaded.error.code).toBe('ENGAGEMENT_INVALID')
      expect(loaded.error.message).toMatch(/network\.allowAddresses/)
    }
  })
})
