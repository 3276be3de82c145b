// handover.baseline: there is an accepted baseline and this run did not regress against it.
import { diffResults } from '../diff/diff'
import { baselineOf, type BaselineFacts } from '../probes/workspace'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'

/** handover.baseline: Release baseline holds. */
export const baseline = defineCheck({
  id: 'handover.baseline',
  version: 1,
  stage: 7,
  mode: 'passive',
  phase: 'after',
  outcomes: ['holds', 'no-baseline', 'regressed'],
  needs: () => [baselineOf()],
  evaluate(observations, { results }): FindingOf<'handover.baseline'>[] {
    const subject = 'release baseline'
    const obs = observations.get<BaselineFacts>(baselineOf())
    if (!obs?.data) return [observationError(subject, obs)]
    const facts = obs.data
    if (!facts.run) return [{ subject, outcome: 'no-baseline' }]
    // Only the checks that ran this time are compared, so a partial audit (--stage) is not a regression.
    const ran = new Set(results.map((r) => r.check))
    const diff = diffResults(
      facts.results.filter((r) => ran.has(r.check)),
      results,
    )
    const evidence = diff.regressions.map((e) => ({
      label: `${e.change}: ${e.fingerprint}`,
      value: `${e.from?.status ?? 'absent'} → ${e.to?.status ?? 'absent'}`,
    }))
    const common = { run: facts.run, acceptedAt: (facts.acceptedAt ?? '').slice(0, 10) }
    if (diff.regressions.length > 0) {
      const list =
        diff.regressions
          .slice(0, 5)
          .map((e) => e.fingerprint)
          .join(', ') + (diff.regressions.length > 5 ? ', …' : '')
      return [
        {
          subject,
          outcome: 'regressed',
          facts: { ...common, count: diff.regressions.length, list },
          evidence,
        },
      ]
    }
    return [
      {
        subject,
        outcome: 'holds',
        facts: { ...common, fixed: diff.counts.fixed, unchanged: diff.counts.unchanged },
      },
    ]
  },
})
