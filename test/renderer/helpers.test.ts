// The renderer's pure helpers: routes that deep-link (Back works, tests link straight to a finding), the latency
// histogram's bins and percentile, and reading the samples of the latency sampler's observation.
import { describe, expect, it } from 'vitest'
import { hashToRoute, routeToHash } from '../../renderer/src/store/types'
import { histogram, percentile } from '../../renderer/src/charts/LatencyHistogram'
import { latencySamples } from '../../renderer/src/screens/Overview'
import { badgeLabel } from '../../renderer/src/components/Badge'
import { matchEntries, type PaletteEntry } from '../../renderer/src/components/Palette'
import { driftText, scopeText } from '../../renderer/src/components/RunHistory'
import type { RunHistoryEntry } from '../../main/contract'

describe('routes', () => {
  it('round-trips a finding, whose fingerprint holds | and :', () => {
    const route = {
      screen: 'stage' as const,
      stage: 4 as const,
      finding: 'tls.cert-valid|help.acme.test:443',
    }
    expect(routeToHash(route)).toBe('#/stage/4/tls.cert-valid%7Chelp.acme.test%3A443')
    expect(hashToRoute(routeToHash(route))).toEqual(route)
  })

  it('round-trips a run opened from the history, with a finding of that run', () => {
    const route = {
      screen: 'run' as const,
      run: '20261202T215626Z-adc9',
      finding: 'tls.cert-valid|help.acme.test:443',
    }
    expect(routeToHash(route)).toBe('#/run/20261202T215626Z-adc9/tls.cert-valid%7Chelp.acme.test%3A443')
    expect(hashToRoute(routeToHash(route))).toEqual(route)
    expect(hashToRoute('#/run')).toEqual({ screen: 'run' })
  })

  it('reads anything unknown as the overview, and ignores a stage out of range', () => {
    expect(hashToRoute('#/nowhere')).toEqual({ screen: 'overview' })
    expect(hashToRoute('')).toEqual({ screen: 'overview' })
    expect(hashToRoute('#/stage/9')).toEqual({ screen: 'stage' })
    expect(hashToRoute('#/verify')).toEqual({ screen: 'verify' })
  })
})

describe('the latency histogram', () => {
  it('bins samples by 50 ms up to the slowest, always past the 300 ms line', () => {
    const bins = histogram([10, 60, 70, 120, 990])
    expect(bins[0]).toEqual({ from: 0, to: 50, count: 1 })
    expect(bins[1]!.count).toBe(2)
    expect(bins.at(-1)).toEqual({ from: 950, to: 1000, count: 1 })
    expect(histogram([5]).at(-1)!.to).toBe(350)
  })

  it('takes the p95 by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(samples, 95)).toBe(95)
    expect(percentile([300, 100, 200], 50)).toBe(200)
  })

  it('reads the samples of a monitor.latency observation and of no other kind', () => {
    const data = { url: 'https://api.acme.test/api/projects', samplesMs: [12.5, 30, 41.2] }
    expect(latencySamples({ kind: 'monitor.latency', data })).toEqual([12.5, 30, 41.2])
    expect(latencySamples({ kind: 'http.page', data })).toBeUndefined()
    expect(latencySamples({ kind: 'monitor.latency', data: { samplesMs: [] } })).toBeUndefined()
    expect(latencySamples({ kind: 'monitor.latency' })).toBeUndefined()
  })
})

describe('badges', () => {
  it('say the PDF’s words', () => {
    expect(badgeLabel('not-checked')).toBe('NOT CHECKED')
    expect(badgeLabel('not measured')).toBe('NOT MEASURED')
    expect(badgeLabel('critical')).toBe('CRITICAL')
  })
})

describe('the run-history strip', () => {
  const entry = (fields: Partial<RunHistoryEntry>): RunHistoryEntry => ({
    id: 'r',
    startedAt: '2026-12-02T10:00:00Z',
    status: 'complete',
    scope: 'partial',
    stages: [4],
    errored: 0,
    coverage: '',
    counts: { pass: 1, fail: 0, warn: 0, error: 0, skipped: 0, manual: 0 },
    launchReady: false,
    blockers: 0,
    baseline: false,
    ...fields,
  })
  it('says the scope as people say it', () => {
    expect(scopeText(entry({}))).toBe('stage 4')
    expect(scopeText(entry({ stages: [1, 4] }))).toBe('stages 1, 4')
    expect(scopeText(entry({ scope: 'full', stages: [1, 2, 3, 4, 6, 7] }))).toBe('all stages')
    expect(scopeText(entry({ checks: ['tls.cert-valid'] }))).toBe('tls.cert-valid')
    expect(scopeText(entry({ checks: ['a', 'b'] }))).toBe('2 checks')
  })
  it('says the drift from the baseline, or that there is none to compare', () => {
    expect(driftText(entry({ baseline: true }))).toBe('the baseline')
    expect(driftText(entry({}))).toBe('no baseline to compare')
    expect(driftText(entry({ vsBaseline: { regressed: 2, fixed: 3, new: 1, regressions: 3 } }))).toBe(
      '3 regressions · 3 fixed',
    )
    expect(driftText(entry({ vsBaseline: { regressed: 0, fixed: 0, new: 0, regressions: 0 } }))).toBe(
      'no regression',
    )
  })
})

describe('the command palette', () => {
  const e = (id: string, group: PaletteEntry['group'], label: string, hint?: string): PaletteEntry => ({
    id,
    group,
    label,
    ...(hint ? { hint } : {}),
    run: () => undefined,
  })
  const entries = [
    e('a:verify', 'Actions', 'Verify a pack'),
    e('s:4', 'Stages', '4 · DNS, e-mail, TLS and edge'),
    e('c:tls.cert-valid', 'Checks', 'Certificate is valid', 'tls.cert-valid · stage 4'),
    e('d:rollback-notes', 'Deliverables', 'Rollback notes', 'stage 7'),
  ]
  it('finds by every word, in the label or the hint, any case', () => {
    expect(matchEntries(entries, 'CERT valid').map((x) => x.id)).toEqual(['c:tls.cert-valid'])
    expect(matchEntries(entries, 'tls.cert-valid').map((x) => x.id)).toEqual(['c:tls.cert-valid'])
    expect(matchEntries(entries, 'stage 7 notes').map((x) => x.id)).toEqual(['d:rollback-notes'])
    expect(matchEntries(entries, 'nothing like this')).toEqual([])
  })
  it('offers the actions and the stages before anything is typed, and caps the list', () => {
    expect(matchEntries(entries, '  ').map((x) => x.id)).toEqual(['a:verify', 's:4'])
    expect(matchEntries(entries, 'a', 2)).toHaveLength(2)
  })
})
