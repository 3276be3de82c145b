// Counts, the minimum bar and the launch block list (DESIGN.md §3 and §5).
import { describe, expect, it } from 'vitest'
import type { CheckResult, MinimumBarItem, Severity, Status } from '../../src/core/types'
import { launchBlockers, MINIMUM_BAR, minimumBar, summarize } from '../../src/engine/summary'

function result(check: string, status: Status, severity?: Severity, subject = 'acme.test'): CheckResult {
  return {
    check,
    checkVersion: 1,
    stage: 4,
    subject,
    status,
    ...(severity ? { severity } : {}),
    outcome: status,
    title: `${check} ${status}`,
    summary: '',
    evidence: [],
    remediation: '',
    fingerprint: `${check}|${subject}`,
  }
}

/** A passing result for every check that decides the minimum bar. */
const allBarChecksPass = (): CheckResult[] =>
  MINIMUM_BAR.flatMap(({ checks }) => checks.map((c) => result(c, 'pass')))
const barStatus = (results: CheckResult[], item: MinimumBarItem): string | undefined =>
  minimumBar(results).find((b) => b.item === item)?.status

describe('minimumBar', () => {
  it('lists the seven items of the sprint brief', () => {
    expect(MINIMUM_BAR.map((b) => b.item)).toEqual([
      'auth-enforced',
      'authz-server-side',
      'secrets-outside-code',
      'input-validation',
      'edge-protection',
      'https-everywhere',
      'monitoring-live',
    ])
  })

  it('passes an item when every deciding check ran and none failed', () => {
    expect(
      barStatus([result('tls.https-forced', 'pass'), result('tls.cert-valid', 'pass')], 'https-everywhere'),
    ).toBe('pass')
  })

  it('lets a warning pass the bar', () => {
    expect(
      barStatus(
        [result('tls.https-forced', 'warn', 'low'), result('tls.cert-valid', 'pass')],
        'https-everywhere',
      ),
    ).toBe('pass')
  })

  it('fails an item when one result of a deciding check fails', () => {
    const results = [
      result('tls.https-forced', 'pass'),
      result('tls.cert-valid', 'pass'),
      result('tls.cert-valid', 'fail', 'critical', 'docs.acme.test:443'),
    ]
    expect(barStatus(results, 'https-everywhere')).toBe('fail')
  })

  it('fails an item when a deciding check could not observe', () => {
    expect(
      barStatus(
        [result('tls.https-forced', 'error', 'critical'), result('tls.cert-valid', 'pass')],
        'https-everywhere',
      ),
    ).toBe('fail')
  })

  it('fails an item on a failure even when another deciding check did not run', () => {
    expect(barStatus([result('tls.cert-valid', 'fail', 'critical')], 'https-everywhere')).toBe('fail')
  })

  it('leaves an item not-checked when a deciding check did not run', () => {
    expect(barStatus([result('tls.https-forced', 'pass')], 'https-everywhere')).toBe('not-checked')
    expect(barStatus([], 'auth-enforced')).toBe('not-checked')
  })

  it('leaves an item not-checked when a deciding check was only skipped or awaits a person', () => {
    expect(
      barStatus(
        [result('tls.https-forced', 'pass'), result('tls.cert-valid', 'skipped')],
        'https-everywhere',
      ),
    ).toBe('not-checked')
    expect(
      barStatus([result('monitor.uptime', 'pass'), result('monitor.alerting', 'manual')], 'monitoring-live'),
    ).toBe('not-checked')
  })
})

describe('launchBlockers', () => {
  it('lists every critical or high failure and every critical error, and nothing else', () => {
    const results = [
      result('a', 'fail', 'critical'),
      result('b', 'fail', 'high'),
      result('c', 'fail', 'medium'),
      result('d', 'fail', 'low'),
      result('e', 'error', 'critical'),
      result('f', 'error', 'high'),
      result('g', 'warn', 'high'),
      result('h', 'pass'),
      result('i', 'manual'),
      result('j', 'skipped'),
    ]
    expect(launchBlockers(results).map((r) => r.check)).toEqual(['a', 'b', 'e'])
  })
})

describe('summarize', () => {
  it('counts results by status', () => {
    const s = summarize([
      result('a', 'pass'),
      result('b', 'pass'),
      result('c', 'fail', 'low'),
      result('d', 'warn', 'low'),
      result('e', 'error', 'medium'),
      result('f', 'skipped'),
      result('g', 'manual'),
    ])
    expect({
      pass: s.pass,
      fail: s.fail,
      warn: s.warn,
      error: s.error,
      skipped: s.skipped,
      manual: s.manual,
    }).toEqual({
      pass: 2,
      fail: 1,
      warn: 1,
      error: 1,
      skipped: 1,
      manual: 1,
    })
    expect(s.blockers).toBe(0)
  })

  it('is launch-ready when all seven items pass and nothing blocks', () => {
    const s = summarize([...allBarChecksPass(), result('tls.hsts', 'fail', 'medium')])
    expect(s.minimumBar.every((b) => b.status === 'pass')).toBe(true)
    expect(s.launchReady).toBe(true)
  })

  it('is not launch-ready with a blocker outside the minimum bar', () => {
    const s = summarize([...allBarChecksPass(), result('tls.protocols', 'fail', 'high')])
    expect(s.blockers).toBe(1)
    expect(s.launchReady).toBe(false)
  })

  it('is not launch-ready while a minimum-bar item is not checked, even with no blocker', () => {
    const s = summarize(allBarChecksPass().filter((r) => r.check !== 'edge.protection'))
    expect(s.blockers).toBe(0)
    expect(s.minimumBar.find((b) => b.item === 'edge-protection')?.status).toBe('not-checked')
    expect(s.launchReady).toBe(false)
  })

  it('is not launch-ready with no results at all', () => {
    expect(summarize([]).launchReady).toBe(false)
  })
})
