// Latency accuracy: a fixture on 127.0.0.1 answers after delays of a known distribution (the flawed demo lab's:
// 90 % on 30–150 ms, a 10 % tail on 350–1000 ms), one planned delay per arriving request. Our sampler and
// autocannon (9.0.0, installed under bench/.peers, outside our dependencies) each sample it at the engagement's
// default size; both are compared with the ground truth, the planned delays of the very requests they counted.
// Also printed: the sampler's own time per request outside the timed exchange, and the connections it opened.
// Goal: our p50/p95/p99 within 5 % (or 5 ms) of the truth; overhead under 1 ms; connections ≤ network.concurrency.
//
//   npx tsx bench/latency-accuracy.ts        (exit 1 when a goal is missed)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type net from 'node:net'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parseEngagement } from '../src/engagement/load'
import { delayCycle } from '../src/lab/monitoring'
import { percentiles, type Percentiles } from '../src/monitoring/latency'
import { networkFor, Recorder } from '../src/network/network'
import { sampleLatency } from '../src/probes/monitor-latency'

const ROOT = path.resolve(import.meta.dirname, '..')
const PEERS = path.join(ROOT, 'bench', '.peers')
const AUTOCANNON = path.join(PEERS, 'node_modules', 'autocannon')

function ensureAutocannon(): void {
  if (existsSync(path.join(AUTOCANNON, 'package.json'))) return
  mkdirSync(PEERS, { recursive: true })
  if (!existsSync(path.join(PEERS, 'package.json')))
    writeFileSync(path.join(PEERS, 'package.json'), '{ "name": "handover-bench-peers", "private": true }\n')
  console.log('Installing autocannon 9.0.0 into bench/.peers …')
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'autocannon@9.0.0'], {
    cwd: PEERS,
    stdio: 'inherit',
  })
}

/** The fixture: every arriving request takes the next planned delay of the cycle; which one is recorded. */
class Fixture {
  readonly cycle = delayCycle('flawed')
  /** Planned delay of every request, in arrival order. */
  planned: number[] = []
  /** Time the server actually took for each (arrival to the last byte written): the ground truth. */
  served: number[] = []
  connections = 0
  readonly server = http.createServer((req, res) => {
    const arrived = performance.now()
    const i = this.planned.length
    const delay = this.cycle[i % this.cycle.length]!
    this.planned.push(delay)
    req.resume()
    setTimeout(() => {
      const body = '{"projects":[{"id":"p-101"},{"id":"p-102"}]}'
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body, () => (this.served[i] = performance.now() - arrived))
    }, delay)
  })
  port = 0

  async start(): Promise<void> {
    this.server.keepAliveTimeout = 30_000
    this.server.on('connection', () => this.connections++)
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
  }

  reset(): void {
    this.planned = []
    this.served = []
    this.connections = 0
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }
}

interface Row {
  who: string
  p: Percentiles
  truth: Percentiles
  planned: Percentiles
}

const KEYS = ['p50', 'p95', 'p99'] as const
const within = (ours: number, truth: number): boolean => Math.abs(ours - truth) <= Math.max(5, 0.05 * truth)

