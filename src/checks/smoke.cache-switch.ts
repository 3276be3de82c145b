// smoke.cache-switch (active, consent flows): the user switch on one browser. A's markers are values A was shown
// on the declared pages that B, signed in on a clean browser, was not (so a public page the same for everyone never
// counts); any of them in a view after A's sign-out — back, reload, or B's own pages — is a leak, proven by content.
import { cacheSwitchOf, type CacheSwitchFacts } from '../probes/flows-cache'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { notConfigured, needsIfDeclared } from './support/declared'

const quote = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ')

const SOURCE = {
  bfcache: 'the back/forward cache',
  'http-cache': 'the browser’s HTTP cache',
  network: 'the network',
  unknown: 'an unknown source',
} as const

/** smoke.cache-switch: nothing of the previous user is shown after signing out and switching users. */
export const smokeCacheSwitch = defineCheck({
  id: 'smoke.cache-switch',
  version: 1,
  stage: 5,
  mode: 'active',
  family: 'flows',
  outcomes: ['no-leak', 'leak'],
  needs: needsIfDeclared(cacheSwitchOf),
  evaluate(observations, { engagement }): FindingOf<'smoke.cache-switch'>[] {
    const req = cacheSwitchOf(engagement)
    if (!req)
      return [
        notConfigured(
          'user switch',
          'flows.cacheSwitch (accounts A and B, pages of A’s records), flows.signIn and flows.signOut must be set in handover.json.',
        ),
      ]
    const obs = observations.get<CacheSwitchFacts>(req)
    if (!obs?.data) return [observationError(req.subject, obs)]
    const d = obs.data
    const leaks = d.views.filter((v) => v.found.length > 0)
    const evidence = [
      { label: `markers of ${d.a}`, value: `${d.markers}, such as ${quote(d.sample)}`, observation: obs.key },
      ...d.cacheControl.map((c) => ({
        label: `Cache-Control of ${c.url} as ${d.a}`,
        value: c.value ?? '(none)',
        observation: obs.key,
      })),
      { label: 'Clear-Site-Data on sign-out', value: d.clearSiteData ?? '(none)', observation: obs.key },
      ...d.views.map((v) => ({
        label: `${v.step.replace('B', d.b)}: ${v.url} (from ${SOURCE[v.source]})`,
        value: v.found.length ? `shows ${d.a}’s ${quote(v.found)}` : `nothing of ${d.a}`,
        observation: obs.key,
      })),
    ]
    const first = leaks[0]
    if (!first)
      return [
        {
          subject: req.subject,
          outcome: 'no-leak',
          facts: {
            a: d.a,
            b: d.b,
            markers: d.markers,
            sample: quote(d.sample.slice(0, 2)),
            views: d.views.length,
          },
          evidence,
        },
      ]
    const page = d.cacheControl.find((c) => c.url === first.url) ?? d.cacheControl.at(-1)
    return [
      {
        subject: req.subject,
        outcome: 'leak',
        facts: {
          a: d.a,
          b: d.b,
          where: `${first.step.replace('B', d.b)} (${first.url})`,
          found: quote(first.found),
          source: SOURCE[first.source],
          cacheControl: page?.value ?? '(none)',
        },
        evidence,
      },
    ]
  },
})
