// Our HTTP surface audit against the MDN HTTP Observatory (npm @mdn/mdn-http-observatory 1.4.8, installed under
// bench/.peers, outside our dependencies) on the same demo-lab hosts: both findings side by side, per host and test.
// Self-check (exit 1): every Observatory test that fails on a host and that our catalogue covers must have a failing
// or warning result of ours on that host (bench/peers/observatory.ts); the API's reflected Origin with credentials,
// which the Observatory passes, must be reported by us; and nothing may reach the lab's out-of-scope sentinel (the
// driver routes only the engagement's hosts and refuses, locally, every other connection the Observatory tries).
// Figure: the wall time of our whole HTTP surface audit (every host and origin: the surface checks plus tls.hsts,
// tls.https-forced and tls.cert-valid) over the Observatory's time for one host (the mean of its per-host scans).
//
//   npx tsx bench/headers-vs-observatory.ts [--fixed]      (npm run bench:observatory)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { checkById } from '../src/checks/registry'
import { SURFACE_CHECKS } from '../src/checks/surface'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'
import { compareWithObservatory, COMPARED_TLS_CHECKS, type ObservatoryHost } from './peers/observatory'
import { runTool, withLab } from './support'

const ROOT = path.resolve(import.meta.dirname, '..')
const PEERS = path.join(ROOT, 'bench', '.peers')
const OBSERVATORY = path.join(PEERS, 'node_modules', '@mdn', 'mdn-http-observatory')
const VERSION = '1.4.8'
const DRIVER = path.join(ROOT, 'bench', 'peers', 'observatory-driver.mjs')

/** Our side: the HTTP surface checks, and the TLS checks the Observatory's tests overlap. */
const OUR_CHECKS = [
  ...SURFACE_CHECKS.map((c) => c.id),
  ...COMPARED_TLS_CHECKS,
  ...(checkById('authz.session-cookies') ? ['authz.session-cookies'] : []),
]

function ensurePeer(): void {
  if (!existsSync(path.join(OBSERVATORY, 'package.json'))) {
    mkdirSync(PEERS, { recursive: true })
    if (!existsSync(path.join(PEERS, 'package.json')))
      writeFileSync(path.join(PEERS, 'package.json'), '{ "name": "handover-bench-peers", "private": true }\n')
    console.log(`Installing @mdn/mdn-http-observatory ${VERSION} into bench/.peers (--ignore-scripts) …`)
    // Its install scripts download the HSTS preload and TLD lists from the internet: skipped, see below.
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', `@mdn/mdn-http-observatory@${VERSION}`],
      { cwd: PEERS, stdio: 'inherit' },
    )
  }
  // No lab host is on the HSTS preload list; an empty list is what its analyzer reads.
  const preload = path.join(OBSERVATORY, 'conf', 'hsts-preload.json')
  if (!existsSync(preload)) writeFileSync(preload, '{}\n')
}

async function main(): Promise<void> {
  const mode = process.argv.includes('--fixed') ? 'fixed' : 'flawed'
  ensurePeer()
  await withLab(mode, async (lab, ws) => {
    const engagement = lab.engagement() as { network: { connectTo: string[] } }
    const hosts = ws.engagement.hosts
    // Only the engagement's hosts are routed to the lab; the driver refuses every other connection (the sentinel's
    // stand-ins for outside hosts included), so the peer cannot reach what our scope guard would refuse.
    const connectTo: Record<string, number> = {}
    for (const rule of engagement.network.connectTo) {
      const [host, port, , toPort] = rule.split(':')
      if (host && hosts.includes(host)) connectTo[`${host}:${port}`] = Number(toPort)
    }

    const started = performance.now()
    const run = await runAudit({
      workspace: ws,
      credentials: new MemoryCredentials(lab.credentials()),
      selection: { checks: OUR_CHECKS },
    })
    const oursMs = performance.now() - started

    const out = await runTool(process.execPath, [DRIVER, OBSERVATORY, JSON.stringify({ hosts, connectTo })], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: lab.caFile },
    })
    const peer = JSON.parse(out) as { results: ObservatoryHost[]; refused: string[] }

    console.log(
      `Demo lab (${mode}), ${hosts.length} hosts; Observatory ${VERSION} vs our ${OUR_CHECKS.join(', ')}\n`,
    )
    const { rows, problems, pending } = compareWithObservatory(
      peer.results,
      run.results,
      (id) => !!checkById(id),
      mode === 'flawed' ? 'https://api.acme.test' : undefined,
    )
    const table = [
      ['host', 'Observatory test', 'Observatory', 'ours'],
      ...rows.map((r) => [r.host, r.test, r.observatory, r.ours]),
    ]
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)))
    for (const r of table)
      console.log(
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )

    // What the Observatory passes: the API reflects any Origin with credentials.
    const apiCors = peer.results.find((h) => h.host === 'api.acme.test')?.tests?.[
      'cross-origin-resource-sharing'
    ]
    const ourCors = run.results.find(
      (r) => r.check === 'surface.cors' && r.subject === 'https://api.acme.test',
    )
    console.log(
      `\nThe API reflects any Origin with credentials: Observatory ${apiCors ? `${apiCors.pass ? 'pass' : 'FAIL'} ${apiCors.result}` : 'did not scan it'}; ours ${ourCors ? `${ourCors.status} ${ourCors.severity ?? ''} ${ourCors.outcome ?? ''}` : 'no result'}`,
    )
    // The peer follows redirects off the engagement's hosts; the driver refused those connections locally.
    if (peer.refused.length > 0)
      console.log(
        `The Observatory tried to reach outside the scope (refused locally, nothing sent): ${[...new Set(peer.refused)].join(', ')}`,
      )
    if (lab.sentinel.connections > 0)
      problems.push(`${lab.sentinel.connections} connection(s) reached the lab's out-of-scope sentinel`)
    if (pending.length > 0)
      console.log(
        `Covered by our catalogue, not implemented on this checkout (not counted):\n  ${pending.join('\n  ')}`,
      )

    const scanned = peer.results.filter((h) => h.tests)
    const perHost = scanned.reduce((s, h) => s + h.ms, 0) / Math.max(1, scanned.length)
    const ourFindings = run.results.filter((r) => r.status === 'fail' || r.status === 'warn').length
    const peerFails = scanned.reduce((s, h) => s + Object.values(h.tests!).filter((t) => !t.pass).length, 0)
    console.log(
      `\nFindings: ours ${ourFindings} fail or warn of ${run.results.length} results; Observatory ${peerFails} failed tests on the ${scanned.length} of ${peer.results.length} hosts it could scan`,
    )
    console.log(
      `Wall time: our whole surface audit ${(oursMs / 1000).toFixed(2)} s (${hosts.length} hosts); Observatory ${(perHost / 1000).toFixed(2)} s per host (mean of ${scanned.length})`,
    )
    console.log(`Figure: ours / one Observatory host = ${(oursMs / perHost).toFixed(1)}`)
    if (problems.length > 0) {
      console.log(`\nSELF-CHECK FAILED (${problems.length}):`)
      for (const p of problems) console.log(`  - ${p}`)
      process.exitCode = 1
    } else console.log('\nSelf-check: every covered Observatory finding has a counterpart of ours.')
  })
}

await main()
