import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { describe, expect, it } from 'vitest'
import { launchBlockers } from '../../src/engine/summary'
import {
  buildReport,
  EVIDENCE_LINE_MAX,
  EVIDENCE_LINES,
  EXPECTED_DELIVERABLES,
  REPORT_SCHEMA,
  REPORT_SECTIONS,
  type ReportInput,
} from '../../src/report/model'
import { deepFreeze, fixtureInput, GOLDEN_FILE, result, runWith } from '../fixtures/report/load'

const NOW = '2025-01-02T09:00:00Z'
const FACTS = {
  name: 'Example portal',
  client: 'Example Ltd',
  consultant: 'Casey Lee',
  hosts: ['app.example.test'],
}

/** Every check that decides a minimum-bar item, passing. */
const BAR_PASSING = [
  'surface.unauth-data',
  'authz.bola',
  'authz.bfla',
  'secrets.frontend',
  'secrets.repo',
  'secrets.env-files',
  'surface.input-validation',
  'edge.protection',
  'tls.https-forced',
  'tls.cert-valid',
  'monitor.uptime',
  'monitor.alerting',
].map((check) => result({ check, status: 'pass' }))

describe('report model', () => {
  it('matches the golden model of the fixture sprint', async () => {
    const model = buildReport(fixtureInput())
    const json = JSON.stringify(model)
    if (process.env.UPDATE_GOLDEN === '1') {
      // Written as Prettier would, so the format check of the repository stays green after an update.
      const options = (await resolveConfig(GOLDEN_FILE)) ?? {}
      writeFileSync(GOLDEN_FILE, await format(json, { ...options, parser: 'json' }))
    }
    expect(existsSync(GOLDEN_FILE), `${GOLDEN_FILE} is missing: run with UPDATE_GOLDEN=1 once`).toBe(true)
    expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')))
  })

  it('is pure: the same input gives the same model and the input is never written to', () => {
    const input = deepFreeze(fixtureInput())
    expect(buildReport(input)).toEqual(buildReport(input))
  })

  it('carries its schema and survives a JSON round trip unchanged', () => {
    const model = buildReport(fixtureInput())
    expect(model.schema).toBe(REPORT_SCHEMA)
    expect(JSON.parse(JSON.stringify(model))).toEqual(model)
  })

  it('says launch-ready: no with the number of blockers, and lists exactly the launch blockers', () => {
    const input = fixtureInput()
    const model = buildReport(input)
    const expected = launchBlockers(input.run.results).map((r) => r.fingerprint)
    expect(model.cover.verdict).toBe(`Launch-ready: no — ${expected.length} blockers`)
    expect(model.blockers.items.map((r) => r.fingerprint).sort()).toEqual([...expected].sort())
    expect(model.cover.launchReady).toBe(false)
  })

  it('says launch-ready: yes when every minimum-bar item passes and nothing blocks', () => {
    const model = buildReport({ run: runWith(BAR_PASSING), engagement: FACTS, now: NOW })
    expect(model.cover.verdict).toBe('Launch-ready: yes')
    expect(model.minimumBar.items.every((b) => b.status === 'pass')).toBe(true)
    expect(model.blockers.items).toEqual([])
  })

  it('says launch-ready: no without blockers when a minimum-bar item was not checked', () => {
    const model = buildReport({
      run: runWith(BAR_PASSING.filter((r) => r.check !== 'edge.protection')),
      engagement: FACTS,
      now: NOW,
    })
    expect(model.cover.verdict).toBe('Launch-ready: no — 1 minimum-bar item not confirmed')
    expect(model.openRisks.items[0]).toMatchObject({
      priority: 'P1',
      title: expect.stringContaining('CDN or firewall'),
    })
  })

  it('caps every evidence line and the number of lines per result', () => {
    const long = 'x'.repeat(1000)
    const evidence = Array.from({ length: 6 }, (_, i) => ({ label: `header ${i}`, value: `${long} ${i}` }))
    const model = buildReport({
      run: runWith([result({ check: 'surface.cors', status: 'fail', severity: 'critical', evidence })]),
      engagement: FACTS,
      now: NOW,
    })
    const row = model.checklist.stages[0]?.rows[0]
    expect(row?.evidence).toHaveLength(EVIDENCE_LINES + 1)
    for (const line of row?.evidence ?? []) expect(line.length).toBeLessThanOrEqual(EVIDENCE_LINE_MAX)
    expect(row?.evidence[0]).toMatch(/^header 0: x+…$/)
    expect(row?.evidence.at(-1)).toBe('… and 3 more items in the run file')
  })

  it('keeps every section, saying why, when the run has no data', () => {
    const model = buildReport({ run: runWith([]), engagement: { name: 'Bare', hosts: [] }, now: NOW })
    for (const key of REPORT_SECTIONS) expect(model[key].note.length).toBeGreaterThan(20)
    expect(model.checklist.note).toContain('no results')
    expect(model.checklist.stages.map((s) => s.note)).toEqual(
      Array(7).fill('No check of this stage ran in this run.'),
    )
    expect(model.regressions.note).toContain('No release baseline')
    expect(model.timeline.note).toContain('Only this run')
    expect(model.targets.items.every((t) => t.status === 'not measured')).toBe(true)
    expect(model.minimumBar.items.every((b) => b.status === 'not-checked')).toBe(true)
    expect(model.cover.consultant).toBe('not recorded')
  })

  it('lists all eight deliverables and says which stage and checks produce a missing one', () => {
    const model = buildReport({ run: runWith([]), engagement: FACTS, now: NOW })
    expect(model.deliverables.items.map((d) => d.id)).toEqual(EXPECTED_DELIVERABLES.map((d) => d.id))
    const rollback = model.deliverables.items.find((d) => d.id === 'rollback-notes')
    expect(rollback).toMatchObject({ status: 'missing', stage: 7 })
    expect(rollback?.why).toContain('stage 7')
    expect(rollback?.why).toContain('handover.rollback')
  })

  it('takes a risk owner from the latest attestation of the check, otherwise unassigned', () => {
    const run = runWith([
      result({
        check: 'handover.access',
        status: 'fail',
        severity: 'medium',
        stage: 7,
        subject: 'engagement',
      }),
      result({ check: 'monitor.request-id', status: 'fail', severity: 'medium', stage: 6 }),
      result({ check: 'dns.caa', status: 'fail', severity: 'low', stage: 4 }),
    ])
    const input: ReportInput = {
      run,
      engagement: FACTS,
      now: NOW,
      attestations: [
        { check: 'handover.access', status: 'fail', by: 'old.owner', at: '2025-01-01T08:00:00Z' },
        { check: 'handover.access', status: 'fail', by: 'sam', at: '2025-01-01T09:00:00Z' },
      ],
    }
    const model = buildReport(input)
    expect(model.risks.items.map((r) => [r.check, r.owner])).toEqual([
      ['monitor.request-id', 'unassigned'],
      ['handover.access', 'sam'],
    ])
    // Low findings stay out of the register but are counted and kept in the open risks.
    expect(model.risks.minor).toBe(1)
    expect(model.openRisks.items.find((r) => r.check === 'dns.caa')?.priority).toBe('P3')
  })

  it('derives the operational targets from their checks', () => {
    const model = buildReport({
      run: runWith([
        result({
          check: 'monitor.latency',
          status: 'fail',
          severity: 'high',
          summary: 'p95 412 ms over 200 samples.',
        }),
        result({ check: 'monitor.error-rate', status: 'pass' }),
        result({ check: 'mail.spf', status: 'pass' }),
        result({ check: 'mail.dkim', status: 'error', code: 'ETIMEDOUT' }),
        result({ check: 'mail.dmarc', status: 'pass' }),
        result({ check: 'handover.rollback', status: 'manual' }),
      ]),
      engagement: FACTS,
      now: NOW,
    })
    const byId = Object.fromEntries(model.targets.items.map((t) => [t.id, t]))
    expect(byId.latency).toMatchObject({ status: 'not met', detail: 'p95 412 ms over 200 samples.' })
    expect(byId['error-rate']?.status).toBe('met')
    expect(byId['mail-auth']).toMatchObject({
      status: 'not measured',
      detail: 'mail.dkim could not observe (ETIMEDOUT).',
    })
    expect(byId.secrets).toMatchObject({ status: 'not measured' })
    expect(byId.rollback).toMatchObject({
      status: 'not measured',
      detail: 'handover.rollback is waiting for an answer.',
    })
  })

  it('places runs in the 48-hour windows by hours since the first run', () => {
    const model = buildReport({
      run: runWith([], { id: 'r-now', startedAt: '2025-01-03T02:00:00Z' }),
      engagement: FACTS,
      now: NOW,
      baseline: { id: 'r-30h' },
      earlierRuns: [
        { id: 'r-30h', startedAt: '2025-01-02T06:00:00Z' },
        { id: 'r-start', startedAt: '2025-01-01T00:00:00Z' },
        { id: 'r-5h', startedAt: '2025-01-01T05:00:00Z' },
      ],
    })
    const placed = model.timeline.windows.map((w) => [w.label, w.runs.map((r) => `${r.id}@${r.hour}`)])
    expect(placed).toEqual([
      ['Hours 0–6', ['r-start@0', 'r-5h@5']],
      ['Hours 6–16', []],
      ['Hours 16–28', []],
      ['Hours 28–36', ['r-30h@30']],
      ['Hours 36–44', []],
      ['Hours 44–48', []],
    ])
    expect(model.timeline.afterSprint.map((r) => [r.id, r.hour, r.current])).toEqual([['r-now', 50, true]])
    expect(model.timeline.windows[3]?.runs[0]?.baseline).toBe(true)
    expect(model.appendix.runs).toEqual(['r-start', 'r-5h', 'r-30h', 'r-now'])
  })

  it('reports regressions from the diff and says when nothing got worse', () => {
    const model = buildReport(fixtureInput())
    expect(model.regressions.items.map((e) => `${e.check}: ${e.from} → ${e.to}`)).toEqual([
      'surface.cors: pass → fail (critical)',
      'smoke.flows: pass → error (critical)',
    ])
    const clean = buildReport({
      ...fixtureInput(),
      baseline: {
        id: 'b1',
        diff: {
          entries: [],
          counts: { regressed: 0, fixed: 2, new: 0, gone: 0, unchanged: 5, 'check-changed': 0 },
          regressions: [],
        },
      },
    })
    expect(clean.regressions.note).toBe(
      'Nothing got worse since baseline b1 (2 fixed, 5 unchanged, 0 new, 0 gone).',
    )
  })

  it('plans the first week from the open risks: blockers on day 1, the rest on the day of their stage', () => {
    const model = buildReport(fixtureInput())
    const day = (n: number): string[] => model.firstWeek.days[n - 1]?.watch ?? []
    expect(day(1).every((w) => /^(R0[1-5]|P1) /.test(w))).toBe(true)
    expect(day(4).some((w) => w.includes('tls.cert-expiry'))).toBe(true)
    expect(day(3)).toEqual([])
  })
})
