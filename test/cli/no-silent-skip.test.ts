// Under CI=true a test whose tool is missing fails by name; no test is left out quietly.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

describe('Bug: A test is skipped silently under CI=true when openssl is absent (the P12 import in test/report/sign-verify.test.ts)', () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'handover-no-openssl-'))
  afterAll(() => rmSync(bin, { recursive: true, force: true }))

  it('fails the P12 suite, naming openssl, when openssl is not on the PATH', async () => {
    // A PATH with node and sh only: openssl (and every other tool) is absent.
    symlinkSync(process.execPath, path.join(bin, 'node'))
    symlinkSync('/bin/sh', path.join(bin, 'sh'))
    const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')
    const child = spawn(process.execPath, [vitest, 'run', 'test/report/sign-verify.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, PATH: bin, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(output).toMatch(/P12 made by OpenSSL: missing tool\(s\) openssl/)
    expect(code).not.toBe(0)
  }, 120_000)

  // Skips that are not about a missing tool, each with why CI still sees the miss.
  const ALLOWED = new Set([
    // Tests the message shown when the Electron binary is absent; with it installed the app itself is tested.
    'main/cli-ui.test.ts: .skipIf(electronInstalled)(',
    // Its beforeAll throws under CI=true when the machine has no non-loopback address.
    'main/web-bridge.test.ts: .skipIf(!address)(',
  ])

  it('every other conditional skip in the suite goes through haveTools (which throws under CI=true)', () => {
    const files = readdirSync(path.join(ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.test.ts') && f !== path.join('cli', 'no-silent-skip.test.ts'),
    )
    const offenders: string[] = []
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, 'test', file), 'utf8')
      for (const m of text.matchAll(/\.(skipIf|runIf)\(\s*(!?)([^(]*)\(/g))
        if (!/haveTools$/.test(m[3]!.trim()) && !ALLOWED.has(`${file}: ${m[0]}`))
          offenders.push(`${file}: ${m[0]}`)
      for (const m of text.matchAll(/\b(it|test|describe)\.(skip|todo)\(/g))
        offenders.push(`${file}: ${m[0]}`)
    }
    expect(offenders).toEqual([])
  })
})
