// Issue 7 item 22: credentials follow a redirect only within one origin (scheme, host and port).
import http from 'node:http'
import https from 'node:https'
import type net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NetworkSettings } from '../../src/engagement/load'
import { issueLeaf, makeAuthority, newRsaKey } from '../../src/lab/ca'
import { fetchUrl } from '../../src/network/http'
import { Network, Recorder } from '../../src/network/network'
import { Scope } from '../../src/network/scope'

const listen = (s: net.Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)))

describe('credentials on redirects', () => {
  const seen: Record<string, http.IncomingHttpHeaders> = {}
  const servers: net.Server[] = []
  let network: Network

  beforeAll(async () => {
    const ca = makeAuthority('Redirect CA', newRsaKey(2048))
    const id = issueLeaf(ca, newRsaKey(2048), {
      names: ['same.test'],
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
    })
    const routes: Record<string, string> = {
      '/to-http': 'http://same.test/landed-http',
      '/to-port': 'https://same.test:8443/landed-port',
      '/to-path': '/landed-path',
    }
    const handler =
      (scheme: string) =>
      (req: http.IncomingMessage, res: http.ServerResponse): void => {
        seen[`${scheme} ${req.url}`] = req.headers
        const to = routes[req.url ?? '']
        if (to) return void res.writeHead(302, { location: to }).end()
        res.writeHead(200, { 'content-type': 'text/plain' }).end('landed')
      }
    const secure = https.createServer({ key: id.keyPem, cert: id.certPem }, handler('https'))
    const other = https.createServer({ key: id.keyPem, cert: id.certPem }, handler('https:8443'))
    const plain = http.createServer(handler('http'))
    servers.push(secure, other, plain)
    const settings: NetworkSettings = {
      connectTo: [
        `same.test:443:127.0.0.1:${await listen(secure)}`,
        `same.test:8443:127.0.0.1:${await listen(other)}`,
        `same.test:80:127.0.0.1:${await listen(plain)}`,
      ],
      caPem: ca.certPem,
      connectMs: 1000,
      readMs: 1000,
      totalMs: 3000,
      maxResponseBytes: 100_000,
      maxRedirects: 3,
      concurrency: 2,
    }
    network = new Network({ settings, scope: new Scope(['same.test']), maxRequests: 50, maxRps: 100 })
  })
  afterAll(() => {
    for (const s of servers) s.close()
  })

  const credentials = { authorization: 'Bearer sekrit-token-123', cookie: 'session=abc' }

  it('Bug: fetchUrl kept Authorization and Cookie on a same-host https→http redirect', async () => {
    const outcome = await fetchUrl(
      network,
      { url: 'https://same.test/to-http', headers: credentials },
      new Recorder(network.redactor),
    )
    expect(outcome.exchanges.map((e) => e.status)).toEqual([302, 200])
    expect(seen['https /to-http']).toMatchObject(credentials)
    expect(seen['http /landed-http']?.authorization).toBeUndefined()
    expect(seen['http /landed-http']?.cookie).toBeUndefined()
  })

  it('drops them on a change of port too, and keeps them within the origin', async () => {
    const rec = new Recorder(network.redactor)
    await fetchUrl(network, { url: 'https://same.test/to-port', headers: credentials }, rec)
    expect(seen['https:8443 /landed-port']?.authorization).toBeUndefined()
    await fetchUrl(network, { url: 'https://same.test/to-path', headers: credentials }, rec)
    expect(seen['https /landed-path']).toMatchObject(credentials)
  })
})
