// Issue 7 item 1: an exception inside a listener of the network layer (here: reading the facts of a finished
// handshake) ends as that probe's coded error; the run and the process go on.
import https from 'node:https'
import type net from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { issueLeaf, makeAuthority, newRsaKey } from '../../src/lab/ca'
import { Network, Recorder } from '../../src/network/network'
import { Scope } from '../../src/network/scope'
import type { NetworkSettings } from '../../src/engagement/load'
import type * as Certificate from '../../src/network/certificate'

vi.mock('../../src/network/certificate', async (original) => ({
  ...(await original<typeof Certificate>()),
  tlsFacts: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'replace')")
  },
}))

describe('an exception inside a socket listener', () => {
  let server: https.Server
  let port = 0
  beforeAll(async () => {
    const ca = makeAuthority('Crash CA', newRsaKey(2048))
    const id = issueLeaf(ca, newRsaKey(2048), {
      names: ['crash.test'],
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
    })
    server = https.createServer({ key: id.keyPem, cert: id.certPem }, (_q, r) => r.end('ok'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    port = (server.address() as net.AddressInfo).port
  })
  afterAll(() => void server.close())

  it("Bug: a throw in the secureConnect listener killed the process; now it is the connection's NETWORK_INTERNAL", async () => {
    const uncaught = vi.fn()
    process.on('uncaughtException', uncaught)
    try {
      const settings: NetworkSettings = {
        connectTo: [`crash.test:443:127.0.0.1:${port}`],
        connectMs: 1000,
        readMs: 1000,
        totalMs: 3000,
        maxResponseBytes: 100_000,
        maxRedirects: 0,
        concurrency: 2,
      }
      const network = new Network({
        settings,
        scope: new Scope(['crash.test']),
        maxRequests: 10,
        maxRps: 100,
      })
      const rec = new Recorder(network.redactor)
      const conn = await network.connect('crash.test', 443, rec, { tls: true, deadline: network.deadline() })
      expect(conn).toMatchObject({ ok: false, error: { code: 'NETWORK_INTERNAL' } })
      expect(rec.entries.at(-1)).toMatchObject({ kind: 'tls', code: 'NETWORK_INTERNAL' })
      // The network layer still works afterwards.
      const again = await network.connect('crash.test', 443, rec, { deadline: network.deadline() })
      expect(again.ok).toBe(true)
      if (again.ok) again.value.socket.destroy()
      expect(uncaught).not.toHaveBeenCalled()
    } finally {
      process.off('uncaughtException', uncaught)
    }
  })
})
