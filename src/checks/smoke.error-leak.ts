// smoke.error-leak: per origin, the requests made to fail (an unknown route, bad ids, and with consent broken JSON
// bodies) must not answer with a stack trace, a debug page, an SQL error or a server path. Proven by content: a
// status proves nothing (a plain 500 passes), and a line the control page shows to everyone (a docs page's code
// sample) is not a leak of the failing request. The worst leak is the origin's finding, with its request and answer.
import type { Evidence } from '../core/types'
import { isNoCredential } from '../keychain/codes'
import {
  errorLeakOf,
  errorLeakTargets,
  type ErrorLeakFacts,
  type ErrorTrial,
  type ErrorTrialName,
} from '../probes/smoke-errors'
import { LEAK_RANK, type Leak } from '../surface/errors'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { exchangePair } from './support/exchange'

type ErrorLeakFinding = FindingOf<'smoke.error-leak'>

/** What each trial sent, in the words of a finding. */
const SENT: Record<ErrorTrialName, string> = {
  'unknown-route': 'a route that does not exist',
  'quote-query': 'a quote in a query parameter',
  'huge-id': 'an id too large for any number type',
  'negative-id': 'a negative id',
  quote: 'an id with a quote in it',
  'malformed-json': 'a malformed JSON body',
  'wrong-types': 'a JSON body with every field of the wrong type',
}

/** The leaks of a trial that the control page does not show anyway. */
function ownLeaks(t: ErrorTrial, shown: ReadonlySet<string>): Leak[] {
  return t.leaks.filter((l) => !shown.has(l.line))
}

const worst = (leaks: readonly Leak[]): Leak =>
  leaks.reduce((a, b) => (LEAK_RANK[b.kind] > LEAK_RANK[a.kind] ? b : a))

/** The request of a trial in words: method, URL and what was wrong with it. */
function requestOf(t: ErrorTrial): string {
  const x = t.exchange!
  return `${x.method} ${x.url} (${SENT[t.name]}${t.as ? `, signed in as ${t.as}` : ''})`
}

/** smoke.error-leak: error answers of the portal's and the API's origins, judged by what they show. */
export const smokeErrorLeak = defineCheck({
  id: 'smoke.error-leak',
  version: 1,
  stage: 5,
  mode: 'passive',
  outcomes: ['no-leak', 'debug-page', 'stack-trace', 'sql-error', 'server-path', 'bodies-not-sent'],
  needs: (e) => errorLeakTargets(e).map(errorLeakOf),
  evaluate(observations, { engagement }) {
    return errorLeakTargets(engagement).flatMap((target): ErrorLeakFinding[] => {
      const host = new URL(target.origin).host
      const obs = observations.get<ErrorLeakFacts>(errorLeakOf(target))
      if (!obs?.data) return [observationError(host, obs)]
      const data = obs.data
      const shown = new Set((data.control?.leaks ?? []).map((l) => l.line))
      const skipped: ErrorLeakFinding[] =
        data.bodiesNotSent && target.login
          ? [
              {
                subject: `${target.login.method} ${target.login.url}`,
                outcome: 'bodies-not-sent',
                facts: { reason: data.bodiesNotSent },
                evidence: [{ label: 'not sent', value: data.bodiesNotSent, observation: obs.key }],
              },
            ]
          : []
      const leaking = data.trials
        .map((t) => ({ trial: t, leaks: ownLeaks(t, shown) }))
        .filter((x) => x.trial.exchange && x.leaks.length > 0)
      if (leaking.length > 0) {
        const ranked = leaking
          .map((x) => ({ ...x, top: worst(x.leaks) }))
          .sort((a, b) => LEAK_RANK[b.top.kind] - LEAK_RANK[a.top.kind])
        const first = ranked[0]!
        const others = ranked.slice(1)
        const also =
          others.length > 0
            ? `; ${others.length} more request${others.length === 1 ? '' : 's'} leaked too (${others
                .slice(0, 3)
                .map((o) => `${SENT[o.trial.name]}: ${o.top.what}`)
                .join('; ')})`
            : ''
        const evidence: Evidence[] = [
          ...exchangePair(
            first.trial.exchange!,
            obs.key,
            ['content-type'],
            ['content-type'],
            `quoted: ${first.top.line}`,
          ),
          { label: 'sent', value: first.trial.sent, observation: obs.key },
          {
            label: 'what the answer gives away',
            value: first.leaks.map((l) => `${l.what}: ${l.line}`).join('\n'),
            observation: obs.key,
          },
          ...others.map((o): Evidence => ({
            label: `also: ${o.trial.exchange!.method} ${o.trial.exchange!.url} → ${o.trial.exchange!.status}`,
            value: o.leaks.map((l) => `${l.what}: ${l.line}`).join('\n'),
            observation: obs.key,
          })),
        ]
        return [
          {
            subject: host,
            outcome: first.top.kind,
            facts: {
              request: requestOf(first.trial),
              status: first.trial.exchange!.status,
              what: first.top.what,
              line: first.top.line,
              also,
            },
            evidence,
          },
          ...skipped,
        ]
      }
      const failed = data.trials.filter((t) => t.error)
      if (failed.length > 0) {
        // A request that got no answer is not a clean one: the origin's pass needs every answer.
        const error = failed[0]!.error!
        return [
          {
            ...observationError(host, { ...obs, error }),
            facts: {
              reason: `${failed.length} of ${data.trials.length} requests got no answer (${failed
                .slice(0, 3)
                .map((t) => SENT[t.name])
                .join(', ')}): ${error.message}`,
            },
          },
          ...skipped,
        ]
      }
      // The signed-in id trials are what a missing credential kept from being made (isNoCredential): no pass.
      if (data.sessionCode !== undefined && isNoCredential(data.sessionCode))
        return [
          {
            subject: host,
            outcome: 'error',
            code: data.sessionCode,
            facts: { reason: data.sessionError ?? 'the account could not sign in' },
            evidence: [
              { label: 'error', value: data.sessionError ?? data.sessionCode, observation: obs.key },
            ],
          },
          ...skipped,
        ]
      const notes = [
        shown.size > 0 ? `; ${shown.size} line(s) every page shows (the control) were not counted` : '',
        data.sessionError ? `; ${data.sessionError}` : '',
        data.openapiError ? `; the OpenAPI document added no paths (${data.openapiError})` : '',
        data.bodiesNotSent ? '; no malformed body was sent (no input consent)' : '',
      ].join('')
      const tried = [...new Set(data.trials.map((t) => SENT[t.name]))].join(', ')
      return [
        {
          subject: host,
          outcome: 'no-leak',
          facts: { asked: data.trials.length, tried, notes },
          evidence: [
            {
              label: 'requests made to fail',
              value: data.trials
                .map(
                  (t) =>
                    `${t.exchange?.method ?? ''} ${t.exchange?.url ?? t.sent} → ${t.exchange?.status ?? '-'}`,
                )
                .join('\n'),
              observation: obs.key,
            },
          ],
        },
        ...skipped,
      ]
    })
  },
})
