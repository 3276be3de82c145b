import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Workspace } from '../../src/store/workspace'
import type { Run } from '../../src/core/types'
import { hostileWorkspace, startHostile, WEB_CHECKS, type HostileServers } from '../helpers/hostile'

const TOTAL_MS = 3000
const READ_MS = 1500

describe('hostile targets', () => {
  let servers: HostileServers
  let dir: string
  let run: Run
  let peakHeapGrowth = 0

  beforeAll(async () => {
    servers = await startHostile('hostile.test')
    dir = hostileWorkspace(servers, {
      apex: 'hostile.test',
      name: 'Hostile hosts',
      subdomains: ['ok', 'hang', 'drip', 'endless', 'loop'],
      timeouts: { connectMs: 1000, readMs: READ_MS, totalMs: TOTAL_MS },
      maxResponseBytes: 1_000_000,
    })
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    global.gc?.()
    const base = process.memoryUsage().heapUsed
    const sampler = setInterval(
      () => (peakHeapGrowth = Math.max(peakHeapGrowth, process.memoryUsage().heapUsed - base)),
      50,
    )
    try {
      run = await runAudit({
        workspace: ws.value,
        credentials: new MemoryCredentials(),
        selection: { checks: WEB_CHECKS },
      })
    } finally {
      clearInterval(sampler)
    }
  })
  afterAll(async () => {
    await servers.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const resultFor = (fingerprint: string) => run.results.find((r) => r.fingerprint === fingerprint)

  it.each([
    ['hang', 'tls.cert-valid|hang.hostile.test:443', 'TIMEOUT_READ'],
    ['hang', 'tls.https-forced|hang.hostile.test', 'TIMEOUT_READ'],
    ['drip', 'tls.cert-valid|drip.hostile.test:443', 'TIMEOUT_TOTAL'],
    ['drip', 'tls.hsts|drip.hostile.test', 'TIMEOUT_TOTAL'],
    ['endless', 'tls.hsts|endless.hostile.test', 'RESPONSE_TOO_LARGE'],
    ['endless', 'tls.https-forced|endless.hostile.test', 'RESPONSE_TOO_LARGE'],
    ['loop', 'tls.https-forced|loop.hostile.test', 'REDIRECT_LOOP'],
  ])('a %s host becomes an error result with a code (%s)', (_host, fingerprint, code) => {
    expect(resultFor(fingerprint)).toMatchObject({ status: 'error', code })
  })

  it('ends every observation within the configured total timeout plus 10 %', () => {
    const slow = Object.values(run.observations).filter((o) => o.durationMs > TOTAL_MS * 1.1)
    expect(slow.map((o) => `${o.key} ${o.durationMs} ms`)).toEqual([])
    expect(run.timings.probesMs).toBeLessThan(TOTAL_MS * 3)
  })

  it('leaves the well-behaved host unaffected', () => {
    const ok = run.results.filter((r) => r.subject.startsWith('ok.hostile.test'))
    expect(ok.length).toBeGreaterThanOrEqual(6)
    expect(ok.filter((r) => r.status !== 'pass').map((r) => `${r.fingerprint} ${r.outcome}`)).toEqual([])
    expect(resultFor('dns.canonical-host|hostile.test')?.status).toBe('pass')
  })

  it('keeps memory bounded while a host streams an endless body', () => {
    expect(peakHeapGrowth).toBeLessThan(64 * 1024 * 1024)
    const endless = Object.values(run.observations).filter((o) => o.subject.includes('endless'))
    expect(JSON.stringify(endless).length).toBeLessThan(200_000)
  })
})