async function main(): Promise<void> {
  ensureAutocannon()
  const fixture = new Fixture()
  await fixture.start()
  const file = path.join(ROOT, 'bench', 'latency-accuracy.handover.json')
  const engagement = await parseEngagement(
    JSON.stringify({
      schema: 'handover.engagement/1',
      name: 'latency accuracy bench',
      monitoring: { coreReads: ['http://bench.acme.test/api/projects'] },
      scope: { allow: ['bench.acme.test'], maxRps: 10_000, maxRequests: 100_000 },
      network: { connectTo: [`bench.acme.test:80:127.0.0.1:${fixture.port}`] },
    }),
    file,
  )
  if (!engagement.ok) throw new Error(engagement.error.message)
  const e = engagement.value
  const samples = e.monitoring!.samples
  const concurrency = e.net.concurrency
  const rows: Row[] = []
  try {
    // Ours: the engagement's defaults (samples, concurrency); the rate is opened up to measure overhead alone.
    const network = networkFor(e)
    const rec = new Recorder(network.redactor)
    const overhead: number[] = []
    const ours = await sampleLatency(network, rec, {
      url: e.monitoring!.coreReads[0]!,
      samples,
      deadline: Date.now() + 120_000,
      onSample: (wallMs, timing) => {
        if (timing) overhead.push(wallMs - timing.totalMs - (timing.waitMs ?? 0))
      },
    })
    rows.push({
      who: 'handover',
      p: percentiles(ours.samplesMs),
      truth: percentiles(fixture.served.slice(ours.warmup)),
      planned: percentiles(fixture.planned.slice(ours.warmup)),
    })
    const oursConnections = fixture.connections

    // autocannon: the same number of requests and connections, one request at a time on each.
    fixture.reset()
    // Loaded by path from bench/.peers: it is a peer, not one of our dependencies.
    const autocannon = createRequire(import.meta.url)(AUTOCANNON) as (
      opts: Record<string, unknown>,
    ) => Promise<unknown> & {
      on(event: 'response', fn: (c: unknown, status: number, bytes: number, ms: number) => void): void
    }
    const times: number[] = []
    const instance = autocannon({
      url: `http://127.0.0.1:${fixture.port}/api/projects`,
      connections: concurrency,
      amount: samples,
      pipelining: 1,
    })
    instance.on('response', (_c, _status, _bytes, ms) => times.push(ms))
    await instance
    rows.push({
      who: 'autocannon',
      p: percentiles(times),
      truth: percentiles(fixture.served),
      planned: percentiles(fixture.planned),
    })

    const pad = (s: string, n: number): string => s.padEnd(n)
    console.log(
      `Fixture: the flawed lab's core-read delays, ${samples} samples, ${concurrency} connections; truth = the server's own time for the counted requests`,
    )
    const plan = rows[0]!.planned
    console.log(
      `Planned delays of those requests: p50 ${plan.p50.toFixed(1)}, p95 ${plan.p95.toFixed(1)}, p99 ${plan.p99.toFixed(1)} ms`,
    )
    console.log(`${pad('', 12)}${KEYS.map((k) => pad(`${k} ours/truth (error)`, 30)).join('')}`)
    let failed = false
    for (const r of rows) {
      const cells = KEYS.map((k) => {
        const err = r.p[k] - r.truth[k]
        const ok = within(r.p[k], r.truth[k])
        if (r.who === 'handover' && !ok) failed = true
        return pad(
          `${r.p[k].toFixed(1)}/${r.truth[k].toFixed(1)} (${err >= 0 ? '+' : ''}${err.toFixed(1)} ms, ${((100 * err) / r.truth[k]).toFixed(1)} %)${ok ? '' : ' !'}`,
          30,
        )
      })
      console.log(`${pad(r.who, 12)}${cells.join('')}`)
    }
    const mean = overhead.reduce((a, b) => a + b, 0) / Math.max(1, overhead.length)
    const o = percentiles(overhead)
    console.log(
      `Sampler overhead outside the timed exchange (rate and connection waits apart): mean ${mean.toFixed(3)} ms, median ${o.p50.toFixed(3)} ms, p99 ${o.p99.toFixed(3)} ms per request (goal: mean < 1 ms)`,
    )
    console.log(
      `Connections opened by ${ours.warmup} warm-up + ${samples} samples: ${oursConnections} (network.concurrency ${concurrency})`,
    )
    const worst = (who: string): number => {
      const r = rows.find((x) => x.who === who)!
      return Math.max(...KEYS.map((k) => Math.abs(r.p[k] - r.truth[k])))
    }
    console.log(
      `Figure: worst percentile error vs ground truth — handover ${worst('handover').toFixed(1)} ms, autocannon ${worst('autocannon').toFixed(1)} ms`,
    )
    if (mean >= 1 || oursConnections > concurrency) failed = true
    if (failed) {
      console.error('A goal was missed (marked !, overhead ≥ 1 ms or too many connections).')
      process.exitCode = 1
    }
  } finally {
    await fixture.stop()
  }
}

await main()
