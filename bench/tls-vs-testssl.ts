// Our TLS verdicts against Debian's testssl.sh on the same demo-lab hosts, side by side, plus the wall-time ratio.
// Run: npm run bench:tls   (needs `testssl` from apt testssl.sh). Exits 1 when any verdict disagrees.
import { withLab } from './support'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'
import type { Run } from '../src/core/types'

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

interface Finding {
  id: string
  severity: string
  finding: string
}

function testssl(
  host: string,
  port: number,
  caFile: string,
  out: string,
): Promise<{ findings: Finding[]; seconds: number }> {
  const started = performance.now()
  // -p protocols, -S server defaults (key size, signature), -h headers, -s cipher categories, -f forward
  // secrecy, -4 RC4; --nodns none: testssl must not ask the system resolver (CAA, reverse lookups).
  const args = [
    '-p',
    '-S',
    '-h',
    '-s',
    '-f',
    '-4',
    '--nodns',
    'none',
    '--add-ca',
    caFile,
    '--ip',
    '127.0.0.1',
    '--warnings',
    'batch',
    '--quiet',
    '--color',
    '0',
    '--jsonfile',
    out,
    `https://${host}:${port}`,
  ]
  return new Promise((resolve, reject) => {
    const child = spawn('testssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', () => {
      try {
        resolve({
          findings: JSON.parse(readFileSync(out, 'utf8')) as Finding[],
          seconds: (performance.now() - started) / 1000,
        })
      } catch {
        reject(new Error(`testssl wrote no JSON for ${host}: ${stderr.slice(0, 300)}`))
      }
    })
  })
}

function theirs(findings: Finding[]): Record<Property, boolean> {
  const get = (id: string): Finding | undefined => findings.find((f) => f.id === id)
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
    'no forward secrecy': /not offered/i.test((get('FS') ?? get('PFS'))?.finding ?? ''),
  }
}

function ours(run: Run, host: string): Record<Property, boolean> {
  const outcome = (check: string, subject: string): string =>
    run.results.find((r) => r.check === check && r.subject === subject)?.outcome ?? ''
  const valid = outcome('tls.cert-valid', `${host}:443`)
  return {
    expired: valid === 'expired',
    'hostname mismatch': valid === 'hostname-mismatch',
    // testssl's verifier refuses a SHA-1 chain too; we say the chain is sound and the digest is refused.
    'chain not trusted': ['untrusted', 'incomplete-chain', 'weak-signature'].includes(valid),
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
    const { findings, seconds } = await testssl(host, port, lab.caFile, path.join(dir, `${host}.json`))
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
  process.exitCode = disagreements === 0 ? 0 : 1
})
