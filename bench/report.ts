// Time to build and sign the demo sprint's handover pack, and its size. Run: npm run bench:report
// Prints the first (cold: fonts parsed, code compiled) and the median warm figure; target < 1.5 s and < 1 MB.
import { withLab } from './support'
import path from 'node:path'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'
import { reportModel, writeSignedPack } from '../src/report/pack'
import { ensureIdentity } from '../src/report/sign/identity'

await withLab('flawed', async (lab, ws, dir) => {
  await runAudit({ workspace: ws, credentials: new MemoryCredentials(lab.credentials()) })
  const t0 = performance.now()
  const identity = await ensureIdentity({
    dir: path.join(dir, 'identity'),
    name: 'Bench Consultant',
    credentials: new MemoryCredentials(),
  })
  if (!identity.ok) throw new Error(identity.error.message)
  const identityMs = performance.now() - t0
  const samples: { total: number; model: number; render: number; sign: number; bytes: number }[] = []
  for (let i = 0; i < 6; i++) {
    const t = performance.now()
    const built = await reportModel(ws)
    if (!built.ok) throw new Error(built.error.message)
    const modelMs = performance.now() - t
    const pack = await writeSignedPack(built.value.model, identity.value, {
      pdf: path.join(dir, `pack-${i}.pdf`),
    })
    if (!pack.ok) throw new Error(pack.error.message)
    samples.push({
      total: performance.now() - t,
      model: modelMs,
      render: pack.value.renderMs,
      sign: pack.value.signMs,
      bytes: pack.value.bytes,
    })
  }
  const cold = samples[0]!
  const warm = samples.slice(1).sort((a, b) => a.total - b.total)[2]!
  const fmt = (s: typeof cold): string =>
    `${(s.total / 1000).toFixed(2)} s (model ${s.model.toFixed(0)} ms, render ${s.render} ms, sign ${s.sign} ms)`
  console.log(
    `signing identity created once in ${(identityMs / 1000).toFixed(2)} s (two RSA-3072 keys; reused afterwards)`,
  )
  console.log(`build + sign, first in this process: ${fmt(cold)}`)
  console.log(`build + sign, median of 5 more:      ${fmt(warm)}`)
  console.log(
    `size: ${(cold.bytes / 1024).toFixed(0)} KB for ${ws.engagement.hosts.length} hosts and ${(await ws.loadRun('latest')).ok ? 'one full run' : '?'}`,
  )
  console.log(
    `figure: ${(cold.total / 1000).toFixed(2)} s cold / ${(warm.total / 1000).toFixed(2)} s warm, ${(cold.bytes / 1024).toFixed(0)} KB (targets: 1.5 s, 1024 KB)`,
  )
})
