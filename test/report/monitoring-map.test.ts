// Issue 12: the monitoring and alert routing map is built from a stage-6 run of the demo lab — its gaps (the
// flawed lab's refused webhook, slow core read, missing request ids) as gaps, the fixed lab's watch as watched —
// and appears in the pack's deliverables without code of its own in the renderer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { buildDeliverables } from '../../src/deliverables'
import { buildMonitoringMap } from '../../src/deliverables/monitoring-map'
import { buildReport } from '../../src/report/model'
import { reportToMarkdown } from '../../src/report/markdown'
import { runWith } from '../fixtures/report/load'
import { auditLab, startTestLab, type TestLab } from '../helpers/lab'

const CHECKS = [
  'monitor.uptime',
  'monitor.latency',
  'monitor.request-id',
  'monitor.alerting',
  'monitor.status-page',
  'monitor.error-tracking',
]

const row = (rows: string[][], watch: string, subject?: string): string[] | undefined =>
  rows.find((r) => r[0] === watch && (subject === undefined || r[1] === subject))

describe('the monitoring and alert routing map', { timeout: 180_000 }, () => {
  let t: TestLab
  const runs: Partial<Record<'flawed' | 'fixed', Run>> = {}
  beforeAll(async () => {
    t = await startTestLab('flawed')
    runs.flawed = await auditLab(t, CHECKS)
    t.lab.setMode('fixed')
    runs.fixed = await auditLab(t, CHECKS)
  }, 180_000)
  afterAll(() => t?.stop())

  it('shows the flawed lab’s gaps and the refused test alert', () => {
    const map = buildMonitoringMap(runs.flawed!)
    expect(map.status).toBe('ready')
    const watched = map.sections[0]!.table!.rows
    expect(row(watched, 'p95 latency of core reads')?.[3]).toBe('gap')
    expect(row(watched, 'Request ids for tracing')?.[3]).toBe('gap')
    // A DSN in the page but no SDK: the tracker is named, and the row says it is a gap.
    expect(row(watched, 'Front-end and API error tracking')?.slice(2, 4)).toEqual([
      'Sentry (seen by this audit)',
      'gap',
    ])
    const routes = map.sections[1]!.table!.rows
    expect(routes.find((r) => r[0] === 'webhook keychain:acme-alert-webhook')?.[1]).toBe('did not arrive')
    expect(routes.find((r) => r[0] === 'webhook keychain:acme-alert-webhook')?.[2]).toContain(
      '404 no_service',
    )
    expect(routes.find((r) => r[0] === 'email oncall@acme.test')?.[1]).toBe('arrived')
  })

  it('shows the fixed lab watched and every test alert arrived', () => {
    const map = buildMonitoringMap(runs.fixed!)
    const watched = map.sections[0]!.table!.rows
    expect(watched.length).toBeGreaterThanOrEqual(CHECKS.length - 1)
    // The fixed lab's p95 on loopback depends on the machine's load: that row is only checked to follow its result.
    const latency = runs.fixed!.results.find((r) => r.check === 'monitor.latency')!
    expect(row(watched, 'p95 latency of core reads')?.[3]).toBe(latency.status === 'pass' ? 'watched' : 'gap')
    expect(watched.filter((r) => r[0] !== 'p95 latency of core reads' && r[3] !== 'watched')).toEqual([])
    expect(map.sections[1]!.table!.rows.map((r) => r[1])).toEqual(['arrived', 'arrived'])
    const tracking = row(watched, 'Front-end and API error tracking')
    expect(tracking?.slice(2, 4)).toEqual(['Sentry (seen by this audit)', 'watched'])
    expect(tracking?.[4]).toContain('POST https://api.acme.test/api/4508/envelope/')
  })

  it('is listed in the pack as ready, and as missing with the reason when no stage-6 check ran', () => {
    const run = runs.fixed!
    const model = buildReport({
      run,
      engagement: { name: 'Acme client portal', hosts: run.engagement.hosts },
      now: '2026-12-02T18:00:00Z',
      deliverables: buildDeliverables([run], run, {}),
    })
    const d = model.deliverables.items.find((i) => i.id === 'monitoring-map')
    expect(d?.status).toBe('ready')
    expect(reportToMarkdown(model)).toContain('webhook keychain:acme-alert-webhook')
    const none = buildMonitoringMap(runWith([]))
    expect(none.status).toBe('missing')
    expect(none.why).toMatch(/ran no monitoring check; run stage 6/)
  })
})
