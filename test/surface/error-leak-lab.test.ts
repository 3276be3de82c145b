// smoke.error-leak against the demo lab without the `input` consent: the malformed and wrong-typed JSON bodies are
// never sent (the flawed sign-in endpoint's stack trace stays unseen), the sign-in endpoint is reported skipped, and
// the passive requests are still judged on both origins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import type { ErrorLeakFacts } from '../../src/probes/smoke-errors'
import { auditLab, startTestLab, type TestLab } from '../helpers/lab'

describe('smoke.error-leak without the input consent', () => {
  let t: TestLab
  let run: Run
  beforeAll(async () => {
    t = await startTestLab('flawed')
    run = await auditLab(t, ['smoke.error-leak'], (e) => {
      const scope = e.scope as { active: string[] }
      scope.active = scope.active.filter((f) => f !== 'input')
    })
  }, 120_000)
  afterAll(() => t.stop())

  it('sends no body to the sign-in endpoint and reports it skipped', () => {
    const obs = Object.values(run.observations).find(
      (o) => o.kind === 'http.error-leak' && o.subject === 'https://api.acme.test',
    )!
    const data = obs.data as ErrorLeakFacts
    expect(data.trials.map((tr) => tr.name)).not.toContain('malformed-json')
    expect(data.trials.map((tr) => tr.name)).not.toContain('wrong-types')
    const sent = (obs.transcript ?? []).filter((e) => e.kind === 'http').map((e) => e.detail)
    expect(sent.length).toBeGreaterThan(0)
    // The one POST is the account's own sign-in (its session carries the id trials), answered 200.
    expect(sent.filter((d) => /\bPOST\b/.test(d))).toEqual([
      expect.stringMatching(/^POST https:\/\/api\.acme\.test\/api\/login → 200 /),
    ])
    expect(
      run.results.find((r) => r.fingerprint === 'smoke.error-leak|POST https://api.acme.test/api/login'),
    ).toMatchObject({ outcome: 'bodies-not-sent', status: 'skipped' })
  })

  it('still judges the passive requests of both origins, and says the bodies were not sent', () => {
    const api = run.results.find((r) => r.fingerprint === 'smoke.error-leak|api.acme.test')
    expect(api).toMatchObject({ outcome: 'no-leak', status: 'pass' })
    expect(api!.summary).toContain('no malformed body was sent (no input consent)')
    expect(run.results.find((r) => r.fingerprint === 'smoke.error-leak|app.acme.test')).toMatchObject({
      outcome: 'no-leak',
      status: 'pass',
    })
  })
})
