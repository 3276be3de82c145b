// How long the DNS and mail part of stage 4 takes on the demo lab (target: under 2 s). Run: npm run bench:dns
import { withLab } from './support'
import { CHECKS } from '../src/checks/registry'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'

await withLab('flawed', async (lab, ws) => {
  // The DNS and mail checks of stage 4; dns.canonical-host is an HTTP check and stays out.
  const checks = CHECKS.filter(
    (c) =>
      c.stage === 4 &&
      c.mode !== 'manual' &&
      (c.id.startsWith('mail.') || (c.id.startsWith('dns.') && c.id !== 'dns.canonical-host')),
  ).map((c) => c.id)
  const times: Record<'flawed' | 'fixed', number[]> = { flawed: [], fixed: [] }
  let probes: string[] = []
  for (const mode of ['flawed', 'fixed', 'flawed', 'fixed', 'flawed', 'fixed'] as const) {
    lab.setMode(mode)
    const t = performance.now()
    const run = await runAudit({
      workspace: ws,
      credentials: new MemoryCredentials(),
      selection: { checks },
    })
    times[mode].push(performance.now() - t)
    if (mode === 'flawed') probes = Object.values(run.observations).map((o) => `${o.key} ${o.durationMs} ms`)
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!
  console.log(`checks: ${checks.join(', ')}`)
  console.log(`probes (flawed lab): ${probes.join('; ')}`)
  console.log(
    '(the flawed lab includes a stale address that never answers: its connect timeout, 1 s in the lab, bounds the run)',
  )
  const worst = Math.max(median(times.flawed), median(times.fixed))
  console.log(
    `DNS and mail part of stage 4 on the lab: median ${(median(times.flawed) / 1000).toFixed(2)} s flawed, ${(median(times.fixed) / 1000).toFixed(2)} s fixed, over 3 runs each (target < 2 s)`,
  )
  process.exitCode = worst < 2000 ? 0 : 1
})
