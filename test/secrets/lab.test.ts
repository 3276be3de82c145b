// The demo lab's exposed-secrets stage: every planted secret is found with the right check, outcome and
// severity; the fixed lab passes every secrets check; no decoy (public config, publishable keys, README
// placeholders) is ever reported, though each is seen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { fetchUrl, type HttpOutcome } from '../../src/network/http'
import { networkFor, Recorder } from '../../src/network/network'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { findingKeyName } from '../../src/probes/secrets-key'
import { FindingKey, type SecretFinding } from '../../src/secrets'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED_SECRETS } from '../helpers/planted'

const SECRETS_CHECKS = [
  'secrets.frontend',
  'secrets.repo',
  'secrets.env-files',
  'secrets.env-reuse',
  'secrets.logs',
  'secrets.webhooks',
]

async function audit(t: TestLab, store: MemoryCredentials): Promise<Run> {
  const ws = await Workspace.open(t.lab.workspace)
  if (!ws.ok) throw new Error(ws.error.message)
  return runAudit({ workspace: ws.value, credentials: store, selection: { checks: SECRETS_CHECKS } })
}

/** Every finding any secrets probe recorded, wherever it sits in the observation data. */
function findingsOf(run: Run): SecretFinding[] {
  const out: SecretFinding[] = []
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o.hash === 'string' && typeof o.rule === 'string' && typeof o.masked === 'string')
        out.push(o as unknown as SecretFinding)
      Object.values(o).forEach(walk)
    }
  }
  for (const o of Object.values(run.observations)) if (o.kind.startsWith('secrets.')) walk(o.data)
  return out
}

