import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli'
import { labCredentialsEnv, startTestLab, type TestLab } from '../helpers/lab'
import { ONLY_WHEN_FLAWED, PLANTED as ALL_PLANTED } from '../helpers/planted'

// The CLI reads account passwords from the OS keychain, which holds none of the lab's here: flaws seen only when
// signed in are skipped (not configured) in both runs, and proven in test/surface/lab.test.ts instead.
const PLANTED = ALL_PLANTED.filter((p) => !('signedIn' in p))

// Three whole CLI audits of the lab, each signing in, crawling and probing every host: generous on 2 cores.
describe('regressions against the baseline, through the CLI', { timeout: 480_000 }, () => {
  let t: TestLab
  beforeAll(async () => {
    t = await startTestLab('fixed')
  })
  afterAll(() => t.stop())

  it('lists every planted flaw as regressed after the lab breaks, and exits 0 once it is fixed again', async () => {
    const ws = t.lab.workspace
    // The lab's tokens and passwords come in as a CI passes them, so the provider integrations are audited too.
    const { env, mapping } = labCredentialsEnv(t.lab)
    const audit = (): ReturnType<typeof cli> =>
      cli(['audit', ws, '--quiet', '--credentials-from-env', mapping], { env })
    const fixedRun = await audit()
    expect(fixedRun.stderr).toBe('')
    // No baseline yet: the baseline check alone blocks the launch.
    expect(fixedRun.code).toBe(1)
    const accepted = await cli(['baseline', ws])
    expect(accepted.code).toBe(0)
    expect(accepted.stdout).toMatch(/is now the release baseline/)

    t.lab.setMode('flawed')
    expect((await audit()).code).toBe(1)
    const broken = await cli(['diff', ws, '--json', `${t.dir}/diff.json`])
    expect(broken.code).toBe(1)
    // Flaws on subjects the fixed lab also has are "regressed"; flaws whose fix deleted a record come back "new".
    const sections = broken.stdout.split(/\n(?=(?:regressed|fixed|new|gone|check-changed) \()/)
    const section = (name: string): string => sections.find((s) => s.startsWith(`${name} (`)) ?? ''
    for (const flaw of PLANTED) {
      const [check, subject] = flaw.fingerprint.split('|')
      const expected = ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'new' : 'regressed'
      expect(section(expected), flaw.fingerprint).toMatch(
        new RegExp(`${check!.replace('.', '\\.')}\\s+${subject!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`),
      )
    }
    const json = JSON.parse(readFileSync(`${t.dir}/diff.json`, 'utf8')) as {
      entries: { fingerprint: string; change: string }[]
      regressions: { fingerprint: string }[]
    }
    for (const flaw of PLANTED) {
      const expected = ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'new' : 'regressed'
      expect(json.entries.find((e) => e.fingerprint === flaw.fingerprint)?.change, flaw.fingerprint).toBe(
        expected,
      )
      // Either way it fails the deploy, except a warning that is new: it is shown, not a regression.
      if (flaw.status === 'warn' && expected === 'new') continue
      expect(
        json.regressions.some((e) => e.fingerprint === flaw.fingerprint),
        flaw.fingerprint,
      ).toBe(true)
    }

    t.lab.setMode('fixed')
    const repaired = await cli(
      ['audit', ws, '--quiet', '--credentials-from-env', mapping, '--json', `${t.dir}/repaired.json`],
      { env },
    )
    // On failure, say which results blocked the launch, not only that something did.
    const blockers = (
      JSON.parse(readFileSync(`${t.dir}/repaired.json`, 'utf8')) as {
        results: { fingerprint: string; status: string; severity?: string; summary: string }[]
      }
    ).results
      .filter((r) => r.status === 'fail' || r.status === 'error')
      .map((r) => `${r.fingerprint} ${r.status}/${r.severity ?? '-'}: ${r.summary}`)
    expect(repaired.code, blockers.join('\n')).toBe(0)
    expect(repaired.stdout).toMatch(/✓ pass\s+https-everywhere/)
    const clean = await cli(['diff', ws])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/No regression since baseline/)
  })
})
