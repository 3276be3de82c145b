// Stages 1, 2 and 5 identity work on the demo lab: run time of the identity checks and the requests they sent,
// beside a naive replay of every endpoint × account (and without credentials) with every known id, no harvesting.
// Run: npm run bench:identity
import { withLab } from './support'
import { IDENTITY_CHECKS } from '../src/checks/identity'
import type { SurfaceFacts } from '../src/probes/identity'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'

await withLab('flawed', async (lab, ws) => {
  const checks = IDENTITY_CHECKS.map((c) => c.id)
  const before = lab.portal.arrivals.length
  const t = performance.now()
  const run = await runAudit({
    workspace: ws,
    credentials: new MemoryCredentials(lab.credentials()),
    selection: { checks },
  })
  const ms = performance.now() - t
  const sent = lab.portal.arrivals.length - before
  const surface = Object.values(run.observations).find((o) => o.kind === 'identity.surface')
    ?.data as SurfaceFacts
  const ids = new Set(Object.values(surface.ids).flatMap((byTemplate) => Object.values(byTemplate).flat()))
  const callers = ws.engagement.accounts.length + 1
  // Naive: every endpoint as every account and anonymously; a template endpoint with every id anyone owns.
  const naive = surface.endpoints
    .filter((e) => e.method === 'GET')
    .reduce((n, e) => n + callers * (e.template.includes('{id}') ? ids.size : 1), 0)
  for (const o of Object.values(run.observations)) console.log(`${o.kind}: ${o.durationMs} ms`)
  console.log(`identity checks (stages 1, 2): ${Math.round(ms)} ms, ${run.results.length} results`)
  console.log(`requests at the lab's API: ${sent} (sign-ins, crawl, own, anonymous, cross-account, logout)`)
  console.log(`naive replay of every endpoint × account with every id: ${naive} requests`)
  console.log(`ratio (ours / naive): ${(sent / naive).toFixed(2)}`)
})
