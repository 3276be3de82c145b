// The integration checks against the demo lab's provider APIs (src/lab/providers.ts): every planted drift, coverage
// gap and access finding with its check id, the repaired lab passing, staging vs production setting by setting,
// the baseline drift, an out-of-scope API host refused before any request, rate limits, and no token anywhere.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { checkById } from '../../src/checks/registry'
import { evaluateChecks, runAudit } from '../../src/engine/runner'
import { MemoryCredentials, type CredentialStore } from '../../src/keychain/keychain'
import type { UptimeFacts } from '../../src/integrations/types'
import { PROVIDER_HOSTS } from '../../src/lab/providers'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED_INTEGRATIONS } from '../helpers/planted'

const IDS = ['edge.config-drift', 'monitor.coverage', 'handover.access']

let t: TestLab
let ws: Workspace

async function audit(
  credentials: CredentialStore = new MemoryCredentials(t.lab.credentials()),
  w = ws,
): Promise<Run> {
  return runAudit({ workspace: w, credentials, selection: { checks: IDS } })
}

const byPrint = (run: Run): Map<string, CheckResult> => new Map(run.results.map((r) => [r.fingerprint, r]))

beforeAll(async () => {
  t = await startTestLab('flawed')
  const opened = await Workspace.open(t.lab.workspace)
  if (!opened.ok) throw new Error(opened.error.message)
  ws = opened.value
})
afterAll(async () => {
  await t?.stop()
})

describe('the integration checks on the flawed lab', () => {
  let run: Run
  beforeAll(async () => {
    t.lab.setMode('flawed')
    run = await audit()
  })

  it('reports every planted finding with its check id and outcome', () => {
    const got = byPrint(run)
    for (const { fingerprint, outcome, status } of PLANTED_INTEGRATIONS)
      expect({
        fingerprint,
        outcome: got.get(fingerprint)?.outcome,
        status: got.get(fingerprint)?.status,
      }).toEqual({
        fingerprint,
        outcome,
        status,
      })
    // Production is sound; only staging drifted.
    expect(got.get('edge.config-drift|acme.test')?.outcome).toBe('settings-safe')
  })

  it('lists what staging has that production lacks, setting by setting', () => {
    const differ = byPrint(run).get('edge.config-drift|staging vs production')!
    expect(differ.evidence.map((e) => [e.label, e.value])).toEqual([
      ['Always Use HTTPS', 'production on · staging off'],
      ['Cache rule on /api/*', 'production none · staging caches at the edge'],
      ['Minimum TLS version', 'production 1.2 · staging 1.0'],
      ['Rate limit on /api/login /login', 'production 10 requests per 60 s, then block · staging none'],
    ])
    const unsafe = byPrint(run).get('edge.config-drift|acme-staging.test')!
    expect(unsafe.evidence.map((e) => e.label)).toEqual([
      'Always Use HTTPS',
      'Minimum TLS version',
      'Rate limit on /login',
      'Cache rule on /api/*',
    ])
  })

  it('names the former contractor among the administrators, for a person to attest', () => {
    const cf = byPrint(run).get('handover.access|Cloudflare account Acme Ltd')!
    expect(cf.summary).toMatch(/dev@pixelforge-studio\.test/)
    expect(cf.evidence[0]).toMatchObject({
      label: 'dev@pixelforge-studio.test (Jordan Pixel)',
      value: 'Administrator; two-factor authentication off; not on the team list',
    })
    expect(byPrint(run).get('handover.access|GitHub acme/portal')!.summary).toMatch(/pixelforge-jordan/)
  })

  it('follows every provider’s pagination (the lab serves two items a page)', () => {
    const robot = Object.values(run.observations).find(
      (o) => o.kind === 'uptime.monitors' && o.subject === 'uptimerobot',
    )
    const data = robot!.data as UptimeFacts
    expect(data.monitors).toHaveLength(4)
    expect(data.responses.map((r) => r.status)).toEqual([200, 200])
  })

  it('keeps no token, and no alert webhook address, in the stored run', () => {
    const text = readFileSync(path.join(ws.dir, 'runs', `${run.id}.json`), 'utf8')
    for (const token of Object.values(t.lab.providers.tokens)) expect(text).not.toContain(token)
    expect(text).not.toContain('hooks.slack.com/services')
    expect(text).toContain('[redacted URL at hooks.slack.com]')
    // Every API answer is kept (redacted), so the run can be judged again offline.
    const zone = Object.values(run.observations).find((o) => o.kind === 'edge.zone')!
    expect((zone.data as { responses: unknown[] }).responses.length).toBeGreaterThan(5)
  })

  it('re-evaluates the stored run offline to the same results', async () => {
    const stored = await ws.loadRun(run.id)
    if (!stored.ok) throw new Error(stored.error.message)
    await t.lab.providers.stop()
    try {
      const again = await evaluateChecks(
        IDS.map((id) => checkById(id)!),
        stored.value.observations,
        {
          engagement: ws.engagement,
          now: new Date(stored.value.startedAt),
          attestations: stored.value.attestations,
        },
      )
      expect(again).toEqual(stored.value.results)
    } finally {
      await t.lab.providers.start()
    }
  })
})

