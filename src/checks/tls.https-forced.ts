// tls.https-forced: plain-HTTP requests must be redirected to HTTPS; a sign-in page over HTTP is critical.
import type { Observation } from '../core/types'
import { NET } from '../network/codes'
import type { HttpOutcome } from '../network/http'
import { pageOf } from '../probes/http'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { hasPasswordField } from './support/html'
import { asHttp, loginUrls } from './support/hosts'
import { chainEvidence, ending, redirectTarget } from './support/redirects'

const ORDER = [
  'login-over-http',
  'serves-http',
  'redirect-to-http',
  'error',
  'indirect-redirect',
  'redirects',
  'no-plain-http',
]

function urlsFor(host: string, logins: string[]): string[] {
  return [`http://${host}/`, ...logins.filter((u) => new URL(u).hostname === host).map(asHttp)]
}

function judge(
  url: string,
  obs: Observation<HttpOutcome> | undefined,
  host: string,
): FindingOf<'tls.https-forced'> {
  const data = obs?.data
  if (!obs || !data) return observationError(host, obs)
  const first = data.exchanges[0]
  const evidence = chainEvidence(data, obs.key)
  if (!first) {
    if (data.error?.code === NET.CONNECT_REFUSED) return { subject: host, outcome: 'no-plain-http', evidence }
    return { ...observationError(host, { ...obs, error: data.error }), evidence }
  }
  const target = redirectTarget(first)
  if (!target) {
    const outcome = hasPasswordField(first.body ?? '') ? 'login-over-http' : 'serves-http'
    return { subject: host, outcome, facts: { url, status: first.status }, evidence }
  }
  const t = new URL(target)
  if (t.protocol === 'https:' && t.hostname === host) {
    return { subject: host, outcome: 'redirects', facts: { status: first.status, target }, evidence }
  }
  // Past the first hop, a chain that broke off (loop, too many redirects, timeout) proves nothing either way.
  if (data.error) return { ...observationError(host, { ...obs, error: data.error }), evidence }
  const end = ending(data) ?? target
  if (!end.startsWith('https:'))
    return { subject: host, outcome: 'redirect-to-http', facts: { target: end }, evidence }
  return { subject: host, outcome: 'indirect-redirect', facts: { target }, evidence }
}

/** tls.https-forced: HTTPS is forced. */
export const httpsForced = defineCheck({
  id: 'tls.https-forced',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: [
    'redirects',
    'no-plain-http',
    'indirect-redirect',
    'redirect-to-http',
    'serves-http',
    'login-over-http',
  ],
  needs: (e) => e.hosts.flatMap((h) => urlsFor(h, loginUrls(e)).map(pageOf)),
  evaluate(observations, { engagement }) {
    const logins = loginUrls(engagement)
    return engagement.hosts.map((host) => {
      const findings = urlsFor(host, logins).map((url) =>
        judge(url, observations.get<HttpOutcome>(pageOf(url)), host),
      )
      // The worst URL of the host decides; its evidence comes first, the others follow.
      findings.sort((a, b) => ORDER.indexOf(a.outcome) - ORDER.indexOf(b.outcome))
      const worst = findings[0]!
      return { ...worst, evidence: findings.flatMap((f) => f.evidence ?? []) }
    })
  },
})
