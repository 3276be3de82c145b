// The Observatory benchmark's self-check (bench/peers/observatory.ts): a failing Observatory test that our catalogue
// covers needs a failing or warning result of ours on that host, a check not implemented yet is pending rather than
// silently passed, and the reflected Origin the Observatory passes must be reported by us.
import { describe, expect, it } from 'vitest'
import { compareWithObservatory, coverOf, type ObservatoryHost } from '../../bench/peers/observatory'
import type { CheckResult } from '../../src/core/types'

const result = (
  check: string,
  subject: string,
  status: CheckResult['status'],
  outcome: string,
): CheckResult =>
  ({
    check,
    checkVersion: 1,
    stage: 1,
    subject,
    status,
    outcome,
    ...(status === 'fail' ? { severity: 'medium' } : {}),
    title: '',
    summary: '',
    evidence: [],
    remediation: '',
    fingerprint: `${check}|${subject}`,
  }) as CheckResult

const host = (name: string, tests: Record<string, [boolean, string]>): ObservatoryHost => ({
  host: name,
  ms: 80,
  tests: Object.fromEntries(
    Object.entries(tests).map(([k, [pass, r]]) => [k, { pass, result: r, data: null }]),
  ),
})

const all = (): boolean => true

describe('compareWithObservatory', () => {
  const peer = [
    host('app.acme.test', {
      'content-security-policy': [false, 'csp-not-implemented'],
      redirection: [false, 'redirection-missing'],
      'subresource-integrity': [false, 'sri-not-implemented-and-external-scripts-not-loaded-securely'],
      'cross-origin-resource-sharing': [
        true,
        'cross-origin-resource-sharing-implemented-with-restricted-access',
      ],
    }),
  ]
  const ours = [
    result('surface.headers', 'app.acme.test · csp', 'fail', 'csp-missing'),
    result('tls.https-forced', 'app.acme.test', 'fail', 'login-over-http'),
    result('surface.cors', 'https://app.acme.test', 'fail', 'reflects-with-credentials'),
  ]

  it('is clean when every covered Observatory failure has a failing result of ours on the same host', () => {
    const c = compareWithObservatory(peer, ours, all, 'https://app.acme.test')
    expect(c.problems).toEqual([])
    expect(c.rows.find((r) => r.test === 'subresource-integrity')?.ours).toBe('not in our catalogue')
  })

  it('fails when a covered Observatory failure has no counterpart, or ours passes it', () => {
    const missing = compareWithObservatory(peer, ours.slice(1), all)
    expect(missing.problems).toEqual([
      expect.stringContaining('app.acme.test: the Observatory fails content-security-policy'),
    ])
    const passed = compareWithObservatory(
      peer,
      [result('surface.headers', 'app.acme.test · csp', 'pass', 'csp-ok'), ...ours.slice(1)],
      all,
    )
    expect(passed.problems).toHaveLength(1)
  })

  it('fails when we do not report the reflected Origin with credentials', () => {
    const c = compareWithObservatory(peer, ours.slice(0, 2), all, 'https://app.acme.test')
    expect(c.problems).toEqual([expect.stringContaining('reflecting any Origin with credentials')])
  })

  it('calls a covered failure pending, not clean, when its check is not implemented on the checkout', () => {
    const c = compareWithObservatory(peer, ours.slice(1), (id) => id !== 'surface.headers')
    expect(c.problems).toEqual([])
    expect(c.pending).toEqual([
      'app.acme.test content-security-policy (csp-not-implemented) → surface.headers',
    ])
  })

  it('maps an invalid-certificate outcome to tls.cert-valid and an unscanned host to our certificate verdict', () => {
    expect(coverOf('strict-transport-security', 'hsts-invalid-cert')?.check).toBe('tls.cert-valid')
    const c = compareWithObservatory(
      [
        host('docs.acme.test', { redirection: [false, 'redirection-invalid-cert'] }),
        { host: 'help.acme.test', ms: 5, error: 'The site seems to be down.' },
      ],
      [
        result('tls.cert-valid', 'docs.acme.test:443', 'fail', 'hostname-mismatch'),
        result('tls.cert-valid', 'help.acme.test:443', 'fail', 'expired'),
      ],
      all,
    )
    expect(c.problems).toEqual([])
    expect(c.rows.find((r) => r.host === 'help.acme.test')?.ours).toContain('tls.cert-valid fail')
  })
})
