// The environment variable inventory: every variable of every environment's env file, which environments
// share a value (by keyed hash), and the owner and purpose a person records — never a value.
import type { Run } from '../core/types'
import type { EnvScanFacts } from '../probes/secrets-env'
import type { Deliverable } from '../report/model/types'

/** The deliverable id, also the key of its notes in deliverables.json. */
export const ENV_INVENTORY = 'env-inventory'

/** Note keys of one variable: `owner:NAME`, `purpose:NAME`. */
export const noteKey = (field: 'owner' | 'purpose', name: string): string => `${field}:${name}`

/** One variable across environments. */
export interface InventoryRow {
  name: string
  /** Per environment: set, empty, placeholder, or absent. */
  state: Record<string, 'set' | 'empty' | 'placeholder' | 'absent'>
  /** Groups of environments holding the same value, e.g. [["production", "staging"]]. */
  shared: string[][]
  credential: boolean
  owner?: string
  purpose?: string
}

/** The env scan of a run, if it made one. */
export function envScanOfRun(run: Run): EnvScanFacts | undefined {
  return Object.values(run.observations).find((o) => o.kind === 'secrets.env')?.data as
    EnvScanFacts | undefined
}

/** Rows of the inventory, sorted by variable name. */
export function inventoryRows(scan: EnvScanFacts, notes: Record<string, string> = {}): InventoryRow[] {
  const names = [...new Set(scan.environments.flatMap((e) => e.variables.map((v) => v.name)))].sort()
  return names.map((name) => {
    const state: InventoryRow['state'] = {}
    const byHash = new Map<string, string[]>()
    let credential = false
    for (const env of scan.environments) {
      const v = env.variables.find((x) => x.name === name)
      state[env.name] = !v ? 'absent' : v.empty ? 'empty' : v.placeholder ? 'placeholder' : 'set'
      if (v?.secretLike) credential = true
      if (v?.hash) byHash.set(v.hash, [...(byHash.get(v.hash) ?? []), env.name])
    }
    const row: InventoryRow = {
      name,
      state,
      shared: [...byHash.values()].filter((g) => g.length > 1),
      credential,
    }
    const owner = notes[noteKey('owner', name)]
    const purpose = notes[noteKey('purpose', name)]
    if (owner) row.owner = owner
    if (purpose) row.purpose = purpose
    return row
  })
}

/** The inventory deliverable of a run; missing when the run read no env file. */
export function buildEnvInventory(run: Run, notes: Record<string, string> = {}): Deliverable {
  const base = { id: ENV_INVENTORY, title: 'Environment variable inventory', stage: 3 as const }
  const scan = envScanOfRun(run)
  if (!scan)
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} read no env file; list each environment's file in sources.envFiles and run stage 3.`,
      sections: [],
    }
  const envs = scan.environments.map((e) => e.name)
  const rows = inventoryRows(scan, notes)
  const missingOwner = rows.filter((r) => !r.owner || !r.purpose).length
  const unreadable = scan.environments.filter((e) => e.error)
  return {
    ...base,
    status: 'ready',
    why: `From the env files of ${envs.join(', ')} read in run ${run.id}; values are never shown, shared values are found by keyed hash.`,
    sections: [
      {
        table: {
          columns: ['Variable', ...envs, 'Same value in', 'Credential', 'Owner', 'Purpose'],
          rows: rows.map((r) => [
            r.name,
            ...envs.map((e) => r.state[e] ?? 'absent'),
            r.shared.map((g) => g.join(' = ')).join('; ') || '—',
            r.credential ? 'yes' : 'no',
            r.owner ?? 'to fill in',
            r.purpose ?? 'to fill in',
          ]),
        },
      },
      {
        heading: 'To complete',
        paragraphs: [
          missingOwner > 0
            ? `${missingOwner} of ${rows.length} variables have no owner or purpose yet: record them with \`handover env-inventory --owner NAME=who --purpose NAME=what\`.`
            : `Every variable has an owner and a purpose.`,
          'A credential with the same value in two environments must be split: one value per environment, so each can be rotated on its own.',
          ...unreadable.map((e) => `${e.name}: ${e.error!.message}`),
        ],
        inputs: rows.flatMap((r) =>
          (['owner', 'purpose'] as const).map((field) => ({
            key: noteKey(field, r.name),
            label: `${field === 'owner' ? 'Owner' : 'Purpose'} of ${r.name}`,
            value: r[field] ?? '',
          })),
        ),
      },
    ],
  }
}
