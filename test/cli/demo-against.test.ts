// The demo's two packs as living baselines, all through the CLI with a real Secret Service (issue 15, item 4):
// `handover demo --fixed` and `handover demo` each hand over a signed pack; `handover audit --against` the fixed
// pack while the lab is flawed gives every planted regression, and the flawed pack against the fixed lab gives
// them as fixed.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OsKeychain } from '../../src/keychain/keychain'
import { Lab } from '../../src/lab/lab'
import { cli } from '../helpers/cli'
import { ONLY_WHEN_FLAWED, PLANTED } from '../helpers/planted'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

interface DriftFile {
  headline: string
  counts: Record<string, number>
  entries: { fingerprint: string; change: string }[]
  regressions: { fingerprint: string }[]
}

/** The one signed pack the demo wrote into `out`. */
function packIn(out: string): string {
  const pdfs = readdirSync(path.join(out, 'reports')).filter((f) => f.endsWith('.pdf'))
  expect(pdfs).toHaveLength(1)
  return path.join(out, 'reports', pdfs[0]!)
}

describe.skipIf(!haveTools('demo packs as baselines', 'dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'))(
  'handover demo packs re-checked with handover audit --against',
  () => {
    let service: SecretService
    let dir: string
    let env: NodeJS.ProcessEnv
    let fixedPack: string
    let flawedPack: string
    let lab: Lab

    beforeAll(async () => {
      service = startSecretService()
      dir = mkdtempSync(path.join(tmpdir(), 'handover-demo-against-'))
      env = {
        ...service.env,
        HANDOVER_LAB_DIR: path.join(dir, 'lab'),
        HANDOVER_IDENTITY_DIR: path.join(dir, 'identity'),
      }
      // One after the other: the first creates the consultant's signing identity, the second reuses it.
      const fixed = await cli(['demo', '--fixed', '--quiet', '--out', path.join(dir, 'fixed')], { env })
      const flawed = await cli(['demo', '--quiet', '--out', path.join(dir, 'flawed')], { env })
      expect(fixed.code, fixed.stderr).toBe(0)
      expect(flawed.code, flawed.stderr).toBe(0)
      expect(fixed.stdout).toMatch(/Embedded in the signed bytes: 5 files/)
      fixedPack = packIn(path.join(dir, 'fixed'))
      flawedPack = packIn(path.join(dir, 'flawed'))
      // The founder's portal: the demo lab again (its CA kept in the lab folder), on the fixed demo's workspace.
      const started = await Lab.start({
        mode: 'flawed',
        stateDir: path.join(dir, 'lab'),
        workspace: path.join(dir, 'fixed'),
      })
      if (!started.ok) throw new Error(started.error.message)
      lab = started.value
      // This lab's fresh account passwords, stored in the keychain under the engagement's names.
      const keychain = new OsKeychain()
      for (const [name, value] of Object.entries(lab.credentials())) await keychain.set(name, value)
    }, 300_000)
    afterAll(async () => {
      await lab?.stop()
      service?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('gives every planted regression against the fixed pack while the lab is flawed', async () => {
      lab.setMode('flawed')
      const json = path.join(dir, 'drift-broken.json')
      const r = await cli(['audit', '--against', fixedPack, path.join(dir, 'fixed'), '-q', '--json', json], {
        env,
      })
      expect(r.code, r.stderr).toBe(1)
      const drift = JSON.parse(readFileSync(json, 'utf8')) as DriftFile
      for (const flaw of PLANTED) {
        const expected = ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'new' : 'regressed'
        expect(drift.entries.find((e) => e.fingerprint === flaw.fingerprint)?.change, flaw.fingerprint).toBe(
          expected,
        )
        // Either way it fails the deploy, except a warning that is new: it is shown, not a regression.
        if (flaw.status === 'warn' && expected === 'new') continue
        expect(
          drift.regressions.some((e) => e.fingerprint === flaw.fingerprint),
          flaw.fingerprint,
        ).toBe(true)
      }
      expect(r.stdout).toContain(
        `Since handover on ${drift.headline.slice(18, 28)}, signed by Demo Consultant: ${drift.counts.regressed} regressed, ${drift.counts.fixed} fixed, ${drift.counts.new} new`,
      )
      expect(r.stdout).toMatch(/Signed handover pack: \S+drift-\S+\.pdf/)
    }, 300_000)

    it('gives them all as fixed against the flawed pack once the lab is repaired', async () => {
      lab.setMode('fixed')
      const json = path.join(dir, 'drift-repaired.json')
      const r = await cli(['audit', '--against', flawedPack, path.join(dir, 'fixed'), '-q', '--json', json], {
        env,
      })
      const drift = JSON.parse(readFileSync(json, 'utf8')) as DriftFile
      expect(drift.regressions).toEqual([])
      expect(r.code, r.stderr).toBe(0)
      for (const flaw of PLANTED) {
        const expected = ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'gone' : 'fixed'
        expect(drift.entries.find((e) => e.fingerprint === flaw.fingerprint)?.change, flaw.fingerprint).toBe(
          expected,
        )
      }
      expect(r.stdout).toMatch(/signed by Demo Consultant: 0 regressed, \d+ fixed, \d+ new/)
    }, 300_000)
  },
)
