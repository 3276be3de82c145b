// Our TLS verdicts against Debian's testssl.sh on the same demo-lab hosts, side by side, plus the wall-time ratio.
// Run: npm run bench:tls   (needs `testssl` from apt testssl.sh). Exits 1 when any verdict disagrees, or when
// testssl tries a lookup outside the lab (bench/peers/testssl.ts runs it, bench/peers/resolver-guard.ts watches).
import { withLab } from './support'
import path from 'node:path'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'
import type { Run } from '../src/core/types'
import { resolverGuard } from './peers/resolver-guard'
import { runTestssl, testsslArgs, type TestsslFinding } from './peers/testssl'

type Property =
  | 'expired'
  | 'hostname mismatch'
  | 'chain not trusted'
  | 'expires < 30 days'
  | 'TLS 1.0/1.1'
  | 'HSTS short or missing'
  | 'weak key or signature'
  | 'weak suites'
  | 'no forward secrecy'
const PROPERTIES: Property[] = [
  'expired',
  'hostname mismatch',
  'chain not trusted',
  'expires < 30 days',
  'TLS 1.0/1.1',
  'HSTS short or missing',
  'weak key or signature',
  'weak suites',
  'no forward secrecy',
]
const HOSTS = [
  'help.acme.test',
  'docs.acme.test',
  'files.acme.test',
  'status.acme.test',
  'api.acme.test',
  'www.acme.test',
  'app.acme.test',
]

function theirs(findings: TestsslFinding[]): Record<Property, boolean> {
  const get = (id: string): TestsslFinding | undefined => findings.find((f) => f.id === id)
  const chain = get('cert_chain_of_trust')
  const expiry = get('cert_expirationStatus')?.finding ?? ''
  const hsts = get('HSTS_time') ?? get('HSTS')
  return {
    expired: /expired/i.test(expiry),
    'hostname mismatch': !/^Ok/i.test(get('cert_trust')?.finding ?? 'Ok'),
    'chain not trusted': Boolean(chain && chain.severity !== 'OK' && !/\bexpired\b/i.test(chain.finding)),
    'expires < 30 days': /expires < 30 days/i.test(expiry),
    'TLS 1.0/1.1':
      /^offered/i.test(get('TLS1')?.finding ?? '') || /^offered/i.test(get('TLS1_1')?.finding ?? ''),
    'HSTS short or missing': !hsts || hsts.severity !== 'OK',
    'weak key or signature': [get('cert_keySize'), get('cert_signatureAlgorithm')].some(
      (f) => f !== undefined && !['OK', 'INFO'].includes(f.severity),
    ),
    'weak suites': [
      'cipherlist_NULL',
      'cipherlist_aNULL',
      'cipherlist_EXPORT',
      'cipherlist_3DES_IDEA',
      'RC4',
    ].some((id) => /^offered/i.test(get(id)?.finding ?? '')),
    // testssl 3.0 words it "No ciphers supporting (P)FS offered"; later versions "not offered".
    'no forward secrecy': /not offered|no ciphers supporting/i.test((get('FS') ?? get('PFS'))?.finding ?? ''),
  }
}

function ours(run: Run, host: string): Record<Property, boolean> {
  const outcome = (check: string, subject: string): string =>
    run.results.find((r) => r.check === check && r.subject === subject)?.outcome ?? ''
  const valid = outcome('tls.cert-valid', `${host}:443`)
  return {
    expired: valid === 'expired',
    'hostname mismatch': valid === 'hostname-mismatch',
    // A SHA-1-signed chain reaches a trusted root: testssl passes its chain of trust and flags the signature
    // algorithm, as we do (weak-signature is 'weak key or signature', from tls.ciphers, not an untrusted chain).
    'chain not trusted': ['untrusted', 'incomplete-chain'].includes(valid),
    'expires < 30 days': ['expires-soon', 'expires-very-soon'].includes(
      outcome('tls.cert-expiry', `${host}:443`),
    ),
    'TLS 1.0/1.1': ['legacy-accepted', 'ssl-accepted'].includes(outcome('tls.protocols', `${host}:443`)),
    'HSTS short or missing': ['short-max-age', 'missing', 'invalid'].includes(outcome('tls.hsts', host)),
    'weak key or signature': ['weak-key', 'weak-signature'].includes(outcome('tls.ciphers', `${host}:443`)),
    'weak suites': outcome('tls.ciphers', `${host}:443`) === 'weak-suites',
    'no forward secrecy': outcome('tls.ciphers', `${host}:443`) === 'no-forward-secrecy',
  }
}

// testssl runs with stand-ins for its lookup tools and openssl first on its PATH: any lookup it tries is counted.
const guard = resolverGuard()

await withLab('flawed', async (lab, ws, dir) => {
  const t0 = performance.now()
  const run = await runAudit({
    workspace: ws,
    credentials: new MemoryCredentials(),
    selection: { checks: ['tls.cert-valid', 'tls.cert-expiry', 'tls.protocols', 'tls.hsts', 'tls.ciphers'] },
  })
  const oursSeconds = (performance.now() - t0) / 1000
  let theirSeconds = 0
  let disagreements = 0
  const rows: string[] = []
  for (const host of HOSTS) {
    const port = lab.hosts.find((h) => h.name === host)!.httpsPort
    const out = path.join(dir, `${host}.json`)
    const { findings, seconds } = await runTestssl(testsslArgs(host, port, lab.caFile, out), out, guard.env)
    theirSeconds += seconds
    const a = ours(run, host)
    const b = theirs(findings)
    for (const p of PROPERTIES) {
      const agree = a[p] === b[p]
      if (!agree) disagreements++
      if (a[p] || b[p] || !agree)
        rows.push(
          `${host.padEnd(18)} ${p.padEnd(22)} ${String(a[p]).padEnd(8)} ${String(b[p]).padEnd(8)} ${agree ? 'agree' : 'DISAGREE'}`,
        )
    }
    process.stderr.write(`testssl ${host}: ${seconds.toFixed(1)} s\n`)
  }
  console.log(
    `${'host'.padEnd(18)} ${'property'.padEnd(22)} ${'handover'.padEnd(8)} ${'testssl'.padEnd(8)} verdict`,
  )
  for (const row of rows) console.log(row)
  console.log(
    `\n${HOSTS.length} hosts × ${PROPERTIES.length} properties = ${HOSTS.length * PROPERTIES.length} verdicts compared; ${disagreements} disagreement(s). Rows list every verdict where either tool found the property.`,
  )
  console.log(
    `wall time: handover ${oursSeconds.toFixed(2)} s (all ${ws.engagement.hosts.length} hosts, concurrent) / testssl ${theirSeconds.toFixed(1)} s (${HOSTS.length} hosts, one run each)`,
  )
  console.log(`ratio (ours / testssl): ${(oursSeconds / theirSeconds).toFixed(4)}`)
  const asked = guard.calls()
  guard.remove()
  console.log(
    asked.length === 0
      ? 'resolver: testssl asked none (--nodns none, NXCONNECT=127.0.0.1:0; its lookup tools and openssl were stand-ins that saw no lookup)'
      : `resolver: testssl tried ${asked.length} lookup(s) outside the lab: ${asked.join('; ')}`,
  )
  process.exitCode = disagreements === 0 && asked.length === 0 ? 0 : 1
})