describe('the secrets stage of the demo lab', () => {
  let t: TestLab
  const store = new MemoryCredentials()
  let key: FindingKey
  beforeAll(async () => {
    t = await startTestLab('flawed')
    for (const [k, v] of Object.entries(t.lab.credentials())) await store.set(k, v)
  })
  afterAll(() => t.stop())

  const decoyHashes = (): Map<string, string> =>
    new Map(
      Object.entries(t.lab.secrets.decoys).map(([name, value]) => [
        // A DSN's finding is its public key part.
        key.hash(name === 'sentryDsn' ? /\/\/([0-9a-f]{32})@/.exec(value)![1]! : value),
        name,
      ]),
    )

  it('finds every planted secret with its check, outcome and severity, and reports nothing else', async () => {
    t.lab.setMode('flawed')
    const run = await audit(t, store)
    for (const flaw of PLANTED_SECRETS) {
      const result = run.results.find((r) => r.fingerprint === flaw.fingerprint)
      expect(result, flaw.fingerprint).toMatchObject({
        outcome: flaw.outcome,
        status: flaw.status,
        severity: flaw.severity,
      })
    }
    const unexpected = run.results.filter(
      (r) => r.status !== 'pass' && !PLANTED_SECRETS.some((p) => p.fingerprint === r.fingerprint),
    )
    expect(unexpected.map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`)).toEqual([])
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const stored = await store.get(findingKeyName(ws.value.engagement))
    if (!stored.ok) throw new Error(stored.error.message)
    key = FindingKey.fromStored(stored.value)
    // Each planted value is found as a secret under its own hash.
    const found = new Set(
      findingsOf(run)
        .filter((f) => f.exposure === 'secret')
        .map((f) => f.hash),
    )
    const planted = t.lab.secrets.planted
    for (const name of [
      'bundleServiceKey',
      'servedKeystore',
      'sourceMapToken',
      'configServiceRole',
      'historyKey',
      'logBearer',
      'logBearer2',
      'buildLogKey',
    ] as const)
      expect(found.has(key.hash(planted[name])), name).toBe(true)
    // The served .p12 is known by its binary shape and its MAC, which opens with Google's `notasecret`.
    const keystore = findingsOf(run).find((f) => f.hash === key.hash(planted.servedKeystore))
    expect(keystore).toMatchObject({ rule: 'pkcs12.keystore', provider: 'Google Cloud' })
    expect(keystore!.masked).not.toContain(planted.servedKeystore.slice(8, 24))
  })

  it('keeps the raw bytes of a binary download, which its UTF-8 text would lose; the fixed lab no longer serves it', async () => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const url = 'https://app.acme.test/downloads/service-account.p12'
    const get = async (): Promise<HttpOutcome> => {
      const network = networkFor(ws.value.engagement)
      return fetchUrl(network, { url, capture: true }, new Recorder(network.redactor))
    }
    t.lab.setMode('flawed')
    const served = await get()
    const der = Buffer.from(t.lab.secrets.planted.servedKeystore, 'base64')
    expect(served.exchanges.at(-1)?.status).toBe(200)
    expect(served.captured!.bytes.equals(der)).toBe(true)
    expect(Buffer.from(served.captured!.body, 'utf8').equals(der)).toBe(false)
    t.lab.setMode('fixed')
    expect((await get()).exchanges.at(-1)?.status).toBe(404)
  })

  it('sees every decoy as public by design and reports none of them, flawed or fixed', async () => {
    for (const mode of ['flawed', 'fixed'] as const) {
      t.lab.setMode(mode)
      const run = await audit(t, store)
      const decoys = decoyHashes()
      const all = findingsOf(run)
      expect(
        all.filter((f) => f.exposure === 'secret' && decoys.has(f.hash)).map((f) => decoys.get(f.hash)),
      ).toEqual([])
      const seen = new Set(all.filter((f) => f.exposure === 'public').map((f) => decoys.get(f.hash)))
      for (const name of ['firebaseApiKey', 'stripePublishable', 'sentryDsn'])
        expect(seen.has(name), `${mode} ${name}`).toBe(true)
      if (mode === 'fixed') expect(seen.has('supabaseAnon'), 'fixed supabaseAnon').toBe(true)
      // README placeholders (sk_live_your-key-here, the AWS example key, xoxb-your-token-here, <your-key>) stay silent.
      const repo = Object.values(run.observations).find((o) => o.kind === 'secrets.repo')?.data as {
        findings: { treePaths: string[]; first?: { path: string } }[]
      }
      expect(
        repo.findings.filter((f) => f.treePaths.includes('README.md') || f.first?.path === 'README.md'),
      ).toEqual([])
    }
  })

  it('passes every secrets check once fixed', async () => {
    t.lab.setMode('fixed')
    const run = await audit(t, store)
    expect(run.results.length).toBeGreaterThanOrEqual(SECRETS_CHECKS.length)
    expect(
      run.results.filter((r) => r.status !== 'pass').map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`),
    ).toEqual([])
    expect(new Set(run.results.map((r) => r.check))).toEqual(new Set(SECRETS_CHECKS))
  })

  it('crawls each origin over kept-alive connections, at most network.concurrency of them', async () => {
    t.lab.setMode('flawed')
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const hosts = ['app.acme.test', 'api.acme.test', 'www.acme.test', 'files.acme.test', 'status.acme.test']
    const before = new Map(hosts.map((h) => [h, t.lab.connections(h)]))
    const run = await runAudit({
      workspace: ws.value,
      credentials: store,
      selection: { checks: ['secrets.frontend'] },
    })
    const crawl = Object.values(run.observations).find((o) => o.kind === 'secrets.frontend')!
    const resources = (crawl.data as { resources: { url: string; status?: number }[] }).resources
    const fetched = new Map<string, number>()
    for (const r of resources)
      if (r.status !== undefined)
        fetched.set(new URL(r.url).hostname, (fetched.get(new URL(r.url).hostname) ?? 0) + 1)
    const busiest = [...fetched].sort((a, b) => b[1] - a[1])[0]!
    // Enough requests to one origin that a connection per request would show.
    expect(busiest[1]).toBeGreaterThan(ws.value.engagement.net.concurrency)
    for (const [host, n] of fetched) {
      const opened = t.lab.connections(host) - (before.get(host) ?? 0)
      expect(opened, `${host}: ${n} requests`).toBeGreaterThanOrEqual(1)
      expect(opened, `${host}: ${n} requests`).toBeLessThanOrEqual(ws.value.engagement.net.concurrency)
      if (host === busiest[0]) expect(opened, `${host}: ${n} requests`).toBeLessThan(n)
    }
  })
})
