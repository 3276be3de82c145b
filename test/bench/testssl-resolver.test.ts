// The TLS benchmark's peer asks no resolver but the lab's: testssl runs exactly as bench/tls-vs-testssl runs it,
// with recording stand-ins for every lookup tool it knows first on its PATH, against a TLS server on port 0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolverGuard, type ResolverGuard } from '../../bench/peers/resolver-guard'
import { runTestssl, testsslArgs } from '../../bench/peers/testssl'
import { issueLeaf, makeAuthority, newRsaKey } from '../../src/lab/ca'
import { haveTools } from '../helpers/tools'

const HOST = 'portal.acme.test'
const suite = haveTools('testssl as the TLS benchmark runs it', 'testssl', 'dig') ? describe : describe.skip

suite('testssl as the TLS benchmark runs it', () => {
  let dir: string
  let server: https.Server
  let port: number
  let caFile: string
  let guard: ResolverGuard

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'handover-testssl-'))
    const ca = makeAuthority('Resolver Test CA', newRsaKey(2048))
    const id = issueLeaf(ca, newRsaKey(2048), {
      names: [HOST],
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 60 * 86_400_000),
    })
    caFile = path.join(dir, 'ca.pem')
    writeFileSync(caFile, ca.certPem)
    server = https.createServer({ key: id.keyPem, cert: id.certPem }, (_req, res) => res.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
    guard = resolverGuard()
  })
  afterAll(async () => {
    guard.remove()
    await new Promise((resolve) => server.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  // Bug: the benchmark pinned the address with --ip but did not pass --nodns none, so testssl still looked up the
  // reverse name of 127.0.0.1 and the CAA record of the lab name with dig/host: questions to the system resolver.
  // Fix: testsslArgs() passes --nodns none, and the benchmark runs testssl under resolverGuard() and fails on a call.
  it('Bug: bench/tls-vs-testssl lets testssl ask the system resolver', async () => {
    const out = path.join(dir, 'server-defaults.json')
    // -S (server defaults) is the part of the benchmark that wants CAA; every run wants the reverse name.
    const { findings } = await runTestssl(testsslArgs(HOST, port, caFile, out, ['-S']), out, guard.env)
    expect(findings.find((f) => f.id === 'cert_commonName')?.finding).toBe(HOST)
    expect(guard.calls()).toEqual([])
  }, 300_000)
})
