// Re-checking a portal from the signed pack it was handed over with (issue 15): the pack is verified before
// anything is contacted, its embedded engagement recreates (or matches) a workspace, and the new run is diffed
// against the signed baseline with `handover diff`'s rules. The same steps serve the CLI and the wizard.
import { access, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { failure, ok, type Result } from '../core/result'
import type { Run } from '../core/types'
import { diffResults, type Diff } from '../diff/diff'
import { credentialRefs, type CredentialStore } from '../keychain/keychain'
import { toJson, writeFileAtomic } from '../store/atomic'
import { ENGAGEMENT_FILE, Workspace } from '../store/workspace'
import type { DriftCitation, ReportModel } from './model/types'
import { openPack, type OpenedPack } from './pack-read'
import { formatFingerprint } from './sign/certificate'
import type { Signer, VerifyOptions } from './sign/verify'
import { KEYCHAIN } from '../keychain/codes'

/** Schema of the drift JSON `handover audit --against --json` writes. */
export const DRIFT_SCHEMA = 'handover.drift/1'

/** A pack that may be re-checked: valid, its signer trusted or known, its contents covered and complete. */
export interface RecheckPack extends OpenedPack {
  engagement: Record<string, unknown>
  baseline: Run
  signer: Signer
  signedAt: string
}

/** What changed since handover. */
export interface Drift {
  citation: DriftCitation
  run: string
  diff: Diff
  /** "Since handover on DATE, signed by NAME: N regressed, M fixed, K new". */
  headline: string
}

/**
 * Verifies `pdf` and refuses, with one sentence and a code, anything that should not drive requests: unsigned,
 * tampered or invalid packs, an unknown signer (pass its root with --trust), contents not covered by the
 * signature or incomplete.
 */
export async function openPackForRecheck(
  pdf: Buffer,
  file: string,
  options: VerifyOptions,
): Promise<Result<RecheckPack>> {
  const pack = await openPack(pdf, options)
  const { report } = pack
  const why = report.reasons.map((r) => r.message).join(' ')
  if (report.status === 'unsigned')
    return failure('PACK_UNSIGNED', `${file} is not a signed pack (${why}); nothing was contacted.`)
  if (report.status === 'tampered')
    return failure('PACK_TAMPERED', `${file} was changed after signing (${why}); nothing was contacted.`)
  if (report.status !== 'valid')
    return failure('PACK_INVALID', `${file}'s signature is not valid (${why}); nothing was contacted.`)
  const root = report.chain.at(-1)
  if (report.trust === 'unknown') {
    const fp = root ? ` (root "${root.subject}", SHA-256 ${formatFingerprint(root.fingerprintSha256)})` : ''
    return failure(
      'PACK_SIGNER_UNKNOWN',
      `${file} is signed by ${report.signer?.name ?? 'an unknown signer'}, who is not trusted on this computer${fp}; compare the fingerprint with the one the signer gave you and pass their root with --trust ROOT.pem. Nothing was contacted.`,
    )
  }
  if (!pack.listing.covered || pack.problems.length > 0)
    return failure(
      'PACK_CONTENTS',
      `${file}'s embedded contents cannot be relied on (${pack.problems.join(' ') || 'not covered by the signature'}); nothing was contacted.`,
    )
  if (!pack.engagement || !pack.baseline || !report.signer || !report.signedAt)
    return failure(
      'PACK_NO_CONTENTS',
      `${file} does not carry its engagement and baseline run (it was made before packs embedded them); re-run the audit in its workspace with \`handover diff\` instead.`,
    )
  return ok({
    ...pack,
    engagement: pack.engagement,
    baseline: pack.baseline,
    signer: report.signer,
    signedAt: report.signedAt,
  })
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  )

const apexOf = (e: Record<string, unknown>): unknown => (e.domains as { apex?: unknown } | undefined)?.apex

/**
 * The workspace to re-check in: `dir` as it is when it holds the pack's engagement (same name and apex; its
 * network settings win, as a portal may have moved), else a new workspace there made from the embedded
 * engagement, with the embedded CA written where the engagement expects it.
 */
export async function workspaceForPack(
  pack: RecheckPack,
  dir: string,
): Promise<Result<{ ws: Workspace; created: boolean }>> {
  const file = path.join(dir, ENGAGEMENT_FILE)
  const name = String(pack.engagement.name ?? '')
  if (await exists(file)) {
    const ws = await Workspace.open(dir)
    if (!ws.ok) return ws
    const e = ws.value.engagement
    if (e.name !== name || e.domains?.apex !== apexOf(pack.engagement))
      return failure(
        'PACK_OTHER_ENGAGEMENT',
        `${file} is the engagement "${e.name}", but the pack is for "${name}"; give an empty folder to recreate the pack's engagement there.`,
      )
    return ok({ ws: ws.value, created: false })
  }
  await mkdir(dir, { recursive: true })
  const engagement = structuredClone(pack.engagement)
  const network = engagement.network as { caFile?: string } | undefined
  if (network?.caFile) {
    if (!pack.engagementCa)
      return failure(
        'PACK_NO_CA',
        `The pack's engagement names network.caFile ${network.caFile}, but the pack does not carry it.`,
      )
    // Only a plain name inside the new workspace: an embedded path never writes elsewhere.
    network.caFile = path.basename(network.caFile)
    await writeFileAtomic(path.join(dir, network.caFile), pack.engagementCa)
  }
  await writeFileAtomic(file, toJson(engagement))
  const ws = await Workspace.open(dir)
  if (!ws.ok) return ws
  return ok({ ws: ws.value, created: true })
}

/** The keychain names the engagement refers to that `credentials` does not hold. */
export async function missingCredentials(ws: Workspace, credentials: CredentialStore): Promise<string[]> {
  const names = [...new Set(credentialRefs(ws.engagement).map((r) => r.name))]
  const missing: string[] = []
  for (const name of names) {
    const got = await credentials.get(name)
    if (!got.ok) {
      if (got.error.code === KEYCHAIN.KEYCHAIN_UNAVAILABLE) return [name, ...names.filter((n) => n !== name)]
      missing.push(name)
    }
  }
  return missing
}

/** The citation of the original pack. */
export function citationOf(pack: RecheckPack): DriftCitation {
  return {
    fileSha256: pack.fingerprints.fileSha256,
    signatureSha256: pack.fingerprints.signatureSha256 ?? '',
    signer: pack.signer,
    signedAt: pack.signedAt,
    baselineRun: pack.baseline.id,
  }
}

/** The diff from the signed baseline to `run`, with its one-line headline. */
export function driftSince(pack: RecheckPack, run: Run): Drift {
  const diff = diffResults(pack.baseline.results, run.results)
  const c = diff.counts
  const headline = `Since handover on ${pack.signedAt.slice(0, 10)}, signed by ${pack.signer.name}: ${c.regressed} regressed, ${c.fixed} fixed, ${c.new} new`
  return { citation: citationOf(pack), run: run.id, diff, headline }
}

/** The drift as JSON (handover.drift/1): the citation, the headline, the counts and every entry. */
export function driftJson(drift: Drift): object {
  return {
    schema: DRIFT_SCHEMA,
    pack: drift.citation,
    from: drift.citation.baselineRun,
    to: drift.run,
    headline: drift.headline,
    ...drift.diff,
  }
}

/** The report model of a drift report: the new run's pack, compared with and citing the signed original. */
export function driftReportModel(model: ReportModel, drift: Drift): ReportModel {
  const c = drift.citation
  const cite = `This drift report compares run ${drift.run} with run ${c.baselineRun}, the baseline of the handover pack signed by ${c.signer.name} on ${c.signedAt.slice(0, 10)} (pack SHA-256 ${c.fileSha256}; signature SHA-256 ${c.signatureSha256}).`
  return {
    ...model,
    meta: { ...model.meta, title: `Drift report — ${model.cover.engagement}`, subject: drift.headline },
    cover: { ...model.cover, title: 'Drift report', subtitle: 'Drift since handover' },
    regressions: {
      ...model.regressions,
      title: 'Drift since the signed handover pack',
      note: `${cite} ${model.regressions.note}`,
    },
    appendix: { ...model.appendix, baseline: `${c.baselineRun} (signed pack)` },
    drift: c,
  }
}
