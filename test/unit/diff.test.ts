// Baseline diff: results matched by fingerprint and classified (DESIGN.md §2).
import { describe, expect, it } from 'vitest'
import type { Severity, Status } from '../../src/core/types'
import { badness, classify, diffResults, type Comparable } from '../../src/diff/diff'

function result(
  subject: string,
  status: Status,
  severity?: Severity,
  checkVersion = 1,
  check = 'tls.hsts',
): Comparable {
  return {
    fingerprint: `${check}|${subject}`,
    check,
    subject,
    status,
    checkVersion,
    ...(severity ? { severity } : {}),
  }
}

describe('diffResults', () => {
  it('calls a pass that now fails regressed, and counts it as a regression', () => {
    const diff = diffResults([result('acme.test', 'pass')], [result('acme.test', 'fail', 'medium')])
    expect(diff.entries).toEqual([
      {
        fingerprint: 'tls.hsts|acme.test',
        check: 'tls.hsts',
        subject: 'acme.test',
        change: 'regressed',
        from: { status: 'pass', checkVersion: 1 },
        to: { status: 'fail', severity: 'medium', checkVersion: 1 },
      },
    ])
    expect(diff.regressions.map((e) => e.fingerprint)).toEqual(['tls.hsts|acme.test'])
  })

  it('calls a failure that now passes fixed, and not a regression', () => {
    const diff = diffResults([result('acme.test', 'fail', 'high')], [result('acme.test', 'pass')])
    expect(diff.entries[0]?.change).toBe('fixed')
    expect(diff.regressions).toEqual([])
  })

  it('calls a failure whose severity rose regressed', () => {
    const diff = diffResults(
      [result('app.acme.test', 'fail', 'high')],
      [result('app.acme.test', 'fail', 'critical')],
    )
    expect(diff.entries[0]?.change).toBe('regressed')
    expect(diff.regressions).toHaveLength(1)
  })

  it('calls a failure whose severity fell fixed', () => {
    expect(
      diffResults([result('a', 'fail', 'critical')], [result('a', 'fail', 'low')]).entries[0]?.change,
    ).toBe('fixed')
  })

  it('calls a warning that now fails regressed, and a pass that now warns regressed', () => {
    expect(diffResults([result('a', 'warn', 'low')], [result('a', 'fail', 'low')]).entries[0]?.change).toBe(
      'regressed',
    )
    expect(diffResults([result('a', 'pass')], [result('a', 'warn', 'low')]).entries[0]?.change).toBe(
      'regressed',
    )
  })

  it('calls a pass that could no longer be observed regressed', () => {
    expect(diffResults([result('a', 'pass')], [result('a', 'error', 'high')]).entries[0]?.change).toBe(
      'regressed',
    )
  })

  it('calls equal status and severity unchanged, and treats pass, skipped and manual alike', () => {
    const diff = diffResults(
      [result('a', 'fail', 'medium'), result('b', 'pass'), result('c', 'manual')],
      [result('a', 'fail', 'medium'), result('b', 'skipped'), result('c', 'pass')],
    )
    expect(diff.entries.map((e) => e.change)).toEqual(['unchanged', 'unchanged', 'unchanged'])
    expect(diff.counts.unchanged).toBe(3)
  })

  it('counts a new failing or erroring result as a regression, and a new passing one not', () => {
    const diff = diffResults(
      [],
      [
        result('a', 'fail', 'low'),
        result('b', 'error', 'high'),
        result('c', 'pass'),
        result('d', 'warn', 'low'),
      ],
    )
    expect(diff.entries.map((e) => e.change)).toEqual(['new', 'new', 'new', 'new'])
    expect(diff.regressions.map((e) => e.subject)).toEqual(['a', 'b'])
    expect(diff.entries[0]).toEqual({
      fingerprint: 'tls.hsts|a',
      check: 'tls.hsts',
      subject: 'a',
      change: 'new',
      to: { status: 'fail', severity: 'low', checkVersion: 1 },
    })
  })

  it('calls a result missing from the new run gone, and not a regression', () => {
    const diff = diffResults([result('a', 'fail', 'high')], [])
    expect(diff.entries).toEqual([
      {
        fingerprint: 'tls.hsts|a',
        check: 'tls.hsts',
        subject: 'a',
        change: 'gone',
        from: { status: 'fail', severity: 'high', checkVersion: 1 },
      },
    ])
    expect(diff.regressions).toEqual([])
  })

  it('calls a result whose check version changed check-changed, even when it got worse', () => {
    const diff = diffResults([result('a', 'pass', undefined, 1)], [result('a', 'fail', 'critical', 2)])
    expect(diff.entries[0]?.change).toBe('check-changed')
    expect(diff.regressions).toEqual([])
  })

  it('matches by fingerprint, not by position', () => {
    const diff = diffResults(
      [result('a', 'pass'), result('b', 'pass')],
      [result('b', 'fail', 'low'), result('a', 'pass')],
    )
    expect(Object.fromEntries(diff.entries.map((e) => [e.subject, e.change]))).toEqual({
      a: 'unchanged',
      b: 'regressed',
    })
  })

  it('counts every kind of change', () => {
    const diff = diffResults(
      [
        result('same', 'pass'),
        result('worse', 'pass'),
        result('better', 'fail', 'high'),
        result('gone', 'pass'),
        result('v', 'pass', undefined, 1),
      ],
      [
        result('same', 'pass'),
        result('worse', 'fail', 'low'),
        result('better', 'pass'),
        result('new', 'pass'),
        result('v', 'pass', undefined, 2),
      ],
    )
    expect(diff.counts).toEqual({ regressed: 1, fixed: 1, new: 1, gone: 1, unchanged: 1, 'check-changed': 1 })
  })

  it('keeps titles on both sides when they are known', () => {
    const before = { ...result('a', 'pass'), title: 'HSTS set for at least a year' }
    const after = { ...result('a', 'fail', 'medium'), title: 'No HSTS header' }
    const [entry] = diffResults([before], [after]).entries
    expect(entry?.from?.title).toBe('HSTS set for at least a year')
    expect(entry?.to?.title).toBe('No HSTS header')
  })
})

