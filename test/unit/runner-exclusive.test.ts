// An exclusive probe (the latency sampler) runs alone, after every other probe: its measurement must not take in
// the CPU and sockets of probes working beside it in the same process.
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ok } from '../../src/core/result'
import { SessionCache } from '../../src/auth/sessions'
import { parseEngagement } from '../../src/engagement/load'
import { runProbes } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { networkFor } from '../../src/network/network'
import { PROBES } from '../../src/probes'
import { monitorLatency } from '../../src/probes/monitor-latency'
import { request, type ProbeKind } from '../../src/probes/probe'

describe('exclusive probes', () => {
  it('runs the latency sampler alone, once every other probe has finished', async () => {
    expect(monitorLatency.exclusive).toBe(true)
    let running = 0
    const log: { kind: string; beside: number; at: 'start' | 'end' }[] = []
    const fake = (kind: string, exclusive: boolean): ProbeKind<{ n: number }, number> => ({
      kind,
      subject: ({ n }) => String(n),
      exclusive,
      async run({ n }) {
        log.push({ kind, beside: running, at: 'start' })
        running++
        await new Promise((r) => setTimeout(r, 5 + (n % 3) * 5))
        running--
        log.push({ kind, beside: running, at: 'end' })
        return ok(n)
      },
    })
    const registry = PROBES as Map<string, ProbeKind<never, unknown>>
    registry.set('test.busy', fake('test.busy', false) as ProbeKind<never, unknown>)
    registry.set('test.alone', fake('test.alone', true) as ProbeKind<never, unknown>)
    try {
      const loaded = await parseEngagement(
        JSON.stringify({
          schema: 'handover.engagement/1',
          name: 'exclusive',
          domains: { apex: 'acme.test' },
          scope: { allow: ['acme.test', 'www.acme.test'] },
        }),
        path.join(os.tmpdir(), 'handover.json'),
      )
      if (!loaded.ok) throw new Error(loaded.error.message)
      const engagement = loaded.value
      const network = networkFor(engagement)
      const credentials = new MemoryCredentials()
      const plan = [
        request('test.alone', '1', { n: 1 }),
        ...[2, 3, 4, 5, 6, 7].map((n) => request('test.busy', String(n), { n })),
        request('test.alone', '8', { n: 8 }),
      ]
      const env = {
        network,
        engagement,
        credentials,
        sessions: new SessionCache(network, engagement, credentials),
        workspace: os.tmpdir(),
      }
      const observations = await runProbes(plan, env, {})
      // The stored order is the plan's, whatever order they ran in.
      expect(Object.keys(observations)).toEqual(plan.map((r) => r.key))
      expect(Object.values(observations).map((o) => o.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      const busy = log.filter((e) => e.kind === 'test.busy')
      // The others still ran side by side...
      expect(Math.max(...busy.map((e) => e.beside))).toBeGreaterThan(0)
      // ...and each exclusive probe started after the last of them ended, with nothing beside it.
      const lastBusyEnd = log.findLastIndex((e) => e.kind === 'test.busy' && e.at === 'end')
      const alone = log.map((e, i) => ({ ...e, i })).filter((e) => e.kind === 'test.alone')
      expect(alone).toHaveLength(4)
      for (const e of alone) {
        expect(e.i).toBeGreaterThan(lastBusyEnd)
        expect(e.beside).toBe(0)
      }
    } finally {
      registry.delete('test.busy')
      registry.delete('test.alone')
    }
  })
})
