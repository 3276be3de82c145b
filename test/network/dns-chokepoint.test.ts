// Issue 7 items 5 and 29: every DNS question passes Network.dns (budget, rate, a transcript line), and a probe
// stopped at its deadline sends nothing more.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterEach, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import { Workspace } from '../../src/store/workspace'

const APEX = 'many.test'
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const SOA: ZoneRecord = {
  name: APEX,
  type: 'SOA',
  data: {
    mname: `ns0.${APEX}`,
    rname: `h.${APEX}`,
    serial: 7,
    refresh: 60,
    retry: 60,
    expire: 600,
    minimum: 60,
  },
}

async function audit(
  server: AuthoritativeDnsServer,
  scope: { maxRequests: number; maxRps: number },
  checks: string[],
  totalMs = 8000,
): Promise<{ run: Run; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-chokepoint-'))
  writeFileSync(
    path.join(dir, 'handover.json'),
    JSON.stringify({
      schema: 'handover.engagement/1',
      name: 'Chokepoint',
      domains: { apex: APEX, www: false },
      scope: { allow: [APEX, `*.${APEX}`], ...scope },
      network: {
        resolver: `127.0.0.1:${server.port}`,
        // Every nameserver of the zone is the same test server.
        connectTo: [`:53:127.0.0.1:${server.port}`],
        timeouts: { connectMs: 400, readMs: 1000, totalMs },
      },
    }),
  )
  const ws = await Workspace.open(dir)
  if (!ws.ok) throw new Error(ws.error.message)
  return {
    run: await runAudit({ workspace: ws.value, credentials: new MemoryCredentials(), selection: { checks } }),
    dir,
  }
}

describe('the DNS chokepoint', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c()
  })

  it('Bug: DNS questions went around the chokepoint (60 NS names → 420 questions under maxRequests 5)', async () => {
    const records: ZoneRecord[] = [
      SOA,
      ...Array.from({ length: 60 }, (_, i): ZoneRecord => ({
        name: APEX,
        type: 'NS',
        data: `ns${i}.${APEX}`,
      })),
      ...Array.from({ length: 60 }, (_, i): ZoneRecord => ({
        name: `ns${i}.${APEX}`,
        type: 'A',
        data: '127.0.0.1',
      })),
    ]
    const server = new AuthoritativeDnsServer({ zones: [APEX], records })
    await server.start()
    cleanup.push(() => server.stop())
    const started = performance.now()
    const { run, dir } = await audit(server, { maxRequests: 5, maxRps: 2 }, ['dns.ns-consistency'])
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const elapsed = performance.now() - started
    // The budget caps the questions the server receives (a truncated UDP answer retried over TCP is one
    // question); the rate spaces them at least 1/maxRps apart.
    const questions = server.log.filter((q) => q.transport === 'udp')
    expect(questions).toHaveLength(5)
    expect(elapsed).toBeGreaterThanOrEqual(((questions.length - 1) * 1000) / 2 - 50)
    const transcript = Object.values(run.observations).flatMap((o) => o.transcript ?? [])
    const asked = transcript.filter(
      (e) => e.kind === 'dns' && / at 127\.0\.0\.1:\d+ \((udp|tcp)/.test(e.detail),
    )
    expect(asked).toHaveLength(questions.length)
    expect(transcript.some((e) => e.code === 'BUDGET_EXHAUSTED')).toBe(true)
  })

  it('Bug: a probe past its deadline was abandoned, not stopped, and kept sending questions', async () => {
    // The resolver drops every question about subdomains: each costs a full timeout, far past the deadline.
    const server = new AuthoritativeDnsServer({
      zones: [APEX],
      records: [SOA, { name: APEX, type: 'A', data: '127.0.0.1' }],
      hook: (q) => (q.name.toLowerCase() === APEX ? undefined : 'drop'),
    })
    await server.start()
    cleanup.push(() => server.stop())
    const { run, dir } = await audit(server, { maxRequests: 3000, maxRps: 1000 }, ['dns.resolves'], 1000)
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const inventory = Object.values(run.observations).find((o) => o.kind === 'dns.inventory')!
    expect(inventory.durationMs).toBeLessThan(2500)
    const afterRun = server.log.length
    await sleep(1500)
    expect(server.log.length - afterRun).toBe(0)
    // What the probe did not ask is marked as stopped, not as an answer about the zone.
    expect(JSON.stringify(inventory)).toMatch(/PROBE_ABORTED/)
  })

  it('keeps the raw DNS client private to src/network/ (lint)', async () => {
    const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '..', '..') })
    const [outside] = await eslint.lintText(
      "import { dnsQuery } from '../network/dns/client'\nexport const ask = dnsQuery\n",
      { filePath: 'src/probes/sneaky.ts' },
    )
    expect(outside!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports')
    const [inside] = await eslint.lintText(
      "import { dnsQuery } from './dns/client'\nexport const ask = dnsQuery\n",
      { filePath: 'src/network/own.ts' },
    )
    expect(inside!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([])
  })
})
