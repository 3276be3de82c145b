// edge.rate-limit-login and edge.rate-limit-api on the demo lab: the flawed portal answers every failed sign-in and
// every request of a burst the same way (found, with the first and last answers); the repaired one answers 429 past
// its limits and both pass; the expected 429 does not halt the run's other active tests; consent off sends nothing;
// the budget holds, counted at the lab; no real account is used for the failed sign-ins.
import { describe, expect, it } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { FIXED_LOGIN_FAILURES, FIXED_SEARCH_BURST } from '../../src/lab/api'
import { expectWithinBudget } from '../helpers/budget'
import { auditLab, labPair, resultLine, type TestLab } from '../helpers/lab'
import { PLANTED_RATE_LIMITS } from '../helpers/planted'

const IDS = ['edge.rate-limit-login', 'edge.rate-limit-api']
const PROBING = 'handover-rate-limit@acme.test'

const audit = (t: TestLab, change?: (e: Record<string, unknown>) => void): Promise<Run> =>
  auditLab(t, IDS, change)

const of = (run: Run, check: string): CheckResult => run.results.find((r) => r.check === check)!

describe('rate limits on the demo lab', () => {
  const lab = labPair(IDS)

  it('finds that neither failed sign-ins nor an API burst are ever throttled, and nothing else', () => {
    expect(lab.flawedRun.results.map(resultLine).sort()).toEqual(
      PLANTED_RATE_LIMITS.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`).sort(),
    )
    // Every planned failed sign-in reached the lab, all for the probing username, none for a real account.
    expect(lab.flawed.lab.accounts.failures.get(PROBING)?.length).toBe(12)
    for (const a of lab.flawed.lab.accounts.accounts)
      expect(lab.flawed.lab.accounts.failures.has(a.username)).toBe(false)
  })

  it('proves "never throttled" by content: the last answer is still the ordinary one', () => {
    const login = of(lab.flawedRun, 'edge.rate-limit-login')
    expect(login.evidence.map((e) => e.label)).toEqual([
      'first answer (request 1)',
      'last answer (request 12)',
    ])
    for (const e of login.evidence) expect(e.value).toMatch(/^401\n\{"error":"invalid credentials"\}/)
    const api = of(lab.flawedRun, 'edge.rate-limit-api')
    expect(api.evidence.map((e) => e.label)).toEqual(['first answer (request 1)', 'last answer (request 30)'])
    for (const e of api.evidence) expect(e.value).toMatch(/^200\n\{"q":"invoice","results":/)
  })

  it('passes on the repaired portal at its first 429, which halts none of the run’s other active tests', () => {
    expect(lab.fixedRun.results.map((r) => `${r.check} ${r.status} ${r.outcome}`).sort()).toEqual([
      'edge.rate-limit-api pass throttled',
      'edge.rate-limit-login pass throttled',
    ])
    // The sign-ins throttle first (request 6); had that 429 halted active traffic, the burst would have errored.
    expect(of(lab.fixedRun, 'edge.rate-limit-login').summary).toContain(
      `request ${FIXED_LOGIN_FAILURES + 1} answered 429 Too Many Requests (Retry-After 60)`,
    )
    expect(of(lab.fixedRun, 'edge.rate-limit-api').summary).toContain(
      `request ${FIXED_SEARCH_BURST + 1} answered 429 Too Many Requests (Retry-After 10)`,
    )
    // It stopped at the first 429: no further failed sign-in was sent.
    expect(lab.fixed.lab.accounts.failures.get(PROBING)?.length).toBe(FIXED_LOGIN_FAILURES)
  })

  it('without consent, reports skipped with the reason and sends the lab none of its requests', async () => {
    const before = lab.fixed.lab.portal.arrivals.length
    const run = await audit(lab.fixed, (e) => {
      ;(e.scope as { active: string[] }).active = ['authz']
    })
    expect(run.results.map((r) => `${r.check} ${r.status} ${r.outcome}`).sort()).toEqual([
      'edge.rate-limit-api skipped no-consent',
      'edge.rate-limit-login skipped no-consent',
    ])
    for (const r of run.results) expect(r.summary).toMatch(/scope\.active/)
    expect(lab.fixed.lab.portal.arrivals.length).toBe(before)
  })

  it('holds the request budget and the rate, counted at the lab, and says why it stopped', async () => {
    const before = lab.flawed.lab.portal.arrivals.length
    const run = await audit(lab.flawed, (e) => {
      const scope = e.scope as { maxRequests: number; maxRps: number }
      scope.maxRequests = 10
      scope.maxRps = 25
    })
    const arrived = lab.flawed.lab.portal.arrivals.slice(before)
    expectWithinBudget(arrived, 10, 25)
    // Neither series could finish, so neither may claim "never throttled".
    for (const r of run.results) expect(`${r.check} ${r.status}`).toMatch(/ error$/)
    expect(run.results.map((r) => r.summary).join(' ')).toMatch(/scope\.maxRequests/)
  })

  it('never touches a host outside the scope', () => {
    expect(lab.flawed.lab.sentinel.connections + lab.fixed.lab.sentinel.connections).toBe(0)
  })
})
