// What the secrets checks share: the repository scan they read, how a finding reads as evidence and as facts.
import type { Evidence, Observation } from '../../core/types'
import type { Engagement } from '../../engagement/load'
import { repoScanOf, type RepoScanFacts } from '../../probes/secrets-repo'
import { observationError, type ObservationSet } from '../check'
import type { GenericFinding } from '../define'
import { secretId } from '../../probes/secrets-common'
import { ruleById, type SecretFinding } from '../../secrets'
import { notConfigured } from './declared'

/** Findings grouped by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

/** One evidence line per finding: what, masked value, id and position (never the value). */
export function findingEvidence(f: SecretFinding, where: string, observation: string): Evidence {
  const how =
    f.encoding === 'plain' ? '' : f.encoding === 'escaped' ? ', inside an escaped string' : ', base64-encoded'
  return {
    label: where,
    value: `${f.provider} ${f.title} ${f.masked}, id ${secretId(f.hash)}, line ${f.line}${how}${f.name ? `, in ${f.name}` : ''}`,
    observation,
  }
}

/** Catalogue facts of a group of findings of one rule. */
export function findingFacts(found: readonly SecretFinding[]) {
  const first = found[0]!
  const rule = ruleById(first.rule)
  return {
    provider: first.provider,
    what: first.title,
    masked: [...new Set(found.map((f) => f.masked))].join(', '),
    count: found.length,
    ids: [...new Set(found.map((f) => secretId(f.hash)))].join(', '),
    risk: rule?.risk ?? 'Depends on what it unlocks.',
    rotation: rule?.rotation[0] ?? 'Issue a new value at the provider and revoke this one.',
  }
}

/** `fail` outcome for a group: provider formats are credentials; heuristic matches are possible secrets. */
export function exposureOutcome<C extends string, P extends string>(
  found: readonly SecretFinding[],
  credential: C,
  possible: P,
): C | P {
  return found.some((f) => f.confidence === 'format') ? credential : possible
}

/** The public-by-design values among findings, in words (for info evidence). */
export function publicValues(found: readonly SecretFinding[]): string {
  const names = [
    ...new Set(found.filter((f) => f.exposure === 'public').map((f) => `${f.provider} ${f.title}`)),
  ]
  return names.length > 0 ? names.join(', ') : 'none'
}

/**
 * The repository scan secrets.repo and secrets.env-files judge: the observation with its data, or the one finding
 * that stands in for it (no `sources.repo`: not-configured; no data: the observation's error).
 */
export function repoScanFor(
  observations: ObservationSet,
  engagement: Engagement,
):
  | { subject: string; scan: Observation<RepoScanFacts> & { data: RepoScanFacts } }
  | { instead: GenericFinding } {
  const req = repoScanOf(engagement)
  if (!req)
    return {
      instead: notConfigured('repository', 'The engagement names no source repository (sources.repo).'),
    }
  const obs = observations.get<RepoScanFacts>(req)
  if (!obs?.data) return { instead: observationError(req.subject, obs) }
  return { subject: req.subject, scan: obs as Observation<RepoScanFacts> & { data: RepoScanFacts } }
}
