// Issue 9 item 1: HTTP on undici under the network layer. A burst to one origin shares kept-alive connections,
// at most network.concurrency of them, each request spends one slot of the budget, and nothing leaves scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchUrl, HttpPool } from '../../src/network/http'
import { networkFor, Recorder } from '../../src/network/network'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'

describe('HTTP on kept-alive undici connections', () => {
  let t: TestLab
  beforeAll(async () => {
    t = await startTestLab('fixed')
  })
  afterAll(() => t.stop())

  it('opens at most network.concurrency connections for a burst of 200 requests to one origin', async () => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const network = networkFor(ws.value.engagement)
    const rec = new Recorder(network.redactor)
    const pool = new HttpPool(network, rec)
    const before = t.lab.connections('api.acme.test')
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, () =>
          fetchUrl(network, { url: 'https://api.acme.test/health', pool }, rec),
        ),
      )
      expect(outcomes.map((o) => o.error?.code ?? o.exchanges.at(-1)?.status)).toEqual(Array(200).fill(200))
      const opened = t.lab.connections('api.acme.test') - before
      expect(opened).toBeGreaterThanOrEqual(1)
      expect(opened).toBeLessThanOrEqual(ws.value.engagement.net.concurrency)
      expect(pool.opened).toBe(opened)
      // The budget is spent per request, not per connection.
      expect(network.limiter.used).toBe(200)
      const timings = outcomes.map((o) => o.exchanges[0]!.timing!)
      expect(timings.filter((x) => !x.reused)).toHaveLength(opened)
      for (const x of timings.filter((x) => !x.reused)) {
        expect(x.connectMs).toBeGreaterThanOrEqual(0)
        expect(x.tlsMs).toBeGreaterThan(0)
      }
      for (const x of timings) expect(x.totalMs).toBeGreaterThanOrEqual(x.ttfbMs)
    } finally {
      await pool.close()
    }
  })

  it('sends nothing out of scope in a burst that mixes in-scope and outside URLs', async () => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const network = networkFor(ws.value.engagement)
    const rec = new Recorder(network.redactor)
    const pool = new HttpPool(network, rec)
    try {
      const urls = Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? 'https://sentinel.outside.test/'
          : i % 3 === 1
            ? 'https://help.acme.test/'
            : 'http://sentinel.outside.test/',
      )
      const outcomes = await Promise.all(urls.map((url) => fetchUrl(network, { url, pool }, rec)))
      outcomes.forEach((o, i) => {
        if (urls[i]!.includes('sentinel')) expect(o.error?.code).toBe('OUT_OF_SCOPE')
        // help.acme.test redirects to the sentinel: seen, refused, not followed.
        else expect(o.refusedRedirect?.code).toBe('OUT_OF_SCOPE')
      })
      for (const o of outcomes)
        for (const e of o.exchanges) expect(new URL(e.url).hostname).toMatch(/\.acme\.test$/)
      expect(network.limiter.used).toBe(20)
      expect(t.lab.sentinel.connections).toBe(0)
    } finally {
      await pool.close()
    }
  })
})
