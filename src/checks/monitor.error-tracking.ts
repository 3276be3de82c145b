// monitor.error-tracking (hybrid): an error tracker recognised in what the portal serves (SDK code, a DSN or key,
// a loader from the provider's CDN, the CSP) and seen working in Chromium: after a marked test exception the page
// sends it to the provider's ingest. Proof is by content: which SDK, which signature, which request. When nothing
// is recognised, or a tracker is configured but not seen sending, a person's attestation answers.
import type { Attestation, Evidence } from '../core/types'
import { cspTrackers, ingestOf, loaderOf } from '../monitoring/error-tracking'
import { errorTrackingOf, type ErrorTrackingFacts } from '../probes/monitor-error-tracking'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { attestationEvidence, attestedFacts, attestedOutcome } from './support/attested'
import { needsIfDeclared } from './support/declared'

type Found = FindingOf<'monitor.error-tracking'>
type PageRequest = ErrorTrackingFacts['browser']['requests'][number]

/** What one provider showed of itself, strongest kind first. */
interface Sighting {
  provider: string
  /** SDK code or a loader script: the tracker is installed. */
  installed: string[]
  /** A DSN, a key's variable or a CSP source: the tracker is named. */
  named: string[]
}

/** The attested outcome, when a person answered; `evidence` of what the audit saw comes first. */
function attested(subject: string, answer: Attestation, evidence: Evidence[] = []): Found {
  return {
    subject,
    outcome: attestedOutcome(answer),
    facts: attestedFacts(answer),
    evidence: [...evidence, ...attestationEvidence(answer)],
  }
}

/** Every provider the served texts, the scripts and the CSP show, in the order first seen. */
function sightings(data: ErrorTrackingFacts): Sighting[] {
  const out: Sighting[] = []
  const of = (provider: string): Sighting => {
    let s = out.find((x) => x.provider === provider)
    if (!s) out.push((s = { provider, installed: [], named: [] }))
    return s
  }
  for (const sig of data.signatures)
    (sig.signal === 'sdk' ? of(sig.provider).installed : of(sig.provider).named).push(
      sig.signal === 'sdk' ? `SDK code "${sig.match}" in ${sig.url}` : `${sig.match} in ${sig.url}`,
    )
  const loaders = new Set([
    ...data.scripts.map((s) => s.url),
    ...data.browser.requests.filter((r) => r.resourceType === 'script').map((r) => r.url),
  ])
  for (const url of loaders) {
    const provider = loaderOf(url)
    if (provider) of(provider).installed.push(`loader script ${url}`)
  }
  for (const { provider, source } of cspTrackers(data.browser.csp ?? ''))
    of(provider).named.push(`the CSP allowing ${source}`)
  return out
}

/** The request that best shows a tracker at work: the one with the test exception, then an answered one. */
function bestSend(
  requests: readonly PageRequest[],
  dsns: readonly { host: string; project: string }[],
): { request: PageRequest; provider: string } | undefined {
  const sends = requests
    .filter((r) => r.method !== 'OPTIONS' && r.resourceType !== 'script')
    .map((r) => ({ request: r, provider: ingestOf(r.url, dsns) }))
    .filter((x): x is { request: PageRequest; provider: string } => x.provider !== undefined)
  const rank = (r: PageRequest): number =>
    (r.carriesTest ? 4 : 0) + (r.status !== undefined && r.status < 300 ? 2 : 0) + (r.blocked ? 1 : 0)
  return sends.sort((a, b) => rank(b.request) - rank(a.request))[0]
}

/** A request in words; a Sentry key in its query is public, but shortened like the DSN's. */
const line = (r: PageRequest): string =>
  `${r.method} ${r.url.replace(/([?&]sentry_key=[0-9a-f]{4})[0-9a-f]{28}/i, '$1…')} → ${r.status ?? (r.blocked ? `not sent (${r.blocked === 'scope' ? 'outside scope.allow' : 'budget spent'})` : (r.failure ?? 'no answer'))}${r.carriesTest ? ' (carrying the test exception)' : ''}`