describe('badness', () => {
  it('ranks fail and error alike (an error cannot prove a flaw gone), above warn above pass', () => {
    expect(badness({ status: 'fail', severity: 'high' })).toBe(badness({ status: 'error', severity: 'high' }))
    expect(badness({ status: 'fail', severity: 'critical' })).toBeGreaterThan(
      badness({ status: 'error', severity: 'high' }),
    )
    expect(badness({ status: 'error', severity: 'info' })).toBeGreaterThan(
      badness({ status: 'warn', severity: 'critical' }),
    )
    expect(badness({ status: 'warn', severity: 'info' })).toBeGreaterThan(badness({ status: 'pass' }))
    expect(badness({ status: 'pass', severity: 'critical' })).toBe(badness({ status: 'skipped' }))
  })
})

describe('results that can no longer be observed', () => {
  it('does not call fail → error a fix, and calls pass → error a regression', () => {
    const r = (status: 'pass' | 'fail' | 'error') => ({
      fingerprint: 'tls.cert-valid|a.test:443',
      check: 'tls.cert-valid',
      subject: 'a.test:443',
      status,
      severity: 'critical' as const,
      checkVersion: 1,
    })
    expect(diffResults([r('fail')], [r('error')]).entries[0]?.change).toBe('unchanged')
    expect(diffResults([r('pass')], [r('error')]).entries[0]?.change).toBe('regressed')
  })
})

describe('an error is never a fix', () => {
  // Bug: badness() ranks error like fail and then adds the severity, so fail/critical (35) → error/high (34)
  // scored lower and was classified "fixed": a probe that stopped observing a critical flaw read as its repair.
  // Fix: classify() never calls a change fixed when the new result is an error (or an error turned into a fail).
  it('Bug: fail/critical → error/high is classified fixed', () => {
    const diff = diffResults([result('a', 'fail', 'critical')], [result('a', 'error', 'high')])
    expect(diff.entries[0]?.change).toBe('unchanged')
    expect(diff.counts.fixed).toBe(0)
  })

  it.each([
    ['fail', 'critical', 'error', 'info'],
    ['fail', 'high', 'error', 'low'],
    ['error', 'critical', 'error', 'low'],
    ['error', 'critical', 'fail', 'high'],
  ] as const)('does not call %s/%s → %s/%s fixed', (fromStatus, fromSeverity, toStatus, toSeverity) => {
    const change = diffResults([result('a', fromStatus, fromSeverity)], [result('a', toStatus, toSeverity)])
      .entries[0]?.change
    expect(change).toBe('unchanged')
  })

  it('still calls an error that now passes or merely warns fixed, and a worse error regressed', () => {
    expect(classify(result('a', 'error', 'high'), result('a', 'pass'))).toBe('fixed')
    expect(classify(result('a', 'error', 'high'), result('a', 'warn', 'medium'))).toBe('fixed')
    expect(classify(result('a', 'fail', 'high'), result('a', 'error', 'critical'))).toBe('regressed')
    expect(classify(result('a', 'error', 'low'), result('a', 'fail', 'critical'))).toBe('regressed')
  })
})
