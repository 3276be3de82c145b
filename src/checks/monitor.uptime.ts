// monitor.uptime: the homepage and the authenticated health endpoint answer correctly, proven by their content:
// a 2xx with a body, a health answer that says it is healthy, over a certificate the browser trusts.
import type { Evidence, Observation } from '../core/types'
import { isNotTried } from '../network/codes'
import type { HttpOutcome } from '../network/http'
import { unhealthyBecause } from '../monitoring/health'
import { pageOf } from '../probes/http'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { finalExchange, healthRequestOf, homepageOf } from './support/monitoring'
import { notConfigured } from './support/declared'

function judge(
  subject: string,
  kind: 'homepage' | 'health',
  obs: Observation<HttpOutcome> | undefined,
  expect: string | undefined,
): FindingOf<'monitor.uptime'> {
  const outcome = obs?.data
  const last = finalExchange(outcome)
  const failure = outcome?.error ?? obs?.error
  if (!last) {
    // Our own limits (scope, budget, deadline) say nothing about the portal, nor does a probe that sent nothing
    // (no HTTP outcome: e.g. the monitoring account could not sign in, or its credential is not in the keychain).
    if (!obs || !outcome || !failure || isNotTried(failure.code))
      return observationError(subject, obs && failure ? { ...obs, error: failure } : obs)
    return {
      subject,
      outcome: 'not-answering',
      facts: { kind, code: failure.code, reason: failure.message },
      evidence: [{ label: 'request', value: `${failure.code} ${failure.message}`, observation: obs.key }],
    }
  }
  const evidence: Evidence[] = [
    {
      label: `${last.method} ${last.url} → ${last.status}`,
      value: `${last.bodyBytes} bytes${last.body ? `: ${last.body.slice(0, 160)}` : ''}`,
      observation: obs!.key,
    },
  ]
  const facts = { kind, status: last.status, url: last.url }
  if (last.tls && !last.tls.authorized)
    return {
      subject,
      outcome: 'tls-invalid',
      facts: { ...facts, reason: last.tls.hostnameError ?? last.tls.authorizationError ?? 'not trusted' },
      evidence,
    }
  if (last.status < 200 || last.status >= 300) return { subject, outcome: 'bad-status', facts, evidence }
  const why =
    kind === 'health'
      ? unhealthyBecause(last.body ?? '', expect)
      : last.bodyBytes === 0
        ? 'the body is empty'
        : undefined
  if (why) return { subject, outcome: 'unexpected-body', facts: { ...facts, reason: why }, evidence }
  return { subject, outcome: 'up', facts, evidence }
}

/** monitor.uptime: the homepage and the health endpoint answer correctly, by content. */
export const monitorUptime = defineCheck({
  id: 'monitor.uptime',
  version: 1,
  stage: 6,
  mode: 'passive',
  outcomes: ['up', 'not-answering', 'bad-status', 'unexpected-body', 'tls-invalid', 'no-health-endpoint'],
  needs(e) {
    const home = homepageOf(e)
    const health = healthRequestOf(e)
    return [...(home ? [pageOf(home)] : []), ...(health ? [health] : [])]
  },
  evaluate(observations, { engagement }): FindingOf<'monitor.uptime'>[] {
    const findings: FindingOf<'monitor.uptime'>[] = []
    const home = homepageOf(engagement)
    if (home) findings.push(judge(home, 'homepage', observations.get<HttpOutcome>(pageOf(home)), undefined))
    const health = healthRequestOf(engagement)
    if (health)
      findings.push(
        judge(
          engagement.monitoring!.health!,
          'health',
          observations.get<HttpOutcome>(health),
          engagement.monitoring?.healthExpect,
        ),
      )
    else
      findings.push({
        subject: 'monitoring.health',
        outcome: 'no-health-endpoint',
        facts: { reason: 'No health endpoint is declared (monitoring.health in handover.json).' },
      })
    if (!home)
      findings.push(
        notConfigured(
          'homepage',
          'Neither portal.url nor domains.apex is declared, so there is no homepage to watch.',
        ),
      )
    return findings
  },
})