describe('the integration checks on the repaired lab', () => {
  it('passes every automated result; the access lists wait for a person', async () => {
    t.lab.setMode('fixed')
    const run = await audit()
    const bad = run.results.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error')
    expect(bad.map((r) => `${r.fingerprint} ${r.outcome}`)).toEqual([])
    expect(run.results.filter((r) => r.check === 'handover.access').map((r) => r.outcome)).toEqual([
      'awaiting',
      'awaiting',
    ])
  })

  it('reports the drift since the accepted baseline once the lab is broken again', async () => {
    t.lab.setMode('fixed')
    const base = await audit()
    expect((await ws.setBaseline(base.id)).ok).toBe(true)
    t.lab.setMode('flawed')
    const later = byPrint(await audit())
    const drift = later.get('edge.config-drift|acme-staging.test since the baseline')!
    expect(drift.outcome).toBe('drifted-from-baseline')
    expect(drift.evidence.map((e) => `${e.label}: ${e.value}`)).toEqual(
      expect.arrayContaining([
        'Always Use HTTPS: baseline on · now off',
        'Minimum TLS version: baseline 1.2 · now 1.0',
      ]),
    )
    t.lab.setMode('fixed')
    expect(
      byPrint(await audit()).get('edge.config-drift|acme-staging.test since the baseline')?.outcome,
    ).toBe('matches-baseline')
  })
})

describe('provider API safety', () => {
  it('refuses an API host outside scope.allow before any request, and never reads its token', async () => {
    t.lab.setMode('flawed')
    const file = path.join(ws.dir, 'handover.json')
    const original = readFileSync(file, 'utf8')
    const engagement = JSON.parse(original) as { scope: { allow: string[] } }
    engagement.scope.allow = engagement.scope.allow.filter((h) => h !== PROVIDER_HOSTS.cloudflare)
    writeFileSync(file, JSON.stringify(engagement))
    try {
      const narrowed = await Workspace.open(ws.dir)
      if (!narrowed.ok) throw new Error(narrowed.error.message)
      const before = t.lab.providers.requests.get(PROVIDER_HOSTS.cloudflare) ?? 0
      const asked: string[] = []
      const inner = new MemoryCredentials(t.lab.credentials())
      const watching: CredentialStore = {
        description: 'watching',
        get: (name) => (asked.push(name), inner.get(name)),
        set: (n, v) => inner.set(n, v),
        delete: (n) => inner.delete(n),
        list: () => inner.list(),
      }
      const run = await audit(watching, narrowed.value)
      expect(t.lab.providers.requests.get(PROVIDER_HOSTS.cloudflare) ?? 0).toBe(before)
      expect(asked).not.toContain('cloudflare-api-token')
      const edge = run.results.filter((r) => r.check === 'edge.config-drift' && r.status === 'error')
      expect(edge.map((r) => [r.subject, r.code])).toEqual([
        ['acme.test', 'PROVIDER_OUT_OF_SCOPE'],
        ['acme-staging.test', 'PROVIDER_OUT_OF_SCOPE'],
      ])
      expect(edge[0]!.summary).toMatch(/api\.cloudflare\.com is not in scope\.allow/)
      const zone = Object.values(run.observations).find((o) => o.kind === 'edge.zone')!
      expect(zone.transcript?.map((e) => e.kind)).toEqual(['refused'])
      // The other providers are in scope and were read.
      expect(run.results.some((r) => r.check === 'monitor.coverage' && r.status === 'pass')).toBe(true)
    } finally {
      writeFileSync(file, original)
    }
  })

  it('waits out a rate-limit answer, and says so when the provider keeps refusing', async () => {
    t.lab.setMode('fixed')
    t.lab.providers.throttle(1)
    const once = await runAudit({
      workspace: ws,
      credentials: new MemoryCredentials(t.lab.credentials()),
      selection: { checks: ['monitor.coverage'] },
    })
    expect(once.results.filter((r) => r.status !== 'pass')).toEqual([])
    const statuses = Object.values(once.observations).flatMap((o) =>
      ((o.data as UptimeFacts | undefined)?.responses ?? []).map((r) => [r.status, r.retryAfter]),
    )
    expect(statuses).toContainEqual([429, 1])

    t.lab.providers.throttle(1000)
    try {
      const limited = await runAudit({
        workspace: ws,
        credentials: new MemoryCredentials(t.lab.credentials()),
        selection: { checks: ['monitor.coverage'] },
      })
      expect(new Set(limited.results.map((r) => r.code))).toEqual(new Set(['PROVIDER_RATE_LIMITED']))
    } finally {
      t.lab.providers.throttle(0)
    }
  })

  it('reports a refused token as an error with its code, never the token', async () => {
    t.lab.setMode('fixed')
    const wrong = new MemoryCredentials({
      ...t.lab.credentials(),
      'github-token': 'ghp_not-the-real-token-000000000000000',
    })
    const run = await audit(wrong)
    const gh = run.results.find((r) => r.check === 'handover.access' && r.subject === 'github:acme/portal')!
    expect([gh.status, gh.code]).toEqual(['error', 'PROVIDER_AUTH'])
    const text = readFileSync(path.join(ws.dir, 'runs', `${run.id}.json`), 'utf8')
    expect(text).not.toContain('ghp_not-the-real-token-000000000000000')
  })
})
