// Issue 7 item 10: a partial run, or one whose checks could not observe, says so in the pack and is no baseline.
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runCoverage } from '../../src/engine/coverage'
import { buildReport } from '../../src/report/model'
import { reportModel } from '../../src/report/pack'
import { renderReportPdf } from '../../src/report/pdf'
import { Workspace } from '../../src/store/workspace'
import { runMain } from '../helpers/cli'
import { haveTools } from '../helpers/tools'
import { result, runWith } from '../fixtures/report/load'
import { OFFLINE_CHECKS, offlineWorkspace } from '../store/support'

const NOW = '2025-01-02T09:00:00Z'
const FACTS = { name: 'Example portal', client: 'Example Ltd', hosts: ['app.example.test'] }
/** Every check that decides a minimum-bar item, passing: a subset like this once read "Launch-ready: yes". */
const BAR_CHECKS = [
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
]

function barRun(
  extra: Partial<Run> = {},
  results = BAR_CHECKS.map((check) => result({ check, status: 'pass' })),
): Run {
  return { ...runWith(results), ...extra }
}

describe('partial runs in the pack and the baseline (issue 7 item 10)', () => {
  const dir = offlineWorkspace('handover-partial-')
  let runId: string
  beforeAll(async () => {
    const done = await runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--fail-on', 'none'])
    expect(done.code, done.stderr).toBe(0)
    expect(done.stdout).toContain('Launch-ready: not established — partial run')
    expect(done.stdout).toMatch(
      /Partial run: only stage 7 \(2 of \d+ checks\) was run; stages 1, 2, 3, 4, 5 and 6 did not run at all/,
    )
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    const latest = await ws.value.loadRun('latest')
    if (!latest.ok) throw new Error(latest.error.message)
    runId = latest.value.id
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('Bug: A partial run (`--check`, `--stage`) becomes `latest`; `handover report` then signs a pack whose cover says "Nothing is on the launch block list", and `handover baseline` accepts it', async () => {
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    const built = await reportModel(ws.value)
    if (!built.ok) throw new Error(built.error.message)
    const { model } = built.value
    expect(model.cover.launchReady).toBe(false)
    expect(model.cover.verdict).toBe('Launch-ready: not established — partial run')
    expect(model.cover.reason).not.toContain('Nothing is on the launch block list')
    expect(model.cover.reason).toMatch(/it covered only stage 7 \(2 of \d+ checks\)/)
    expect(model.coverage).toMatchObject({
      full: false,
      partial: true,
      stages: [7],
      stagesNotRun: [1, 2, 3, 4, 5, 6],
      checks: ['handover.ownership', 'handover.rollback'],
    })
    expect(model.coverage.checksNotRun).toContain('tls.cert-valid')
    expect(model.coverage.checksNotRun).not.toContain('handover.rollback')
    expect(model.cover.caveat).toContain(model.coverage.sentence)
    // The JSON export is the model: the coverage is in it as it is in the pack's embedded report.json.
    expect(JSON.parse(JSON.stringify(model)).coverage).toEqual(model.coverage)

    // The baseline refuses it in one sentence, exit 2, and writes nothing; --partial accepts it.
    const refused = await runMain(['baseline', dir])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(
      `handover: Run ${runId} is a partial run, so it cannot stand for the release: ${model.coverage.sentence} Accept it anyway with \`handover baseline --partial\`, or run a full audit first.\n`,
    )
    expect(existsSync(path.join(dir, 'baseline'))).toBe(false)
    const forced = await runMain(['baseline', dir, '--partial'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toContain(`Run ${runId} is now the release baseline`)
    rmSync(path.join(dir, 'baseline'))
  })

  it.skipIf(!haveTools('partial run on the PDF cover', 'pdftotext'))(
    "says what was and was not run on the PDF's first page",
    async () => {
      const ws = await Workspace.open(dir)
      if (!ws.ok) throw new Error(ws.error.message)
      const built = await reportModel(ws.value)
      if (!built.ok) throw new Error(built.error.message)
      const file = path.join(dir, 'cover.pdf')
      writeFileSync(file, await renderReportPdf(built.value.model))
      const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, ' ')
      expect(page1).toContain('Launch-ready: not established — partial run')
      expect(page1).toContain('Partial run: only stage 7')
      expect(page1).toContain('stages 1, 2, 3, 4, 5 and 6 did not run at all')
      expect(page1).toMatch(/\d+ checks were not run \(/)
    },
  )

  it('never calls a subset launch-ready, even when it holds every minimum-bar check and all pass', () => {
    const full = buildReport({ run: barRun(), engagement: FACTS, now: NOW })
    expect(full.cover.verdict).toBe('Launch-ready: yes')
    expect(full.coverage.full).toBe(true)
    expect(full.cover.caveat).toBeUndefined()
    const subset = barRun({ selection: { checks: BAR_CHECKS } })
    const model = buildReport({ run: subset, engagement: FACTS, now: NOW })
    expect(model.cover.launchReady).toBe(false)
    expect(model.cover.verdict).toBe('Launch-ready: not established — partial run')
    expect(model.blockers.note).toContain('from what this run covered')
  })

  it('says which checks could not observe, and a run with such checks gives no verdict and is no baseline', () => {
    const results = [
      ...BAR_CHECKS.map((check) => result({ check, status: 'pass' })),
      result({ check: 'mail.dkim', status: 'error', severity: 'medium', code: 'DNS_TIMEOUT' }),
    ]
    const run = barRun({}, results)
    const model = buildReport({ run, engagement: FACTS, now: NOW })
    expect(model.coverage).toMatchObject({ full: false, partial: false, errored: ['mail.dkim'] })
    expect(model.cover.verdict).toBe('Launch-ready: not established — 1 check could not observe')
    expect(model.cover.caveat).toContain(
      '1 check could not observe, so its result proves nothing either way: mail.dkim.',
    )
  })

  it('names a cancelled run as such, and a run with blockers stays "no" whatever it covered', () => {
    const cancelled = runCoverage({ ...barRun(), status: 'cancelled' })
    expect(cancelled).toMatchObject({ full: false, partial: true })
    expect(cancelled.sentence).toContain('This run was cancelled before it finished.')
    const blocked = barRun({ selection: { stages: [4] } }, [
      result({ check: 'tls.cert-valid', status: 'fail', severity: 'critical' }),
    ])
    const model = buildReport({ run: blocked, engagement: FACTS, now: NOW })
    expect(model.cover.verdict).toBe('Launch-ready: no — 1 blocker')
    expect(model.cover.caveat).toContain('Partial run')
  })
})