/** monitor.error-tracking: a front-end error tracker is set up and receives a test exception. */
export const monitorErrorTracking = defineCheck({
  id: 'monitor.error-tracking',
  version: 1,
  stage: 6,
  mode: 'hybrid',
  outcomes: [
    'captures',
    'ingest-refused',
    'not-sending',
    'config-only',
    'awaiting',
    'attested-pass',
    'attested-fail',
    'not-applicable',
  ],
  needs: needsIfDeclared(errorTrackingOf),
  evaluate(observations, { engagement, attestations }): Found[] {
    const answer = attestations.filter((a) => a.check === 'monitor.error-tracking').at(-1)
    const req = errorTrackingOf(engagement)
    if (!req)
      return [
        answer
          ? attested('engagement', answer)
          : {
              subject: 'engagement',
              outcome: 'awaiting',
              facts: { seen: 'nothing (no portal URL is declared)' },
            },
      ]
    const subject = req.subject
    const obs = observations.get<ErrorTrackingFacts>(req)
    if (!obs?.data) return [observationError(subject, obs)]
    const data = obs.data
    const seen = sightings(data)
    const dsns = data.signatures.flatMap((s) => (s.dsn ? [s.dsn] : []))
    const send = bestSend(data.browser.requests, dsns)
    const sendHost = send ? new URL(send.request.url).host : undefined
    const names = (text: string): number => Number(!!sendHost && text.includes(`@${sendHost}/`))
    const signatureOf = (provider: string): string => {
      const s = seen.find((x) => x.provider === provider)
      // The configuration that names the host the page sent to is the one that matters.
      const named = [...(s?.named ?? [])].sort((a, b) => names(b) - names(a))
      return [...(s?.installed ?? []), ...named].slice(0, 2).join('; ') || 'seen in the page’s requests'
    }
    const evidence: Evidence[] = [
      ...seen.flatMap((s) =>
        [...s.installed, ...s.named].map((value) => ({ label: s.provider, value, observation: obs.key })),
      ),
      ...(send
        ? [{ label: `${send.provider} ingest`, value: line(send.request), observation: obs.key }]
        : []),
    ]
    if (send) {
      const r = send.request
      const base = {
        provider: send.provider,
        signature: signatureOf(send.provider),
        request: `${r.method} ${r.url.split('?')[0]}`,
      }
      // Stopped by the audit, answered 2xx, or still on its way when the probe ended: the tracker sent it.
      const pending = r.status === undefined && !r.failure && !r.blocked
      if (r.blocked || pending || (r.status !== undefined && r.status < 300))
        return [
          {
            subject,
            outcome: 'captures',
            facts: {
              ...base,
              delivery: r.blocked
                ? 'which the audit stopped (outside scope.allow), so the provider’s answer was not seen'
                : pending
                  ? `${r.carriesTest ? 'carrying the test exception; ' : ''}its answer was not seen before the probe ended`
                  : `answered ${r.status}${r.carriesTest ? ', carrying the test exception' : ''}`,
            },
            evidence,
          },
        ]
      return [
        {
          subject,
          outcome: 'ingest-refused',
          facts: { ...base, answer: r.status !== undefined ? String(r.status) : (r.failure ?? 'no answer') },
          evidence,
        },
      ]
    }
    if (answer) return [attested(subject, answer, evidence)]
    const installed = seen.find((s) => s.installed.length > 0)
    if (installed) {
      const b = data.browser
      const reason = b.error
        ? `the page could not be watched in Chromium (${b.error.code}: ${b.error.message})`
        : !b.thrown
          ? 'the test exception could not be raised in the page'
          : `the page sent nothing to it within a few seconds of a marked test exception (${b.requests.length} requests seen)`
      return [
        {
          subject,
          outcome: 'not-sending',
          facts: { provider: installed.provider, signature: signatureOf(installed.provider), reason },
          evidence,
        },
      ]
    }
    const named = seen[0]
    if (named)
      return [
        {
          subject,
          outcome: 'config-only',
          facts: { provider: named.provider, signature: signatureOf(named.provider) },
          evidence,
        },
      ]
    return [
      {
        subject,
        outcome: 'awaiting',
        facts: {
          seen: `${data.start.length} page(s), ${data.scripts.length} script(s) and ${data.browser.requests.length} request(s) of the page in Chromium`,
        },
        evidence: [
          {
            label: 'looked at',
            value: [...data.start, ...data.scripts.map((s) => s.url)].join('\n'),
            observation: obs.key,
          },
        ],
      },
    ]
  },
})
