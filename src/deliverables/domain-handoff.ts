// The domain handoff sheet: the zone as it stands, what changed during the sprint, and why.
import type { Run } from '../core/types'
import { ANSWER, isVoid } from '../network/codes'
import type { SnapshotEntry, SnapshotFacts } from '../probes/dns'
import type { Deliverable } from '../report/model/types'

/** The id of the domain handoff sheet deliverable. */
export const DOMAIN_HANDOFF = 'domain-handoff'

/** One record set that differs between the first and the latest snapshot. */
export interface RecordChange {
  /** `TYPE name`, the key notes are filed under. */
  key: string
  before: string
  after: string
  kind: 'added' | 'removed' | 'changed'
}

/** The DNS snapshot a run observed, if it took one. */
export function snapshotOfRun(run: Run): SnapshotFacts | undefined {
  const obs = Object.values(run.observations).find((o) => o.kind === 'dns.snapshot' && o.data)
  return obs?.data as SnapshotFacts | undefined
}

const shown = (e: SnapshotEntry | undefined): string =>
  !e ? '(not looked up)' : e.values.length > 0 ? e.values.join('\n') : `(none: ${e.outcome ?? ANSWER.NODATA})`

/** Record sets that differ between two snapshots, in a stable order. */
export function recordChanges(first: SnapshotFacts, latest: SnapshotFacts): RecordChange[] {
  const key = (e: SnapshotEntry): string => `${e.type} ${e.name}`
  const before = new Map(first.records.map((e) => [key(e), e]))
  const after = new Map(latest.records.map((e) => [key(e), e]))
  const changes: RecordChange[] = []
  for (const k of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(k)
    const b = after.get(k)
    if (a && b && JSON.stringify(a.values) === JSON.stringify(b.values)) continue
    // Timeouts say nothing about the zone: they are not changes.
    if ((a?.outcome && !isVoid(a.outcome)) || (b?.outcome && !isVoid(b.outcome))) continue
    const had = Boolean(a?.values.length)
    const has = Boolean(b?.values.length)
    if (!had && !has) continue
    changes.push({
      key: k,
      before: shown(a),
      after: shown(b),
      kind: had && has ? 'changed' : has ? 'added' : 'removed',
    })
  }
  return changes
}

/** The sheet for `run`, comparing it with the first run of the sprint that took a snapshot. */
export function buildDomainHandoff(
  runs: readonly Run[],
  run: Run,
  notes: Record<string, string> = {},
): Deliverable {
  const base = { id: DOMAIN_HANDOFF, title: 'Domain handoff sheet', stage: 4 as const }
  const latest = snapshotOfRun(run)
  if (!latest) {
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} took no DNS snapshot; run the stage 4 checks (e.g. dns.caa) to produce this sheet.`,
      sections: [],
    }
  }
  const firstRun = runs.filter((r) => r.startedAt <= run.startedAt).find((r) => snapshotOfRun(r))
  const first = firstRun ? snapshotOfRun(firstRun)! : latest
  const changes = recordChanges(first, latest)
  const nameservers = latest.records.find((r) => r.type === 'NS' && r.name === latest.apex)?.values ?? []
  return {
    ...base,
    status: 'ready',
    why: `DNS snapshot of run ${run.id}${firstRun && firstRun.id !== run.id ? `, compared with the first run ${firstRun.id}` : ''}.`,
    sections: [
      {
        heading: 'Where the zone lives',
        paragraphs: [
          `${latest.apex} is served by ${nameservers.length > 0 ? nameservers.join(', ') : 'no nameserver the audit could see'}. Record the registrar, the DNS host account and who holds their logins in the ownership table.`,
        ],
      },
      {
        heading: 'Records now',
        table: {
          columns: ['Name', 'Type', 'Value'],
          rows: latest.records
            .filter((r) => r.values.length > 0)
            .map((r) => [r.name, r.type, r.values.join('\n')]),
        },
      },
      {
        heading:
          firstRun && firstRun.id !== run.id
            ? `Changed since ${firstRun.startedAt.slice(0, 10)} (run ${firstRun.id})`
            : 'Changed during the sprint',
        ...(changes.length === 0
          ? {
              paragraphs: [
                firstRun && firstRun.id !== run.id
                  ? 'No record changed between the first run and this one.'
                  : 'This is the first snapshot: later runs will list what changes.',
              ],
            }
          : {
              table: {
                columns: ['Record', 'Before', 'After', 'Why'],
                rows: changes.map((c) => [
                  c.key,
                  c.before,
                  c.after,
                  notes[c.key] ?? 'no note yet — add one with `handover handoff --note`',
                ]),
              },
              inputs: changes.map((c) => ({
                key: c.key,
                label: `Why ${c.key} changed`,
                value: notes[c.key] ?? '',
              })),
            }),
      },
    ],
  }
}
