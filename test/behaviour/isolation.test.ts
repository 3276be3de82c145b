// smoke.isolation beyond the outcome: the words people read, the decoys that must not be findings, and the content
// rule every verdict stands on (a healthy 2xx of the baseline's shape), judged from the fixtures.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { smokeIsolation } from '../../src/checks/smoke.isolation'
import type { CheckResult } from '../../src/core/types'
import { parseEngagement } from '../../src/engagement/load'
import { asInBaseline, shapeOf, type IsolationSample } from '../../src/probes/behaviour-isolation'
import { evaluateFixture, FIXTURE_ROOT, readFixture } from '../checks/fixtures'

const dir = path.join(FIXTURE_ROOT, 'smoke.isolation')

async function resultOf(file: string): Promise<CheckResult> {
  const { result } = await evaluateFixture(smokeIsolation, readFixture(path.join(dir, file)), dir)
  if (!result) throw new Error(`no result for ${file}`)
  return result
}

const sample = (over: Partial<IsolationSample>): IsolationSample => ({
  phase: 'during',
  at: 0,
  status: 200,
  shape: 'keys:contacts',
  ...over,
})

describe('the isolation section of handover.json', () => {
  it('says in one sentence what is wrong with it', async () => {
    const base = {
      schema: 'handover.engagement/1',
      name: 'x',
      api: { base: 'https://api.acme.test/' },
      scope: { allow: ['acme.test', '*.acme.test'] },
    }
    const message = async (isolation: unknown): Promise<string> => {
      const parsed = await parseEngagement(JSON.stringify({ ...base, isolation }), '/tmp/ws/handover.json')
      return parsed.ok ? 'ok' : parsed.error.message
    }
    expect(await message({})).toMatch(
      /^handover\.json: isolation\.target is required \(line 1, column \d+\)\.$/,
    )
    expect(await message({ target: { url: 'api/exports' } })).toMatch(
      /^handover\.json: isolation\.target\.url: expected an absolute http\(s\) URL/,
    )
    const target = { url: 'https://api.acme.test/api/exports' }
    expect(await message({ target, reads: Array(6).fill('https://api.acme.test/api/me') })).toMatch(
      /isolation\.reads: at most 5 reads: each is sampled many times/,
    )
    expect(await message({ target })).toBe('ok')
  })
})

describe('the content rule of smoke.isolation', () => {
  it('tells answers apart by their JSON keys and status field, an HTML page by its title', () => {
    expect(shapeOf('{"status":"ok","checks":{"database":"ok"}}')).toBe('keys:checks,status status:ok')
    expect(shapeOf('{"checks":{"database":"ok"},"status":"unavailable"}')).toBe(
      'keys:checks,status status:unavailable',
    )
    expect(shapeOf('{"contacts":[]}')).toBe('keys:contacts')
    expect(shapeOf('[1,2]')).toBe('json:array')
    expect(shapeOf('<!doctype html><title>Contacts</title>')).toBe('html title:Contacts')
    expect(shapeOf('pool exhausted')).toBe('text')
    expect(shapeOf('  ')).toBe('empty')
  })

  it('counts a sample as in the baseline only when it is a healthy 2xx of the same shape', () => {
    const reference = sample({ phase: 'baseline' })
    expect(asInBaseline(sample({}), reference)).toBe(true)
    expect(asInBaseline(sample({ status: 204 }), reference)).toBe(true)
    expect(asInBaseline(sample({ status: 503 }), reference)).toBe(false)
    expect(asInBaseline(sample({ status: 302 }), reference)).toBe(false)
    expect(asInBaseline(sample({ shape: 'keys:error' }), reference)).toBe(false)
    expect(asInBaseline(sample({ unhealthy: 'it reports status "degraded"' }), reference)).toBe(false)
    expect(asInBaseline(sample({ status: undefined, code: 'TIMEOUT_READ' }), reference)).toBe(false)
    expect(asInBaseline(sample({}), undefined)).toBe(false)
  })
})

describe('smoke.isolation findings', () => {
  it('does not report a control that is slow but answers correctly, and keeps latency out of the verdict', async () => {
    const r = await resultOf('isolated.2.json')
    expect(`${r.status} ${r.outcome}`).toBe('pass isolated')
    expect(r.summary).not.toMatch(/ms|latency|slow/i)
    // The slowdown is shown as words in the evidence, marked as not judged.
    const health = r.evidence.find((e) => e.label.startsWith('the health check'))!
    expect(health.value).toContain(
      'median 20 ms before, 3900 ms during (×195.0); latency is shown, not judged',
    )
  })

  it('calls a health check that fails before the burst an error with nothing to compare, never a fail', async () => {
    for (const file of ['error.json', 'error.2.json']) {
      const r = await resultOf(file)
      expect(`${r.status} ${r.code}`, file).toBe('error BASELINE_FAILING')
      expect(r.summary, file).toContain('before any failing request was sent')
    }
    expect((await resultOf('error.2.json')).summary).toContain(
      'answered 200 but not healthy (it reports status "degraded")',
    )
  })

  it('names what each degraded control answered, when, and whether it came back', async () => {
    const r = await resultOf('degrades.json')
    expect(r.summary).toBe(
      'While POST https://api.acme.test/api/exports answered 6 failing requests (500 ×4, 503 ×2) as alice, ' +
        'the health check https://api.acme.test/api/healthz answered 503 {"status":"unavailable","error":"pool exhausted"} ' +
        '(1 of 2 samples during the burst, 1 of 2 samples after the burst); ' +
        'the read https://api.acme.test/api/contacts answered 503 {"error":"pool exhausted"} ' +
        '(1 of 2 samples during the burst, 1 of 2 samples after the burst); ' +
        'every control answered as before again 1.1 s after the burst.',
    )
    expect((await resultOf('stays-degraded.json')).summary).toContain(
      'still degraded 10.0 s after the burst: a few bad requests are enough to keep the portal down',
    )
  })

  it('finds a degradation by content alone: a 200 without the usual content, or a health body that says degraded', async () => {
    expect((await resultOf('degrades.2.json')).summary).toContain(
      'the read https://api.acme.test/api/contacts answered 200 without its usual content (keys:error instead of keys:contacts)',
    )
    expect((await resultOf('degrades.4.json')).summary).toContain(
      'answered 200 but not healthy (it reports status "degraded")',
    )
    expect((await resultOf('degrades.3.json')).summary).toContain('timed out (TIMEOUT_READ)')
  })

  it('takes samples our own halt kept from being sent as no evidence: stopped, not degraded', async () => {
    const r = await resultOf('error.5.json')
    expect(`${r.status} ${r.code}`).toBe('error STOPPED_ON_HARM')
    expect(r.summary).toContain('the target answered 429')
  })

  it('refuses to judge a burst whose requests all succeeded', async () => {
    const r = await resultOf('error.4.json')
    expect(`${r.status} ${r.code}`).toBe('error TARGET_NOT_FAILING')
    expect(r.summary).toContain('every request to the target was answered 202 ×20')
  })
})
