// The renderer's pure helpers: routes that deep-link (Back works, tests link straight to a finding), the latency
// histogram's bins and percentile, and reading the samples of the latency sampler's observation.
import { describe, expect, it } from 'vitest'
import { hashToRoute, routeToHash } from '../../renderer/src/store/types'
import { histogram, percentile } from '../../renderer/src/charts/LatencyHistogram'
import { latencySamples } from '../../renderer/src/screens/Overview'
import { badgeLabel } from '../../renderer/src/components/Badge'

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
