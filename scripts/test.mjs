#!/usr/bin/env node
// `npm test`: typecheck, lint, format, build, unit + integration tests, then the conformance suites.
// Every step runs even when an earlier one fails, and the summary names each failure.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['cycles', 'npm', ['run', '--silent', 'lint:cycles']],
  ['dead code', 'npm', ['run', '--silent', 'lint:dead']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  ['tests', 'npx', ['vitest', 'run']],
  ['conformance', 'npx', ['tsx', 'scripts/conformance.ts']],
]

const results = []
for (const [name, cmd, args] of steps) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`)
  const started = Date.now()
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  let ok = run.status === 0
  if (name === 'build' && ok) {
    const missing = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].filter(
      (f) => !existsSync(f),
    )
    if (missing.length > 0) {
      console.error(`build did not produce ${missing.join(', ')}`)
      ok = false
    }
  }
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) })
}

console.log('\n=== summary')
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${r.seconds} s`)
const failed = results.filter((r) => !r.ok)
if (failed.length > 0) {
  console.log(`\n${failed.length} step(s) failed: ${failed.map((r) => r.name).join(', ')}`)
  process.exit(1)
}
