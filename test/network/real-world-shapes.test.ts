// Issue 7: real certificate shapes and a dead nameserver, through the whole audit. Each used to crash the run,
// pass wrongly, mislabel the problem or hang; the run must now complete with the right verdicts.
import dgram from 'node:dgram'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { issueLeaf, makeAuthority, newRsaKey, type LeafSpec } from '../../src/lab/ca'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import { certificateFacts } from '../../src/network/network'
import { Workspace } from '../../src/store/workspace'

const APEX = 'shapes.test'
const DAY = 86_400_000
/** The engagement's per-probe deadline: the dead nameserver used to hold dns.nameservers for all of it. */
const TOTAL_MS = 8000
const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }

const listen = (s: net.Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)))

describe('real-world certificate shapes and a dead nameserver, through the whole audit', () => {
  const servers: net.Server[] = []
  let dns: AuthoritativeDnsServer
  let dead: dgram.Socket
  let dir: string
  let run: Run
  let emptySubjectDer: Buffer

  beforeAll(async () => {
    const ca = makeAuthority('Shapes Test CA', newRsaKey(2048))
    const key = newRsaKey(2048)
    const leaf = (name: string, extra: Partial<LeafSpec> = {}) =>
      issueLeaf(ca, key, {
        names: [name],
        notBefore: new Date(Date.now() - DAY),
        notAfter: new Date(Date.now() + 80 * DAY),
        ...extra,
      })
    const shapes: Record<string, { cert: ReturnType<typeof leaf>; level0?: boolean }> = {
      ok: { cert: leaf(`ok.${APEX}`) },
      // RFC 5280 §4.1.2.6: an empty subject is valid when the subjectAltName is critical.
      empty: { cert: leaf(`empty.${APEX}`, { subject: 'empty', san: 'critical' }) },
      nosan: { cert: leaf(`nosan.${APEX}`, { san: 'none' }) },
      // OpenSSL 3 loads a SHA-1-signed certificate only at security level 0.
      sha1: { cert: leaf(`sha1.${APEX}`, { digest: 'sha1' }), level0: true },
    }
    emptySubjectDer = Buffer.from(
      shapes
        .empty!.cert.certPem.split('-----END CERTIFICATE-----')[0]!
        .replace(/-----BEGIN CERTIFICATE-----|\s/g, ''),
      'base64',
    )
    const connectTo: string[] = []
    for (const [label, shape] of Object.entries(shapes)) {
      const secure = https.createServer(
        {
          key: shape.cert.keyPem,
          cert: shape.cert.certPem,
          ...(shape.level0 ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
        },
        (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', ...HSTS }).end('<h1>ok</h1>'),
      )
      const plain = http.createServer(
        (req, res) => void res.writeHead(301, { location: `https://${req.headers.host}${req.url}` }).end(),
      )
      servers.push(secure, plain)
      connectTo.push(`${label}.${APEX}:443:127.0.0.1:${await listen(secure)}`)
      connectTo.push(`${label}.${APEX}:80:127.0.0.1:${await listen(plain)}`)
    }
    // A nameserver that receives every question and never answers.
    dead = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => dead.bind(0, '127.0.0.1', () => resolve()))
    const deep = Array.from({ length: 9 }, (_, i) => `d${i}.${APEX}`)
    const eight = Array.from({ length: 8 }, (_, i) => `e${i}.${APEX}`)
    const records: ZoneRecord[] = [
      {
        name: APEX,
        type: 'SOA',
        data: {
          mname: `ns1.${APEX}`,
          rname: `hostmaster.${APEX}`,
          serial: 1,
          refresh: 60,
          retry: 60,
          expire: 600,
          minimum: 60,
        },
      },
      { name: APEX, type: 'NS', data: `ns1.${APEX}` },
      { name: APEX, type: 'NS', data: `ns2.${APEX}` },
      { name: APEX, type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
      ...['', 'ok.', 'empty.', 'nosan.', 'sha1.'].map((p): ZoneRecord => ({
        name: `${p}${APEX}`,
        type: 'A',
        data: '127.0.0.1',
      })),
      // Nine CNAME hops before an address: one more than a resolver follows. Eight hops still resolve.
      { name: `deep.${APEX}`, type: 'CNAME', data: deep[0]! },
      ...deep.slice(0, -1).map((n, i): ZoneRecord => ({ name: n, type: 'CNAME', data: deep[i + 1]! })),
      { name: deep.at(-1)!, type: 'A', data: '127.0.0.1' },
      { name: `eight.${APEX}`, type: 'CNAME', data: eight[0]! },
      ...eight.slice(0, -1).map((n, i): ZoneRecord => ({ name: n, type: 'CNAME', data: eight[i + 1]! })),
      { name: eight.at(-1)!, type: 'A', data: '127.0.0.1' },
    ]
    dns = new AuthoritativeDnsServer({ zones: [APEX], records })
    await dns.start()
    connectTo.push(`ns1.${APEX}:53:127.0.0.1:${dns.port}`, `ns2.${APEX}:53:127.0.0.1:${dead.address().port}`)
    dir = mkdtempSync(path.join(tmpdir(), 'handover-shapes-'))
    writeFileSync(path.join(dir, 'ca.pem'), ca.certPem)
    writeFileSync(
      path.join(dir, 'handover.json'),
      JSON.stringify({
        schema: 'handover.engagement/1',
        name: 'Certificate shapes',
        domains: { apex: APEX, www: false, subdomains: ['ok', 'empty', 'nosan', 'sha1', 'deep', 'eight'] },
        scope: { allow: [APEX, `*.${APEX}`], maxRps: 1000 },
        network: {
          resolver: `127.0.0.1:${dns.port}`,
          connectTo,
          caFile: 'ca.pem',
          timeouts: { connectMs: 1000, readMs: 2000, totalMs: TOTAL_MS },
        },
      }),
    )
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    run = await runAudit({ workspace: ws.value, credentials: new MemoryCredentials() })
  })

  afterAll(async () => {
    for (const s of servers) {
      ;(s as http.Server).closeAllConnections?.()
      s.close()
    }
    dead.close()
    await dns.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const result = (fingerprint: string) => run.results.find((r) => r.fingerprint === fingerprint)

  it('completes the run with no probe crashed or hung', () => {
    expect(run.status).toBe('complete')
    const broken = Object.values(run.observations).filter((o) =>
      ['PROBE_CRASHED', 'PROBE_HUNG', 'NETWORK_INTERNAL'].includes(o.error?.code ?? ''),
    )
    expect(broken.map((o) => `${o.key} ${o.error?.code}`)).toEqual([])
  })

  it('Bug: a certificate with an empty subject crashed the whole audit (.replace on an undefined subject)', () => {
    expect(certificateFacts(emptySubjectDer)).toMatchObject({
      subject: '',
      subjectAltNames: [`DNS:empty.${APEX}`],
    })
    expect(result(`tls.cert-valid|empty.${APEX}:443`)).toMatchObject({ status: 'pass', outcome: 'valid' })
    expect(result(`tls.ciphers|empty.${APEX}:443`)).toMatchObject({ status: 'pass', outcome: 'strong' })
  })

  it('Bug: a certificate without subjectAltName passed tls.cert-valid (Node falls back to the CN)', () => {
    expect(result(`tls.cert-valid|nosan.${APEX}:443`)).toMatchObject({
      status: 'fail',
      severity: 'critical',
      outcome: 'no-subject-alt-name',
    })
    expect(result(`tls.cert-valid|nosan.${APEX}:443`)?.summary).toMatch(/SANs only/)
  })

  it('Bug: a SHA-1-signed chain was reported as not from a trusted CA (UNSPECIFIED)', () => {
    expect(result(`tls.cert-valid|sha1.${APEX}:443`)).toMatchObject({
      status: 'fail',
      outcome: 'weak-signature',
    })
    expect(result(`tls.ciphers|sha1.${APEX}:443`)).toMatchObject({
      status: 'fail',
      severity: 'high',
      outcome: 'weak-signature',
    })
    expect(result(`tls.cert-valid|ok.${APEX}:443`)).toMatchObject({ status: 'pass', outcome: 'valid' })
  })

  it('Bug: a dead nameserver made dns.nameservers hang for the whole deadline; now unreachable well before it', () => {
    expect(result(`dns.ns-consistency|${APEX}`)).toMatchObject({ status: 'fail', outcome: 'unreachable' })
    expect(result(`dns.ns-consistency|${APEX}`)?.summary).toMatch(`ns2.${APEX}`)
    const obs = Object.values(run.observations).find((o) => o.kind === 'dns.nameservers')!
    expect(obs.error).toBeUndefined()
    // Two tries of 750 ms at the silent server; the bound leaves room for a loaded machine (3.3 s seen beside a
    // browser test) and still fails a probe that waits out the deadline.
    expect(obs.durationMs).toBeLessThan(TOTAL_MS / 2)
    // The silent server was asked the SOA (twice: one retry), and nothing more.
    const toDead = (obs.transcript ?? []).filter((e) => e.detail.includes(`:${dead.address().port}`))
    expect(toDead.map((e) => e.code)).toEqual(['DNS_TIMEOUT'])
  })

  it('Bug: a CNAME chain longer than 8 hops came back as DNS_NODATA', () => {
    expect(result(`dns.resolves|deep.${APEX}`)).toMatchObject({ status: 'error', code: 'DNS_CNAME_DEPTH' })
    expect(result(`dns.resolves|eight.${APEX}`)).toMatchObject({ status: 'pass', outcome: 'resolves' })
  })
})
