// The engagement folders of a repository, as the CI gate's targets: each validated, its keychain names listed,
// and whether the committed baseline the gate diffs against is there.
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { failure, ok, type Result } from '../core/result'
import { refName } from '../keychain/keychain'
import { ENGAGEMENT_FILE, Workspace } from '../store/workspace'
import { credentialMapping, type GateTarget } from './workflows'

/** How deep below the root engagement folders are looked for (clients/acme/handover.json is depth 2). */
const MAX_DEPTH = 3
const SKIP = new Set(['node_modules', '.git', 'runs', 'reports', 'evidence', 'out'])

/** A target plus what the person writing the CI file should know about it. */
export interface FoundTarget extends GateTarget {
  /** Sentences about what the gate will lack, e.g. no committed baseline. */
  warnings: string[]
}

async function findEngagementDirs(root: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    if (entries.some((e) => e.isFile() && e.name === ENGAGEMENT_FILE)) found.push(dir)
    if (depth >= MAX_DEPTH) return
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name)))
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.'))
        await walk(path.join(dir, e.name), depth + 1)
  }
  await walk(root, 0)
  return found
}

/** Every `keychain:NAME` in a value, by name. */
export function keychainNames(value: unknown): string[] {
  if (typeof value === 'string') {
    const name = refName(value)
    return name ? [name] : []
  }
  if (Array.isArray(value)) return value.flatMap(keychainNames)
  if (value && typeof value === 'object') return Object.values(value).flatMap(keychainNames)
  return []
}

function slugOf(rel: string, fallback: string): string {
  const base = (rel === '.' ? fallback : rel)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return base.slice(0, 60) || 'engagement'
}

/** The engagement folders under `root`; an invalid engagement stops with its own one-sentence error. */
export async function gateTargets(root: string): Promise<Result<FoundTarget[]>> {
  const dirs = await findEngagementDirs(root)
  if (dirs.length === 0)
    return failure(
      'CI_NO_ENGAGEMENT',
      `no ${ENGAGEMENT_FILE} found in ${root} or the folders below it (up to ${MAX_DEPTH} levels); run \`handover init\` first`,
    )
  const targets: FoundTarget[] = []
  const names: string[] = []
  for (const dir of dirs) {
    const ws = await Workspace.open(dir)
    if (!ws.ok) return ws
    const rel = path.relative(root, dir).split(path.sep).join('/') || '.'
    names.push(ws.value.engagement.name)
    const warnings: string[] = []
    const baseline = await ws.value.baseline()
    if (!baseline.ok) warnings.push(`${rel}: ${baseline.error.message}`)
    else if (!baseline.value)
      warnings.push(
        `${rel} has no accepted baseline: the gate fails until \`handover baseline ${rel}\` is run and the baseline file and its run are committed`,
      )
    else {
      const run = await ws.value.loadRun(baseline.value.run)
      if (!run.ok)
        warnings.push(
          `${rel}: the baseline run ${baseline.value.run} is missing; commit runs/${baseline.value.run}.json`,
        )
    }
    targets.push({
      dir: rel,
      slug: '',
      credentials: credentialMapping(keychainNames(ws.value.engagement)),
      warnings,
    })
  }
  // Short slugs (the folder's own name) where they are unique, the whole relative path where they are not.
  const short = targets.map((t, i) => slugOf(t.dir === '.' ? '.' : path.posix.basename(t.dir), names[i]!))
  targets.forEach((t, i) => {
    const clash = short.filter((s) => s === short[i]).length > 1
    t.slug = clash ? slugOf(t.dir, names[i]!) : short[i]!
  })
  const envClash = targets.flatMap((t) => {
    const byEnv = new Map<string, string>()
    return t.credentials.flatMap((c) => {
      const other = byEnv.get(c.env)
      byEnv.set(c.env, c.name)
      return other
        ? [`${t.dir}: keychain:${other} and keychain:${c.name} both map to ${c.env}; rename one`]
        : []
    })
  })
  if (envClash[0]) return failure('CI_CREDENTIAL_CLASH', envClash[0])
  return ok(targets)
}
