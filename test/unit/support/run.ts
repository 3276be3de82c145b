// A small stored run built from real checks and the real catalogue, for the exporters' tests.
import { toResult } from '../../../src/catalogue/catalogue'
import type { Finding } from '../../../src/checks/check'
import { checkById } from '../../../src/checks/registry'
import type { CheckResult, Run } from '../../../src/core/types'
import { summarize } from '../../../src/engine/summary'

/** One result from a registered check; throws for an unknown check, as a test bug. */
export function resultOf(checkId: string, finding: Finding): CheckResult {
  const check = checkById(checkId)
  if (!check) throw new Error(`no check ${checkId}`)
  return toResult(check, finding)
}

/** One result of every status and of every severity that can fail, with text that needs XML escaping. */
export function sampleResults(): CheckResult[] {
  return [
    resultOf('tls.https-forced', {
      subject: 'acme.test',
      outcome: 'redirects',
      facts: { status: 301, target: 'https://acme.test/' },
    }),
    resultOf('tls.https-forced', {
      subject: 'app.acme.test',
      outcome: 'login-over-http',
      facts: { url: 'http://app.acme.test/login?next=<home>&a="1"\u0001' },
    }),
    resultOf('tls.cert-valid', {
      subject: 'docs.acme.test:443',
      outcome: 'hostname-mismatch',
      facts: { names: 'legacy-docs.acme.test', host: 'docs.acme.test' },
    }),
    resultOf('tls.hsts', {
      subject: 'www.acme.test',
      outcome: 'short-max-age',
      facts: { maxAge: 300, days: 0 },
    }),
    resultOf('tls.cert-expiry', {
      subject: 'status.acme.test:443',
      outcome: 'expires-soon',
      facts: { which: 'leaf', notAfter: '2026-12-19', days: 20 },
    }),
    resultOf('tls.protocols', {
      subject: 'api.acme.test:443',
      outcome: 'error',
      code: 'TIMEOUT_CONNECT',
      facts: { reason: 'connecting to api.acme.test:443 timed out after 5000 ms' },
    }),
    resultOf('dns.canonical-host', {
      subject: 'apex',
      outcome: 'not-configured',
      facts: { reason: 'The engagement names no apex domain.' },
    }),
    resultOf('authz.admin-stepup', {
      subject: 'engagement',
      outcome: 'attested-fail',
      facts: { by: 'Dana Reviewer', at: '2026-11-28', note: 'role changes do not ask for a password' },
    }),
    resultOf('handover.rollback', { subject: 'engagement', outcome: 'awaiting' }),
    resultOf('handover.baseline', { subject: 'release baseline', outcome: 'no-baseline' }),
  ]
}

/** A complete run holding the given results, its summary computed the way the runner does. */
export function sampleRun(results: CheckResult[] = sampleResults()): Run {
  const ids = [...new Set(results.map((r) => r.check))]
  return {
    schema: 'handover.run/1',
    engine: '0.1.0',
    id: '20261129T123702Z-5829',
    startedAt: '2026-11-29T12:37:02.345Z',
    finishedAt: '2026-11-29T12:37:04.690Z',
    status: 'complete',
    engagement: { name: 'Acme client portal', client: 'Acme Ltd', hosts: ['acme.test', 'www.acme.test'] },
    selection: {},
    checks: Object.fromEntries(ids.map((id) => [id, checkById(id)!.version])),
    results,
    observations: {},
    attestations: [],
    timings: { totalMs: 2345, probesMs: 2100, probes: 35 },
    summary: summarize(results),
  }
}
