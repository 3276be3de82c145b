// Runs the MDN HTTP Observatory's own scanner (src/scanner/index.js) on lab hosts, in a child process started with
// NODE_EXTRA_CA_CERTS=<lab CA>. Its retriever only knows ports 80 and 443 and the system resolver, so every socket
// this process opens is routed here: `host:port` of the lab's connect-to rules goes to 127.0.0.1 and the lab's port
// (SNI, Host and the certificate check keep the host name); anything else is refused and recorded, and the parent
// fails the benchmark when the list is not empty.
//
//   node bench/peers/observatory-driver.mjs OBSERVATORY_DIR '{"hosts":["app.acme.test"],"connectTo":{"app.acme.test:443":44321}}'
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import path from 'node:path'

const [dir, spec] = process.argv.slice(2)
const { hosts, connectTo } = JSON.parse(spec)
const refused = []

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  // net.connect and tls.connect hand over either a normalized [options, cb] array or an options object.
  const options = Array.isArray(args[0]) ? args[0][0] : args[0]
  if (options && typeof options === 'object' && !options.path) {
    const target = `${options.host ?? 'localhost'}:${options.port}`
    const port = connectTo[target]
    if (port === undefined) {
      refused.push(target)
      options.host = '127.0.0.1'
      options.port = 9 // discard: nothing listens, the connection is refused locally
    } else {
      options.host = '127.0.0.1'
      options.port = port
    }
  }
  return connect.apply(this, args)
}

const { scan } = await import(pathToFileURL(path.join(dir, 'src', 'scanner', 'index.js')).href)
const results = []
for (const host of hosts) {
  const started = performance.now()
  try {
    const r = await scan(host)
    const tests = Object.fromEntries(
      Object.entries(r.tests).map(([name, t]) => [
        name,
        { pass: t.pass, result: t.result, data: t.data ?? null },
      ]),
    )
    results.push({ host, ms: performance.now() - started, grade: r.scan.grade, score: r.scan.score, tests })
  } catch (err) {
    results.push({
      host,
      ms: performance.now() - started,
      error: err instanceof Error ? err.message : String(err),
    })
  }
}
process.stdout.write(JSON.stringify({ results, refused }))
