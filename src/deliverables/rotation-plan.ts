// The secret rotation plan: each exposed value (by keyed hash), where it was found, since which commit, the
// provider's rotation steps, and a "rotated" box that the next run verifies against what it still finds.
import type { Run } from '../core/types'
import type { EngagementFile } from '../engagement/schema'
import type { EnvScanFacts } from '../probes/secrets-env'
import type { FrontendScanFacts } from '../probes/secrets-frontend'
import type { LogScanFacts } from '../probes/secrets-logs'
import type { RepoScanFacts } from '../probes/secrets-repo'
import { secretId } from '../probes/secrets-common'
import type { Deliverable } from '../report/model/types'
import { ruleById } from '../secrets'

/** The id of the secret rotation plan deliverable. */
export const ROTATION_PLAN = 'rotation-plan'

type Rotation = NonNullable<EngagementFile['secrets']>['rotated'][number]

/** One exposed value and what to do about it. */
export interface RotationItem {
  id: string
  provider: string
  what: string
  masked: string
  /** Every place it was found in this run. */
  found: string[]
  /** The places that mean it is still in use or still served (not history, not old logs). */
  current: string[]
  since?: { commit: string; date: string; author: string; path: string }
  steps: readonly string[]
  rotated?: Rotation
  /** `verified`: marked rotated and found nowhere current; `still-present`: marked, but still there. */
  state: 'to-rotate' | 'verified' | 'still-present'
}

function dataOf<T>(run: Run, kind: string): T[] {
  return Object.values(run.observations)
    .filter((o) => o.kind === kind && o.data)
    .map((o) => o.data as T)
}

/** The exposed values of a run, in the order a person should deal with them (current ones first). */
export function rotationItems(run: Run, rotated: readonly Rotation[] = []): RotationItem[] {
  const items = new Map<string, RotationItem>()
  const add = (
    f: { hash: string; rule: string; provider: string; title: string; masked: string; exposure: string },
    where: string,
    current: boolean,
  ): RotationItem | undefined => {
    if (f.exposure !== 'secret') return undefined
    let item = items.get(f.hash)
    if (!item) {
      item = {
        id: secretId(f.hash),
        provider: f.provider,
        what: f.title,
        masked: f.masked,
        found: [],
        current: [],
        steps: ruleById(f.rule)?.rotation ?? [
          'Issue a new value at its service, deploy it, and revoke this one.',
        ],
        state: 'to-rotate',
      }
      items.set(f.hash, item)
    }
    if (!item.found.includes(where)) item.found.push(where)
    if (current && !item.current.includes(where)) item.current.push(where)
    return item
  }
  for (const scan of dataOf<FrontendScanFacts>(run, 'secrets.frontend'))
    for (const f of scan.findings) add(f, `served: ${f.url}${f.source ? ` → ${f.source}` : ''}`, true)
  for (const scan of dataOf<RepoScanFacts>(run, 'secrets.repo'))
    for (const f of scan.findings) {
      const item = add(
        f,
        f.treePaths.length > 0
          ? `repository: ${f.treePaths.join(', ')}`
          : `git history: ${f.first?.path ?? '?'}`,
        f.treePaths.length > 0,
      )
      if (item && f.first && (!item.since || f.first.date < item.since.date))
        item.since = {
          commit: f.first.commit.slice(0, 12),
          date: f.first.date.slice(0, 10),
          author: f.first.author,
          path: f.first.path,
        }
    }
  for (const scan of dataOf<LogScanFacts>(run, 'secrets.logs'))
    for (const file of scan.files)
      for (const f of file.findings) add(f, `log: ${file.file} line ${f.line}`, false)
  // A value still set in an environment's env file is still in use there.
  for (const scan of dataOf<EnvScanFacts>(run, 'secrets.env'))
    for (const env of scan.environments)
      for (const v of env.variables) {
        const item = v.hash ? items.get(v.hash) : undefined
        if (item) {
          const where = `${env.name} env file: ${v.name}`
          item.found.push(where)
          item.current.push(where)
        }
      }
  for (const [hash, item] of items) {
    const mark = rotated.find((r) => hash.startsWith(r.id))
    if (mark) {
      item.rotated = mark
      item.state = item.current.length > 0 ? 'still-present' : 'verified'
    }
  }
  return [...items.values()].sort(
    (a, b) => b.current.length - a.current.length || a.provider.localeCompare(b.provider),
  )
}

const BOX: Record<RotationItem['state'], string> = {
  'to-rotate': '[ ] not rotated',
  verified: '[x] rotated — verified: found nowhere current',
  'still-present': '[x] marked rotated — NOT verified: still found',
}

/** The rotation plan deliverable; ready (and saying so) when nothing is exposed. */
export function buildRotationPlan(run: Run, rotated: readonly Rotation[] = []): Deliverable {
  const base = { id: ROTATION_PLAN, title: 'Secret rotation plan', stage: 3 as const }
  const ran = Object.values(run.observations).some((o) =>
    ['secrets.frontend', 'secrets.repo', 'secrets.logs'].includes(o.kind),
  )
  if (!ran)
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} ran no secret scan; run stage 3 (secrets.frontend, secrets.repo, secrets.logs).`,
      sections: [],
    }
  const items = rotationItems(run, rotated)
  if (items.length === 0)
    return {
      ...base,
      status: 'ready',
      why: `From the secret scans of run ${run.id}.`,
      sections: [{ paragraphs: ['No exposed secret was found: nothing to rotate.'] }],
    }
  const open = items.filter((i) => i.state !== 'verified').length
  return {
    ...base,
    status: 'ready',
    why: `From the secret scans of run ${run.id}; values are shown masked, with the id to record a rotation.`,
    sections: [
      {
        table: {
          columns: ['Id', 'Secret', 'Where found', 'Since', 'Rotated'],
          rows: items.map((i) => [
            i.id,
            `${i.provider} ${i.what} ${i.masked}`,
            i.found.join('\n'),
            i.since ? `${i.since.commit} (${i.since.date}, ${i.since.author})` : 'not in git history',
            `${BOX[i.state]}${i.rotated ? ` (${i.rotated.at}${i.rotated.by ? `, ${i.rotated.by}` : ''})` : ''}${i.state === 'still-present' ? `: ${i.current.join('; ')}` : ''}`,
          ]),
        },
      },
      ...items.map((i) => ({
        heading: `${i.id} — ${i.provider} ${i.what}`,
        paragraphs: i.steps.map((s, n) => `${n + 1}. ${s}`),
      })),
      {
        heading: 'Recording a rotation',
        paragraphs: [
          `${open} of ${items.length} still need rotating. When one is done, record it with \`handover rotation --rotated ID\` (or add it to secrets.rotated in handover.json); the next run checks that the value is no longer served, committed or set in any env file.`,
        ],
      },
    ],
  }
}
