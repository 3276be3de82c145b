// secrets.repo: no secret in the working tree or anywhere in the git history of `sources.repo`.
import { repoScanOf, type RepoFinding } from '../probes/secrets-repo'
import { defineCheck, type FindingOf } from './define'
import { findingEvidence, findingFacts, groupBy, repoScanFor } from './support/secrets'
import { needsIfDeclared } from './support/declared'

/** True when the engagement records this value as rotated (`secrets.rotated`, by the rotation plan's id). */
export function isRotated(hash: string, rotated: readonly { id: string }[] | undefined): boolean {
  return (rotated ?? []).some((r) => hash.startsWith(r.id))
}

/** The outcomes of one secret's findings, worst first. */
const ORDER = ['in-working-tree', 'in-history', 'in-history-rotated', 'possible-secret'] as const

function outcomeOf(f: RepoFinding, rotated: boolean): (typeof ORDER)[number] {
  if (f.confidence === 'heuristic') return 'possible-secret'
  if (f.treePaths.length > 0) return 'in-working-tree'
  return rotated ? 'in-history-rotated' : 'in-history'
}

/** secrets.repo: No secrets in the repository or its history. */
export const secretsRepo = defineCheck({
  id: 'secrets.repo',
  version: 1,
  stage: 3,
  mode: 'passive',
  outcomes: ['clean', 'incomplete', 'in-working-tree', 'in-history', 'in-history-rotated', 'possible-secret'],
  needs: needsIfDeclared(repoScanOf),
  evaluate(observations, { engagement }): FindingOf<'secrets.repo'>[] {
    const found = repoScanFor(observations, engagement)
    if ('instead' in found) return [found.instead]
    const { subject, scan: obs } = found
    const data = obs.data
    const rotated = engagement.secrets?.rotated
    const secrets = data.findings.filter((f) => f.exposure === 'secret')
    const groups = groupBy(secrets, (f) => {
      const place = f.treePaths[0] ?? `history:${f.first?.path ?? '?'}`
      return `${place} · ${f.rule}`
    })
    const results = [...groups].map(([subject, found]): FindingOf<'secrets.repo'> => {
      const rot = found.every((f) => isRotated(f.hash, rotated))
      const worst = found.map((f) => outcomeOf(f, rot))
      const outcome = ORDER.find((o) => worst.includes(o))!
      const first = found
        .map((f) => f.first)
        .filter((o) => o !== undefined)
        .sort((a, b) => a.date.localeCompare(b.date))[0]
      return {
        subject,
        outcome,
        facts: {
          ...findingFacts(found),
          path: found[0]!.treePaths[0] ?? first?.path ?? '?',
          commit: first ? first.commit.slice(0, 12) : 'an uncommitted change',
          author: first?.author ?? 'unknown',
          date: first?.date.slice(0, 10) ?? 'not committed',
        },
        evidence: found.flatMap((f) => [
          findingEvidence(
            f,
            f.treePaths.length > 0 ? `working tree ${f.treePaths.join(', ')}` : 'history only',
            obs.key,
          ),
          ...(f.first
            ? [
                {
                  label: 'first committed',
                  value: `${f.first.commit.slice(0, 12)} by ${f.first.author} on ${f.first.date.slice(0, 10)} in ${f.first.path}`,
                  observation: obs.key,
                },
              ]
            : []),
        ]),
      }
    })
    if (results.length > 0) return results
    const facts = {
      files: data.tree.files,
      commits: data.commits,
      blobs: data.history.blobs,
      mb: (data.history.bytes / 1_000_000).toFixed(1),
      why: data.truncated ?? '',
    }
    return [{ subject: subject, outcome: data.truncated ? 'incomplete' : 'clean', facts }]
  },
})
