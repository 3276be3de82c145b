#!/usr/bin/env node
// `npm test`: typecheck, lint, format, build, unit + integration tests, then the conformance suites.
// Every step runs even when an earlier one fails, and the summary names each failure.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

// The tests also write a JSON report, so that the summary (the tail a CI log keeps) names each failing test.
const reportDir = mkdtempSync(path.join(tmpdir(), 'handover-test-report-'))
const report = path.join(reportDir, 'vitest.json')

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['cycles', 'npm', ['run', '--silent', 'lint:cycles']],
  ['dead code', 'npm', ['run', '--silent', 'lint:dead']],
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  ['tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]],
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
for (const line of failingTests()) console.log(line)
rmSync(reportDir, { recursive: true, force: true })
if (failed.length > 0) {
  console.log(`\n${failed.length} step(s) failed: ${failed.map((r) => r.name).join(', ')}`)
  process.exit(1)
}

/** One line per failing test of the JSON report: its file, its name and the first line of why (at most 40). */
function failingTests() {
  if (!existsSync(report)) return []
  let parsed
  try {
    parsed = JSON.parse(readFileSync(report, 'utf8'))
  } catch {
    return [`(the tests' JSON report ${report} could not be read)`]
  }
  const lines = []
  for (const file of parsed.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name)
    const failing = (file.assertionResults ?? []).filter((a) => a.status === 'failed')
    if (failing.length === 0 && file.status === 'failed')
      lines.push(`  ${name}: ${firstLine(file.message) || 'failed before its tests ran'}`)
    for (const a of failing)
      lines.push(`  ${name} > ${a.fullName}: ${firstLine(a.failureMessages?.[0] ?? '')}`)
  }
  if (lines.length === 0) return []
  const shown = lines.slice(0, 40)
  if (lines.length > shown.length) shown.push(`  … and ${lines.length - shown.length} more`)
  return [`\n${lines.length} failing test(s):`, ...shown]
}

/** The first line of a failure and where in a test file it was raised. */
function firstLine(text) {
  const lines = String(text)
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
  const first = (lines.find((l) => l) ?? '').slice(0, 600)
  const at = lines.find((l) => /^at .*\/test\/.*\.test\.ts:\d+/.test(l))
  return at
    ? `${first} (${path.relative(process.cwd(), at.replace(/^at .*?(\/\S+\.test\.ts:\d+).*$/, '$1'))})`
    : first
}
