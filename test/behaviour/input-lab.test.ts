// surface.input-validation on the demo lab: the write endpoint that keeps garbage and the one that crashes on a
// malformed body are found with their evidence (the marker echoed back, the stack trace); the repaired lab
// passes; the minimum bar reads the item as measured; consent off sends the lab nothing; the budget holds.
import { describe, expect, it } from 'vitest'
import { BEHAVIOUR_CHECKS } from '../../src/checks/behaviour'
import type { Run } from '../../src/core/types'
import { auditLab, labPair, resultLine, type TestLab } from '../helpers/lab'
import { PLANTED_BEHAVIOUR } from '../helpers/planted'

// Input validation alone: the rate-limit checks of the same family file spend the budget on bursts of their own.
const IDS = BEHAVIOUR_CHECKS.map((c) => c.id).filter((id) => id === 'surface.input-validation')

const audit = (t: TestLab, change?: (e: Record<string, unknown>) => void): Promise<Run> =>
  auditLab(t, IDS, change)

describe('input validation on the demo lab', () => {
  const lab = labPair(IDS, { timeoutMs: 120_000 })

  it('finds the endpoint that keeps garbage and the one that crashes, and nothing else', () => {
    const found = lab.flawedRun.results.filter((r) => r.status !== 'pass')
    expect(found.map(resultLine).sort()).toEqual(
      PLANTED_BEHAVIOUR.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`).sort(),
    )
    const tasks = lab.flawedRun.results.find((r) => r.subject === 'POST /api/tasks')!
    expect(tasks.outcome).toBe('accepts-invalid')
    expect(tasks.summary).toMatch(/201/)
  })

  it('proves each finding by content: the marker sent comes back, the answer carries a stack trace', () => {
    const data = Object.values(lab.flawedRun.observations).find((o) => o.kind === 'behaviour.input')!
      .data as {
      endpoints: {
        endpoint: string
        tries: { case: string; marker: string; answer?: string; status?: number }[]
      }[]
    }
    const tasks = lab.flawedRun.results.find((r) => r.subject === 'POST /api/tasks')!
    const kept = data.endpoints.find((e) => e.endpoint === 'POST /api/tasks')!.tries
    const variant = kept.find((t) => t.case !== 'control' && t.status === 201)!
    // The evidence pair: the accepted valid sample, then the bad variant whose answer holds its own marker.
    expect(tasks.evidence).toHaveLength(2)
    expect(tasks.evidence[0]!.label).toMatch(
      /^the valid sample: POST https:\/\/api\.acme\.test\/api\/tasks as alice/,
    )
    expect(tasks.evidence[1]!.value).toContain(variant.marker)
    const crash = lab.flawedRun.results.find((r) => r.subject === 'POST /api/imports')!
    expect(crash.outcome).toBe('crashes')
    expect(crash.evidence[1]!.label).toMatch(/malformed JSON body/)
    expect(crash.evidence[1]!.value).toMatch(/^500 text\/plain[\s\S]*SyntaxError[\s\S]*\n\s+at /)
  })

  it('passes on the repaired lab, and the minimum bar reads input validation as measured', () => {
    expect(lab.fixedRun.results.filter((r) => r.status !== 'pass').map(resultLine)).toEqual([])
    expect(lab.fixedRun.results.map((r) => `${r.subject} ${r.outcome}`).sort()).toEqual([
      'POST /api/imports validates',
      'POST /api/tasks validates',
    ])
    const item = (run: Run) => run.summary.minimumBar.find((m) => m.item === 'input-validation')?.status
    expect(item(lab.flawedRun)).toBe('fail')
    expect(item(lab.fixedRun)).toBe('pass')
  })

  it('without consent, reports skipped with the reason and sends the lab none of its requests', async () => {
    const before = lab.fixed.lab.behaviour.arrivals.length
    const run = await audit(lab.fixed, (e) => {
      ;(e.scope as { active: string[] }).active = ['authz']
    })
    const r = run.results.filter((x) => x.check === 'surface.input-validation')
    expect(r.map((x) => `${x.status} ${x.outcome}`)).toEqual(['skipped no-consent'])
    expect(r[0]!.summary).toMatch(/scope\.active/)
    expect(Object.values(run.observations).map((o) => o.kind)).not.toContain('behaviour.input')
    expect(lab.fixed.lab.behaviour.arrivals.length).toBe(before)
  })

  it('holds the request budget, counted at the lab, and says why it stopped', async () => {
    const before = lab.fixed.lab.behaviour.arrivals.length
    const run = await audit(lab.fixed, (e) => {
      ;(e.scope as { maxRequests: number }).maxRequests = 4
    })
    const arrived = lab.fixed.lab.behaviour.arrivals.length - before
    expect(arrived).toBeGreaterThan(0)
    expect(arrived).toBeLessThanOrEqual(4)
    const notPassing = run.results.filter((r) => r.status !== 'pass')
    expect(notPassing.length).toBeGreaterThan(0)
    for (const x of notPassing) expect(x.status).toMatch(/error|skipped/)
  })

  it('never touches a host outside the scope', () => {
    expect(lab.flawed.lab.sentinel.connections + lab.fixed.lab.sentinel.connections).toBe(0)
  })
})
