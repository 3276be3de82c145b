// smoke.isolation on the demo lab: failing exports in the flawed API leak connections of the pool the health check
// and the contacts share, so both answer 503 "pool exhausted" until the reaper takes the connections back (found,
// proven by content, with the recovery); the repaired API refuses bad exports before touching the pool and passes;
// consent off sends nothing; the budget and the rate hold, counted at the lab; nothing outside the scope is touched.
import { describe, expect, it } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { CONTACTS_PATH, HEALTHZ_PATH } from '../../src/lab/isolation'
import { expectWithinBudget } from '../helpers/budget'
import { auditLab, labPair, resultLine, type TestLab } from '../helpers/lab'
import { PLANTED_ISOLATION } from '../helpers/planted'

const IDS = ['smoke.isolation']

const audit = (t: TestLab, change?: (e: Record<string, unknown>) => void): Promise<Run> =>
  auditLab(t, IDS, change)

const of = (run: Run): CheckResult => run.results.find((r) => r.check === 'smoke.isolation')!

describe('smoke.isolation on the demo lab', () => {
  const lab = labPair(IDS)

  it('finds that failing exports take the health check and the contacts down, and nothing else', () => {
    expect(lab.flawedRun.results.map(resultLine)).toEqual(
      PLANTED_ISOLATION.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`),
    )
    const r = of(lab.flawedRun)
    expect(r.outcome).toBe('degrades')
    expect(r.summary).toContain(`the health check https://api.acme.test${HEALTHZ_PATH} answered 503`)
    expect(r.summary).toContain(`the read https://api.acme.test${CONTACTS_PATH} answered 503`)
    expect(r.summary).toContain('pool exhausted')
    // It comes back once the leaked connections are reaped (LEAK_MS), and the check says so.
    expect(r.summary).toMatch(/every control answered as before again \d+\.\d s after the burst/)
    expect(lab.flawed.lab.behaviour.isolation.leaked).toBeGreaterThan(0)
  })

  it('proves the harm by content: a healthy 2xx before, 503 "pool exhausted" during, with the target’s failures', () => {
    const [target, health, contacts] = of(lab.flawedRun).evidence
    expect(target!.label).toMatch(/^POST https:\/\/api\.acme\.test\/api\/exports as alice: \d+ of 20 failing/)
    expect(target!.value).toMatch(/^answers: 500 ×\d+/)
    expect(target!.value).toContain('ended early: a control degraded')
    expect(health!.value).toMatch(/^baseline: 200 ×3 — keys:checks,status status:ok/)
    // Each control degrades during the burst or just after it (which one a round saw first is a matter of timing),
    // and the burst was stopped by a degraded sample during it.
    expect(health!.value).toMatch(
      /\n(?:during|after): .*503 ×\d+.* — answered 503 \{"status":"unavailable","error":"pool exhausted"\}/,
    )
    expect([health!.value, contacts!.value].some((v) => /\nduring: .* — answered 503 /.test(v ?? ''))).toBe(
      true,
    )
    expect(contacts!.value).toMatch(/^baseline: 200 ×3 — keys:contacts/)
    expect(contacts!.value).toMatch(/answered 503 \{"error":"pool exhausted"\}/)
    // The burst stopped at the first sign of harm: far fewer than the 20 planned failures were sent.
    expect(Number(/(\d+) of 20/.exec(target!.label)![1])).toBeLessThan(20)
  })

  it('passes on the repaired API, whose bad exports are refused without holding the pool', () => {
    expect(lab.fixedRun.results.map((r) => `${r.check} ${r.status} ${r.outcome}`)).toEqual([
      'smoke.isolation pass isolated',
    ])
    const r = of(lab.fixedRun)
    expect(r.summary).toContain('20 failing requests (422 ×20)')
    expect(r.summary).toContain('the health check and 1 unrelated read answered as before')
    expect(lab.fixed.lab.behaviour.isolation.leaked).toBe(0)
  })

  it('without consent, reports skipped with the reason and sends the lab nothing', async () => {
    const before = lab.fixed.lab.behaviour.isolation.arrivals.length
    const run = await audit(lab.fixed, (e) => {
      ;(e.scope as { active: string[] }).active = ['authz']
    })
    expect(run.results.map((r) => `${r.check} ${r.status} ${r.outcome}`)).toEqual([
      'smoke.isolation skipped no-consent',
    ])
    expect(of(run).summary).toMatch(/scope\.active/)
    expect(lab.fixed.lab.behaviour.isolation.arrivals.length).toBe(before)
  })

  it('holds the request budget and the rate, counted at the lab, and says why it stopped', async () => {
    const before = lab.flawed.lab.behaviour.isolation.arrivals.length
    const run = await audit(lab.flawed, (e) => {
      const scope = e.scope as { maxRequests: number; maxRps: number }
      scope.maxRequests = 10
      scope.maxRps = 20
    })
    expectWithinBudget(lab.flawed.lab.behaviour.isolation.arrivals.slice(before), 10, 20)
    // The sign-in and six baseline samples leave three requests: too few to fill the pool, so no verdict is claimed.
    expect(`${of(run).status} ${of(run).code}`).toBe('error STOPPED_ON_HARM')
    expect(of(run).summary).toMatch(/budget of 10 \(scope\.maxRequests\)/)
  })

  it('never touches a host outside the scope', () => {
    expect(lab.flawed.lab.sentinel.connections + lab.fixed.lab.sentinel.connections).toBe(0)
  })
})
