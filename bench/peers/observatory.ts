// The MDN HTTP Observatory beside our audit: which of our checks covers each of its tests, and the comparison the
// benchmark prints and its self-check enforces. Pure, so test/bench/observatory-compare.test.ts can hold it.
import type { CheckResult } from '../../src/core/types'

/** One test of the Observatory's scan of a host, as its driver prints it. */
export interface ObservatoryTest {
  pass: boolean
  result: string
  data: unknown
}

/** The Observatory's scan of one host, or why it could not scan it. */
export interface ObservatoryHost {
  host: string
  ms: number
  grade?: string
  score?: number
  tests?: Record<string, ObservatoryTest>
  error?: string
}

/** Where our catalogue covers an Observatory test: the check, and its result's subject for a host. */
interface Cover {
  check: string
  subject: (host: string) => string
}

const cert: Cover = { check: 'tls.cert-valid', subject: (h) => `${h}:443` }

/**
 * The Observatory's tests (1.4.8) and our check for each, given its outcome: a redirection or HSTS test that fails
 * because the certificate is invalid is our tls.cert-valid's finding. Subresource integrity and
 * Cross-Origin-Resource-Policy are not in our catalogue (DESIGN.md §4).
 */
export function coverOf(test: string, result: string): Cover | undefined {
  if (result.endsWith('-invalid-cert')) return cert
  switch (test) {
    case 'content-security-policy':
      return { check: 'surface.headers', subject: (h) => `${h} · csp` }
    case 'x-frame-options':
      return { check: 'surface.headers', subject: (h) => `${h} · frame` }
    case 'x-content-type-options':
      return { check: 'surface.headers', subject: (h) => `${h} · nosniff` }
    case 'referrer-policy':
      return { check: 'surface.headers', subject: (h) => `${h} · referrer-policy` }
    case 'strict-transport-security':
      return { check: 'tls.hsts', subject: (h) => h }
    case 'redirection':
      return { check: 'tls.https-forced', subject: (h) => h }
    case 'cross-origin-resource-sharing':
      return { check: 'surface.cors', subject: (h) => `https://${h}` }
    case 'cookies':
      return { check: 'authz.session-cookies', subject: (h) => h }
    default:
      return undefined
  }
}

/** The checks our side runs for the comparison, of those implemented: the surface plus the overlapping TLS ones. */
export const COMPARED_TLS_CHECKS = ['tls.hsts', 'tls.https-forced', 'tls.cert-valid'] as const

/** One row of the side-by-side table. */
export interface ComparisonRow {
  host: string
  test: string
  observatory: string
  ours: string
  fingerprint?: string
}

/** The table, the problems the self-check fails on, and what the catalogue covers but this checkout lacks. */
export interface Comparison {
  rows: ComparisonRow[]
  problems: string[]
  pending: string[]
}

const flagged = (r: CheckResult | undefined): boolean => r?.status === 'fail' || r?.status === 'warn'

/** Our result of `check` whose subject is `subject` (exact), else one on the same host (an origin, a cookie). */
function ourResult(
  results: readonly CheckResult[],
  check: string,
  subject: string,
  host: string,
): CheckResult | undefined {
  const same = results.filter((r) => r.check === check)
  return (
    same.find((r) => r.subject === subject) ??
    same.find(
      (r) =>
        flagged(r) &&
        (r.subject === host ||
          r.subject.startsWith(`${host} `) ||
          r.subject.includes(`//${host}`) ||
          r.subject.endsWith(`(${host})`)),
    )
  )
}

const said = (r: CheckResult): string =>
  `${r.status}${r.severity && r.status !== 'pass' ? ` ${r.severity}` : ''} ${r.outcome ?? ''}`.trim()

/**
 * Compares the Observatory's scans with our results. A failing Observatory test that our catalogue covers needs a
 * failing or warning result of ours on that host (a problem otherwise), unless the covering check is not
 * implemented on this checkout (then it is pending). A host the Observatory could not scan is compared with our
 * tls.cert-valid. With `reflected`, our surface.cors must report that origin reflecting any Origin with credentials.
 */
export function compareWithObservatory(
  peer: readonly ObservatoryHost[],
  results: readonly CheckResult[],
  implemented: (check: string) => boolean,
  reflected?: string,
): Comparison {
  const rows: ComparisonRow[] = []
  const problems: string[] = []
  const pending: string[] = []
  for (const h of peer) {
    if (!h.tests) {
      const mine = ourResult(results, cert.check, cert.subject(h.host), h.host)
      rows.push({
        host: h.host,
        test: '(whole scan)',
        observatory: `could not scan: ${h.error ?? 'no answer'}`,
        ours: mine ? `${cert.check} ${said(mine)}` : `no ${cert.check} result`,
        ...(mine ? { fingerprint: mine.fingerprint } : {}),
      })
      continue
    }
    for (const [name, t] of Object.entries(h.tests)) {
      const cover = coverOf(name, t.result)
      const mine = cover ? ourResult(results, cover.check, cover.subject(h.host), h.host) : undefined
      const ours = !cover
        ? 'not in our catalogue'
        : !implemented(cover.check)
          ? `${cover.check} not implemented on this checkout`
          : mine
            ? `${cover.check === 'surface.headers' ? '' : `${cover.check} `}${said(mine)}`
            : `${cover.check}: not judged on this host`
      rows.push({
        host: h.host,
        test: name,
        observatory: `${t.pass ? 'pass' : 'FAIL'} ${t.result}`,
        ours,
        ...(mine ? { fingerprint: mine.fingerprint } : {}),
      })
      if (t.pass || !cover) continue
      if (!implemented(cover.check)) pending.push(`${h.host} ${name} (${t.result}) → ${cover.check}`)
      else if (!flagged(mine))
        problems.push(`${h.host}: the Observatory fails ${name} (${t.result}); ours: ${ours}`)
    }
  }
  if (reflected) {
    const cors = results.find((r) => r.check === 'surface.cors' && r.subject === reflected)
    if (!(cors?.status === 'fail' && cors.outcome === 'reflects-with-credentials'))
      problems.push(`we did not report ${reflected} reflecting any Origin with credentials`)
  }
  return { rows, problems, pending }
}
