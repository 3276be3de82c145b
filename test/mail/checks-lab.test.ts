// The mail checks against the demo lab: every planted mail flaw is found in the flawed lab, every mail check passes
// in the fixed lab, and a stored run re-evaluates offline to the same results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SessionCache } from '../../src/auth/sessions'
import type { CheckDefinition } from '../../src/checks/check'
import { mailDkim } from '../../src/checks/mail.dkim'
import { mailDmarc } from '../../src/checks/mail.dmarc'
import { mailMtaSts } from '../../src/checks/mail.mta-sts'
import { mailMx } from '../../src/checks/mail.mx'
import { mailSpf } from '../../src/checks/mail.spf'
import type { CheckResult, Observation } from '../../src/core/types'
import { evaluateChecks, planProbes, runProbes } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { networkFor } from '../../src/network/network'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED } from '../helpers/planted'

const MAIL_CHECKS: readonly CheckDefinition[] = [mailMx, mailSpf, mailDkim, mailDmarc, mailMtaSts]

/** The planted mail flaws of the flawed lab (the shared list holds every planted flaw). */
const PLANTED_MAIL = PLANTED.filter((p) => p.fingerprint.startsWith('mail.'))

interface MailRun {
  results: CheckResult[]
  observations: Record<string, Observation>
}

async function auditMail(t: TestLab): Promise<MailRun> {
  const ws = await Workspace.open(t.lab.workspace)
  if (!ws.ok) throw new Error(ws.error.message)
  const engagement = ws.value.engagement
  const network = networkFor(engagement)
  const credentials = new MemoryCredentials(t.lab.credentials())
  const observations = await runProbes(
    planProbes(MAIL_CHECKS, engagement),
    {
      network,
      engagement,
      credentials,
      sessions: new SessionCache(network, engagement, credentials),
      workspace: ws.value.dir,
    },
    {},
  )
  const results = await evaluateChecks(MAIL_CHECKS, observations, {
    engagement,
    now: new Date(),
    attestations: [],
  })
  return { results, observations }
}

const text = (r: CheckResult | undefined): string =>
  [r?.summary ?? '', ...(r?.evidence ?? []).map((e) => `${e.label}: ${e.value ?? ''}`)].join('\n')

describe('the mail checks on the demo lab', () => {
  let t: TestLab
  beforeAll(async () => {
    t = await startTestLab('flawed')
  })
  afterAll(() => t.stop())

  it('find every planted mail flaw of the flawed lab, and nothing else', async () => {
    t.lab.setMode('flawed')
    const { results, observations } = await auditMail(t)
    for (const flaw of PLANTED_MAIL) {
      const result = results.find((r) => r.fingerprint === flaw.fingerprint)
      expect(result, flaw.fingerprint).toMatchObject({ outcome: flaw.outcome, status: flaw.status })
    }
    expect(
      results
        .filter((r) => !PLANTED_MAIL.some((p) => p.fingerprint === r.fingerprint))
        .map((r) => r.fingerprint),
    ).toEqual([])
    for (const o of Object.values(observations)) expect(o.error, o.key).toBeUndefined()

    const spf = results.find((r) => r.fingerprint === 'mail.spf|acme.test')
    expect(spf?.summary).toContain('needs 13 DNS lookups')
    expect(spf?.summary).toContain('include:spf.newsletter.outside.test → a:mta.newsletter.outside.test')
    const dmarc = text(results.find((r) => r.fingerprint === 'mail.dmarc|acme.test'))
    expect(dmarc).toContain('reports.outside.test has not agreed to receive the rua reports')
    expect(dmarc).toContain('acme.test._report._dmarc.reports.outside.test: none (not authorized)')
    const sts = text(results.find((r) => r.fingerprint === 'mail.mta-sts|acme.test'))
    expect(sts).toContain('MX host mx1.acme.test is not covered')
    expect(sts).toContain('no TLS-RPT record at _smtp._tls.acme.test')
  })

  it('pass every mail check once the lab is fixed', async () => {
    t.lab.setMode('fixed')
    const { results } = await auditMail(t)
    expect(results.length).toBe(10)
    expect(
      results.filter((r) => r.status !== 'pass').map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`),
    ).toEqual([])
    // The 2048-bit key is longer than one TXT string: the lab serves it split and the probe joins it again.
    expect(results.find((r) => r.fingerprint === 'mail.dkim|s1._domainkey.acme.test')?.summary).toContain(
      '2048-bit RSA',
    )
  })

  it('re-evaluate a stored run offline to the same results, after the lab has changed', async () => {
    t.lab.setMode('flawed')
    const live = await auditMail(t)
    const stored = JSON.parse(JSON.stringify(live.observations)) as Record<string, Observation>
    t.lab.setMode('fixed')
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const again = await evaluateChecks(MAIL_CHECKS, stored, {
      engagement: ws.value.engagement,
      now: new Date(),
      attestations: [],
    })
    expect(again).toEqual(live.results)
  })
})
