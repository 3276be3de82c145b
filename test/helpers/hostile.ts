// Hostile hosts for tests: silent, dripping, endless and looping servers on port 0.
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { issueLeaf, makeAuthority, newRsaKey } from '../../src/lab/ca'

export interface HostileServers {
  caPem: string
  /** host name → { https, http } ports */
  ports: Record<string, { https: number; http: number }>
  stop(): Promise<void>
}

const listen = (s: net.Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)))

/** A TLS record header that promises 16 KB, then one byte a second: a handshake that never completes. */
const TLS_DRIP = Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0x3f, 0xff, 0x02]), Buffer.alloc(64, 0x41)])
const HTTP_DRIP = Buffer.from(`HTTP/1.1 200 OK\r\nX-Drip: ${'a'.repeat(200)}`)

function dripper(bytes: Buffer): net.Server {
  return net.createServer((socket) => {
    let i = 0
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer)
      socket.write(bytes.subarray(i % bytes.length, (i % bytes.length) + 1))
      i++
    }, 1000)
    socket.on('close', () => clearInterval(timer))
    socket.on('error', () => clearInterval(timer))
  })
}

/** Starts ok, hang, drip, endless and loop hosts of `apex`. */
export async function startHostile(apex: string): Promise<HostileServers> {
  const ca = makeAuthority('Hostile Test CA', newRsaKey(2048))
  const key = newRsaKey(2048)
  const names = ['ok', 'endless', 'loop'].map((h) => `${h}.${apex}`).concat(apex)
  const id = issueLeaf(ca, key, {
    names,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 80 * 86_400_000),
  })
  const servers: net.Server[] = []
  const ports: HostileServers['ports'] = {}
  const hsts = { 'strict-transport-security': 'max-age=31536000' }
  const ok =
    (secure: boolean) =>
    (req: http.IncomingMessage, res: http.ServerResponse): void => {
      if (!secure) return void res.writeHead(301, { location: `https://${req.headers.host}${req.url}` }).end()
      res.writeHead(200, { 'content-type': 'text/html', ...hsts }).end('<h1>fine</h1>')
    }
  const endless = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...hsts })
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk)) {
        /* keep writing until the socket pushes back */
      }
      if (!res.destroyed) res.once('drain', pump)
    }
    req.socket.on('error', () => undefined)
    pump()
  }
  const loop = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(302, { location: req.url === '/a' ? '/' : '/a', ...hsts }).end()
  }
  const pair = async (name: string, secure: net.Server, plain: net.Server): Promise<void> => {
    for (const s of [secure, plain]) {
      s.on('error', () => undefined)
      servers.push(s)
    }
    ports[name] = { https: await listen(secure), http: await listen(plain) }
  }
  const tls = { key: id.keyPem, cert: id.certPem }
  await pair(`ok.${apex}`, https.createServer(tls, ok(true)), http.createServer(ok(false)))
  await pair(apex, https.createServer(tls, ok(true)), http.createServer(ok(false)))
  await pair(`endless.${apex}`, https.createServer(tls, endless), http.createServer(endless))
  await pair(`loop.${apex}`, https.createServer(tls, loop), http.createServer(loop))
  await pair(
    `hang.${apex}`,
    net.createServer(() => undefined),
    net.createServer(() => undefined),
  )
  await pair(`drip.${apex}`, dripper(TLS_DRIP), dripper(HTTP_DRIP))
  return {
    caPem: ca.certPem,
    ports,
    async stop() {
      for (const s of servers) {
        ;(s as http.Server).closeAllConnections?.()
        s.close()
      }
    },
  }
}

/** A workspace in a temp folder whose engagement routes `subdomains` of the apex to these servers. */
export function hostileWorkspace(
  servers: HostileServers,
  options: {
    apex: string
    name: string
    subdomains: string[]
    timeouts: { connectMs: number; readMs: number; totalMs: number }
    maxResponseBytes?: number
  },
): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-hostile-'))
  writeFileSync(path.join(dir, 'ca.pem'), servers.caPem)
  const connectTo = Object.entries(servers.ports).flatMap(([host, p]) => [
    `${host}:443:127.0.0.1:${p.https}`,
    `${host}:80:127.0.0.1:${p.http}`,
  ])
  writeFileSync(
    path.join(dir, 'handover.json'),
    JSON.stringify({
      schema: 'handover.engagement/1',
      name: options.name,
      domains: { apex: options.apex, www: false, subdomains: options.subdomains },
      scope: { allow: [options.apex, `*.${options.apex}`], maxRps: 1000 },
      network: {
        connectTo,
        caFile: 'ca.pem',
        timeouts: options.timeouts,
        ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
      },
    }),
  )
  return dir
}

/** The web checks only: hostile hosts have no DNS server of their own, and no test asks the system resolver. */
export const WEB_CHECKS = [
  'tls.https-forced',
  'tls.cert-valid',
  'tls.cert-expiry',
  'tls.auto-renew',
  'tls.protocols',
  'tls.hsts',
  'dns.canonical-host',
]
