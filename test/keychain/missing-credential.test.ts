// The one convention for a credential missing from the keychain (README, "Credentials"): every check that needed
// it reports the generic `error` with the keychain's code on each subject it could not observe — never
// not-configured, a skip or a pass — so the run's coverage says what it could not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runCoverage } from '../../src/engine/coverage'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'

/** Every check of the lab's engagement that reads a credential (an account's password, a token, a secret). */
const NEEDS_A_CREDENTIAL = [
  'authz.admin-stepup',
  'authz.bfla',
  'authz.bola',
  'authz.demo-isolation',
  'authz.logout',
  'authz.reset-expiry',
  'authz.session-cookies',
  'authz.session-expiry',
  'edge.auth-cache',
  'edge.config-drift',
  'edge.rate-limit-api',
  'handover.access',
  'monitor.alerting',
  'monitor.coverage',
  'monitor.error-rate',
  'monitor.latency',
  'monitor.request-id',
  'monitor.uptime',
  'secrets.webhooks',
  'smoke.ai-assistant',
  'smoke.cache-switch',
  'smoke.error-leak',
  'smoke.flows',
  'smoke.isolation',
  'smoke.upload',
  'surface.input-validation',
  'surface.inventory',
  'surface.unauth-data',
]

/**
 * Checks that also have subjects needing no credential: a public URL's uptime, the portal's origin made to fail
 * without a session, the anonymous requests, the inventory, a flow that signs no account in.
 */
const ALSO_ANONYMOUS = [
  'monitor.uptime',
  'smoke.error-leak',
  'smoke.flows',
  'surface.inventory',
  'surface.unauth-data',
]

describe('a credential missing from the keychain', () => {
  let t: TestLab
  let run: Run
  let names: string[]
  beforeAll(async () => {
    t = await startTestLab('fixed')
    names = Object.keys(t.lab.credentials())
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    // The store answers, but holds none of the credentials the engagement references.
    run = await runAudit({ workspace: ws.value, credentials: new MemoryCredentials() })
  }, 300_000)
  afterAll(async () => {
    await t?.stop()
  })

  it('is the generic error with code CREDENTIAL_MISSING in every check that needed it', () => {
    const missing = run.results.filter((r) => r.code === 'CREDENTIAL_MISSING')
    expect([...new Set(missing.map((r) => r.check))].sort()).toEqual(NEEDS_A_CREDENTIAL)
    for (const r of missing) {
      expect(r.outcome, `${r.check} ${r.subject}`).toBe('error')
      expect(r.status, `${r.check} ${r.subject}`).toBe('error')
      expect(r.remediation, `${r.check} ${r.subject}`).toContain('handover creds set NAME')
      // It names the credential that was missing.
      expect(
        names.some((n) => r.summary.includes(`"${n}"`)),
        `${r.check} ${r.subject}: ${r.summary}`,
      ).toBe(true)
    }
  })

  it('is never a skip, a not-configured or a pass standing for what could not be observed', () => {
    const needing = run.results.filter((r) => NEEDS_A_CREDENTIAL.includes(r.check))
    expect(needing.filter((r) => r.status === 'skipped').map((r) => `${r.check} ${r.subject}`)).toEqual([])
    const passing = [...new Set(needing.filter((r) => r.status === 'pass').map((r) => r.check))].sort()
    expect(passing).toEqual(ALSO_ANONYMOUS)
    // Nothing anywhere names a missing credential under another outcome.
    const elsewhere = run.results.filter(
      (r) => r.code !== 'CREDENTIAL_MISSING' && names.some((n) => r.summary.includes(`"${n}"`)),
    )
    expect(elsewhere.map((r) => `${r.check} ${r.subject} ${r.status}`)).toEqual([])
  })

  it('leaves the run not fully covered: each of those checks is listed as one that could not observe', () => {
    const coverage = runCoverage(run)
    expect(coverage.full).toBe(false)
    for (const id of NEEDS_A_CREDENTIAL) expect(coverage.errored).toContain(id)
  })
})
