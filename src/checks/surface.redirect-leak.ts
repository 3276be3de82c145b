// surface.redirect-leak: one result per endpoint whose redirect leaks — to a host the request named (an open
// redirect, a token leak when a secret rides along), or carrying a token or an internal host name to a host outside
// the engagement — and a pass per origin where none does. Judged from the recorded Location alone: a redirect to the
// portal's own paths, with or without parameters, is what sign-in pages are meant to do.
import { Scope } from '../network/scope'
import type { RedirectFacts, RedirectTrial } from '../probes/surface-redirects'
import { redirectsOf, redirectTargets } from '../probes/surface-redirects'
import { isInternalHost, redirectTarget, type RedirectTarget } from '../surface/redirects'
import { observationError, unansweredError } from './check'
import { defineCheck, type FindingOf } from './define'
import { exchangePair } from './support/exchange'

const SHOWN = ['location', 'refresh']

type Answered = RedirectTrial & { exchange: NonNullable<RedirectTrial['exchange']> }

/** The leak a redirect shows, most serious first; undefined when it stays home and carries nothing out. */
function leakOf(
  t: Answered,
  to: RedirectTarget,
  canary: string,
  inScope: (host: string) => boolean,
): 'token-leak' | 'open-redirect' | 'internal-host' | undefined {
  const leaves = to.host === canary || !inScope(to.host)
  if (leaves && to.carries.length > 0) return 'token-leak'
  if (to.host === canary) return 'open-redirect'
  if (to.host !== new URL(t.exchange.url).hostname && isInternalHost(to.host)) return 'internal-host'
  return undefined
}

const RANK = { 'token-leak': 0, 'open-redirect': 1, 'internal-host': 2 } as const

/** surface.redirect-leak: the portal's sign-in, sign-out and redirect endpoints, and its links with a destination. */
export const surfaceRedirectLeak = defineCheck({
  id: 'surface.redirect-leak',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: ['token-leak', 'open-redirect', 'internal-host', 'no-leak'],
  needs: (e) => redirectTargets(e).map(redirectsOf),
  evaluate(observations, { engagement }) {
    const scope = new Scope(engagement.scope.allow)
    return redirectTargets(engagement).flatMap((target): FindingOf<'surface.redirect-leak'>[] => {
      const host = new URL(target.origin).host
      const obs = observations.get<RedirectFacts>(redirectsOf(target))
      if (!obs?.data) return [observationError(host, obs)]
      const { canary, trials } = obs.data
      // The worst leak per endpoint path: one finding each, with the request that showed it.
      const worst = new Map<string, { t: Answered; to: RedirectTarget; leak: keyof typeof RANK }>()
      for (const t of trials) {
        if (!t.exchange) continue
        const to = redirectTarget(t.exchange.url, t.exchange.headers)
        const leak = to && leakOf(t as Answered, to, canary, (h) => scope.allows(h))
        if (!to || !leak) continue
        const key = new URL(t.exchange.url).pathname
        const seen = worst.get(key)
        // Among equals, the request that named one parameter says most.
        if (
          !seen ||
          RANK[leak] < RANK[seen.leak] ||
          (RANK[leak] === RANK[seen.leak] && t.param && !seen.t.param)
        )
          worst.set(key, { t: t as Answered, to, leak })
      }
      const findings = [...worst].map(([path, { t, to, leak }]): FindingOf<'surface.redirect-leak'> => {
        const url = t.exchange.url
        const evidence = exchangePair(t.exchange, obs.key, SHOWN)
        const subject = `${host}${path}`
        if (leak === 'token-leak')
          return {
            subject,
            outcome: leak,
            facts: { url, host: to.host, location: to.location, carried: carried(to) },
            evidence,
          }
        if (leak === 'open-redirect')
          return {
            subject,
            outcome: leak,
            facts: {
              url,
              location: to.location,
              param: t.param ? `the parameter ${t.param}` : 'a redirect parameter',
            },
            evidence,
          }
        return { subject, outcome: leak, facts: { url, host: to.host, location: to.location }, evidence }
      })
      const unanswered = unansweredError(host, obs, trials, 'requests got no answer')
      if (unanswered) return [...findings, unanswered]
      if (findings.length > 0) return findings
      return [
        {
          subject: host,
          outcome: 'no-leak',
          facts: { asked: trials.length },
          evidence: [
            {
              label: 'requests asked (never followed)',
              value: trials
                .map((t) => {
                  const to = t.exchange && redirectTarget(t.exchange.url, t.exchange.headers)
                  const asked = `${t.ask}${t.param ? ` (${t.param})` : ''} ${t.path}`
                  return `${asked} → ${t.exchange?.status ?? '-'}${to ? ` ${to.location}` : ''}`
                })
                .join('\n'),
              observation: obs.key,
            },
          ],
        },
      ]
    })
  },
})

/** `the token parameter`, `the code and state parameters`, `a token in the path`. */
function carried(to: RedirectTarget): string {
  const params = to.carries.filter((c) => c !== 'path')
  const words: string[] = []
  if (params.length > 0) words.push(`the ${params.join(' and ')} parameter${params.length === 1 ? '' : 's'}`)
  if (to.carries.includes('path')) words.push('a token in the path')
  return words.join(' and ')
}
