// surface.exposed-files: one result per path whose content proves it is a file or console that must not be public
// (an env file, repository metadata, a backup, a source map, a console, a listing, undeclared API docs), and a pass
// per origin where none is. A 200 alone is never a finding: the probe compared each body with a catch-all page and
// proved what it is by content.
import type { ExposedFilesFacts, ExposedPathTrial } from '../probes/surface-files'
import { EXPOSURE_KINDS, exposedFilesOf, exposedFilesTargets } from '../probes/surface-files'
import { observationError, unansweredError } from './check'
import { defineCheck, type FindingOf } from './define'
import { exchangePair } from './support/exchange'

const SHOWN = ['content-type', 'content-length']

/** surface.exposed-files: the curated paths, proven by content, on the portal's and the API's origins. */
export const surfaceExposedFiles = defineCheck({
  id: 'surface.exposed-files',
  version: 1,
  stage: 1,
  mode: 'passive',
  outcomes: [...EXPOSURE_KINDS, 'none-exposed'],
  needs: (e) => exposedFilesTargets(e).map(exposedFilesOf),
  evaluate(observations, { engagement }) {
    return exposedFilesTargets(engagement).flatMap((target): FindingOf<'surface.exposed-files'>[] => {
      const host = new URL(target.origin).host
      const obs = observations.get<ExposedFilesFacts>(exposedFilesOf(target))
      if (!obs?.data) return [observationError(host, obs)]
      const found = obs.data.trials.filter(
        (t): t is ExposedPathTrial & { proof: string; exchange: NonNullable<ExposedPathTrial['exchange']> } =>
          !!t.proof && !!t.exchange,
      )
      const findings: FindingOf<'surface.exposed-files'>[] = found.map((t) => ({
        subject: `${host}${t.path}`,
        outcome: t.kind,
        facts: { url: t.exchange.url, proof: t.proof },
        evidence: exchangePair(t.exchange, obs.key, SHOWN, [], `content: ${t.proof}`),
      }))
      const unanswered = unansweredError(host, obs, obs.data.trials, 'paths could not be asked')
      if (unanswered) return [...findings, unanswered]
      if (findings.length > 0) return findings
      const absent = obs.data.absent
      const shells = obs.data.trials.filter((t) => t.catchAll).length
      const catchAll =
        absent && absent.status >= 200 && absent.status < 300
          ? `the host answers ${absent.status} to any path, and ${shells} answered that catch-all page`
          : `a path that cannot exist answered ${absent?.status ?? 'nothing'}`
      return [
        {
          subject: host,
          outcome: 'none-exposed',
          facts: { asked: obs.data.trials.length, catchAll },
          evidence: [
            ...(absent ? exchangePair(absent, obs.key, SHOWN, [], 'a path that cannot exist') : []),
            {
              label: 'paths asked',
              value: obs.data.trials.map((t) => `${t.path} → ${t.exchange?.status ?? '-'}`).join('\n'),
              observation: obs.key,
            },
          ],
        },
      ]
    })
  },
})
