import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED } from '../helpers/planted'

describe('regressions against the baseline, through the CLI', () => {
  let t: TestLab
  beforeAll(async () => {
    t = await startTestLab('fixed')
  })
  afterAll(() => t.stop())

  it('lists every planted flaw as regressed after the lab breaks, and exits 0 once it is fixed again', async () => {
    const ws = t.lab.workspace
    const fixedRun = await cli(['audit', ws, '--quiet'])
    expect(fixedRun.stderr).toBe('')
    // No baseline yet: the baseline check alone blocks the launch.
    expect(fixedRun.code).toBe(1)
    const accepted = await cli(['baseline', ws])
    expect(accepted.code).toBe(0)
    expect(accepted.stdout).toMatch(/is now the release baseline/)

    t.lab.setMode('flawed')
    expect((await cli(['audit', ws, '--quiet'])).code).toBe(1)
    const broken = await cli(['diff', ws, '--json', `${t.dir}/diff.json`])
    expect(broken.code).toBe(1)
    const regressedSection = broken.stdout.split(/\n(?=fixed|new|gone|check-changed)/)[0]!
    for (const flaw of PLANTED) {
      const [check, subject] = flaw.fingerprint.split('|')
      expect(regressedSection, flaw.fingerprint).toMatch(
        new RegExp(`${check!.replace('.', '\\.')}\\s+${subject!.replace(/\./g, '\\.')}\\s`),
      )
    }
    const json = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync(`${t.dir}/diff.json`, 'utf8')),
    ) as { entries: { fingerprint: string; change: string }[] }
    for (const flaw of PLANTED)
      expect(json.entries.find((e) => e.fingerprint === flaw.fingerprint)?.change, flaw.fingerprint).toBe(
        'regressed',
      )

    t.lab.setMode('fixed')
    const repaired = await cli(['audit', ws, '--quiet'])
    expect(repaired.code).toBe(0)
    expect(repaired.stdout).toMatch(/✓ pass\s+https-everywhere/)
    const clean = await cli(['diff', ws])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/No regression since baseline/)
  })
})
