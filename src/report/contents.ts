// What a signed pack carries inside its signed bytes, as PDF embedded files: enough to re-check the portal and
// to prove what was true at handover with nothing but the PDF (issue 15). Building here; reading in
// sign/embedded.ts and pack-read.ts.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import pkg from '../../package.json' with { type: 'json' }
import { failure, ok, type Result } from '../core/result'
import type { Run } from '../core/types'
import { ENGAGEMENT_FILE, type Workspace } from '../store/workspace'
import type { ReportModel } from './model'
import { ENGAGEMENT } from '../engagement/codes'

/** Schema of the manifest that names every other embedded file. */
export const PACK_MANIFEST_SCHEMA = 'handover.pack/1'

/** The embedded files' names, fixed so that a reader finds them without guessing. */
export const PACK_FILES = {
  manifest: 'handover-manifest.json',
  report: 'handover-report.json',
  engagement: 'handover-engagement.json',
  baseline: 'handover-baseline-run.json',
  engagementCa: 'handover-engagement-ca.pem',
  /** Only in a drift report: what drifted since the signed pack it cites (handover.drift/1). */
  drift: 'handover-drift.json',
} as const

/** Observations are kept in the baseline run up to this much JSON; the rest are dropped (and counted). */
export const OBSERVATIONS_CAP_BYTES = 1024 * 1024

/** A file to embed. */
export interface PackFile {
  name: string
  bytes: Buffer
  mime: string
  description: string
}

/** The manifest's record of one embedded file. */
export interface ManifestEntry {
  name: string
  bytes: number
  sha256: string
  description: string
}

/** handover-manifest.json: the engine, the run, and every other embedded file with its digest. */
export interface PackManifest {
  schema: typeof PACK_MANIFEST_SCHEMA
  engine: string
  createdAt: string
  run: { id: string; startedAt: string; finishedAt?: string }
  engagement: { name: string; client?: string }
  /** The engagement's network.caFile as written there, when the CA travels in the pack. */
  caFile?: string
  observations: { kept: number; omitted: number }
  files: ManifestEntry[]
}

/** The run as embedded: a handover.run/1 whose observations were capped (counted in the manifest). */
export function cappedRun(run: Run, capBytes: number): { run: Run; kept: number; omitted: number } {
  const observations: Run['observations'] = {}
  let used = 0
  let kept = 0
  const keys = Object.keys(run.observations)
  for (const key of keys) {
    const obs = run.observations[key]!
    const size = JSON.stringify(obs).length
    if (used + size > capBytes) continue
    observations[key] = obs
    used += size
    kept++
  }
  return { run: { ...run, observations }, kept, omitted: keys.length - kept }
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`)

/**
 * The embedded files of the pack of `run`: report model, engagement (as its file says it: credentials are
 * keychain references, never values), the baseline run with check versions and capped observations, the
 * engagement's extra CA when it names one, and a manifest with the engine version and each file's digest.
 */
export async function packContents(
  ws: Workspace,
  run: Run,
  model: ReportModel,
  options: { observationsCapBytes?: number; now?: Date; extra?: readonly PackFile[] } = {},
): Promise<Result<PackFile[]>> {
  const engagementFile = path.join(ws.dir, ENGAGEMENT_FILE)
  let engagement: unknown
  try {
    // The file as validated on open, not the loaded object (which carries resolved paths and settings).
    engagement = JSON.parse(await readFile(engagementFile, 'utf8'))
  } catch (err) {
    return failure(ENGAGEMENT.UNREADABLE, `${engagementFile} cannot be read for the pack (${String(err)}).`)
  }
  const files: PackFile[] = [
    {
      name: PACK_FILES.report,
      bytes: json(model),
      mime: 'application/json',
      description: 'The report model this PDF was rendered from (handover.report/1).',
    },
    {
      name: PACK_FILES.engagement,
      bytes: json(engagement),
      mime: 'application/json',
      description: 'The engagement (handover.engagement/1); credentials are keychain references only.',
    },
  ]
  const capped = cappedRun(run, options.observationsCapBytes ?? OBSERVATIONS_CAP_BYTES)
  files.push({
    name: PACK_FILES.baseline,
    bytes: json(capped.run),
    mime: 'application/json',
    description: 'The run this pack reports (handover.run/1): every result with its check version.',
  })
  const caFile = ws.engagement.net.caFile
  if (caFile) {
    files.push({
      name: PACK_FILES.engagementCa,
      bytes: await readFile(caFile),
      mime: 'application/x-pem-file',
      description: "The engagement's extra trusted CA (network.caFile), a public certificate.",
    })
  }
  files.push(...(options.extra ?? []))
  const manifest: PackManifest = {
    schema: PACK_MANIFEST_SCHEMA,
    engine: pkg.version,
    createdAt: (options.now ?? new Date()).toISOString(),
    run: {
      id: run.id,
      startedAt: run.startedAt,
      ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    },
    engagement: {
      name: ws.engagement.name,
      ...(ws.engagement.client ? { client: ws.engagement.client } : {}),
    },
    ...(caFile ? { caFile: ws.engagement.network?.caFile } : {}),
    observations: { kept: capped.kept, omitted: capped.omitted },
    files: files.map((f) => ({
      name: f.name,
      bytes: f.bytes.length,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
      description: f.description,
    })),
  }
  return ok([
    {
      name: PACK_FILES.manifest,
      bytes: json(manifest),
      mime: 'application/json',
      description: `What this pack carries (${PACK_MANIFEST_SCHEMA}): engine version, run, every embedded file's SHA-256.`,
    },
    ...files,
  ])
}
