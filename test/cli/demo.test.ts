import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Workspace } from '../../src/store/workspace'
import { cli } from '../helpers/cli'
import { PLANTED } from '../helpers/planted'

/** Ids of the runs the demo stored, each read back through the store's validation (every observation by its kind). */
async function storedRuns(out: string): Promise<string[]> {
  const ws = await Workspace.open(out)
  if (!ws.ok) throw new Error(ws.error.message)
  const { runs, problems } = await ws.value.history()
  expect(problems).toEqual([])
  return runs.map((r) => r.id)
}

// A whole sprint signs in, crawls and probes as four accounts besides every host: generous on a loaded machine.
describe('the main job: handover demo', { timeout: 360_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-demo-'))
  const env = { HANDOVER_LAB_DIR: path.join(dir, 'lab') }
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('audits the flawed demo portal offline and prints the planted findings by stage', async () => {
    const out = path.join(dir, 'flawed')
    const result = await cli(['demo', '--out', out], { env })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Handover audit — Acme client portal \(demo lab\)$/m)
    expect(result.stdout).toMatch(/^Stage 4 · DNS, e-mail, TLS and edge$/m)
    expect(result.stdout).toMatch(/^Stage 7 · Production handover$/m)
    for (const flaw of PLANTED) {
      const [check, subject] = flaw.fingerprint.split('|') as [string, string]
      const line = result.stdout
        .split('\n')
        .find((l) => l.includes(` ${check} `) && l.includes(` ${subject} `))
      expect(line, flaw.fingerprint).toMatch(flaw.status === 'warn' ? /^ {2}! warn/ : /^ {2}✗ fail/)
    }
    expect(result.stdout).toMatch(/^Launch-ready: no — \d+ blockers/m)
    expect(readdirSync(path.join(out, 'runs')).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    expect(await storedRuns(out)).toHaveLength(1)
    // Progress goes to stderr as plain lines when not on a terminal.
    expect(result.stderr).toMatch(/^\[ *\d+\/\d+\] ok +tls\.handshake /m)
  })

  it('passes every automated check on the repaired portal', async () => {
    const out = path.join(dir, 'fixed')
    const result = await cli(['demo', '--fixed', '--out', out], { env })
    expect(result.code).toBe(0)
    // The baseline run and the run audited against it.
    expect(await storedRuns(out)).toHaveLength(2)
    const findings = result.stdout.split('\n').filter((l) => /^ {2}[✗!?] /.test(l))
    expect(findings).toEqual([])
    expect(result.stdout).toMatch(/✓ pass\s+https-everywhere/)
    expect(result.stdout).toMatch(/^\d+ pass · 0 fail · 0 warn · 0 error/m)
  })
})
