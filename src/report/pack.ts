// The handover pack of a workspace: model from the stored runs, signed PDF, Markdown and JSON exports.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { failure, ok, type Result } from '../core/result'
import type { Run } from '../core/types'
import { buildDeliverables } from '../deliverables'
import { diffResults, type Comparable } from '../diff/diff'
import { toJson, writeFileAtomic } from '../store/atomic'
import { runState, type Workspace } from '../store/workspace'
import type { PackFile } from './contents'
import { reportToMarkdown } from './markdown'
import { buildReport, type ReportModel } from './model'
import { renderReportPdf } from './pdf'
import type { SigningIdentity } from './sign/signing-identity'
import { addSignaturePlaceholder, signPdf } from './sign/sign'

// Where signing identities live; kept with the identity folder so that `handover verify` need not load the renderer.
export { identityDir } from './sign/identity-store'

/**
 * The report model of one stored run (default: the latest complete run), with its baseline diff and deliverables.
 * `against` compares with that run instead of the workspace's accepted baseline (a drift report's signed pack).
 */
export async function reportModel(
  ws: Workspace,
  runRef = 'latest',
  now = new Date(),
  against?: { id: string; results: readonly Comparable[] },
): Promise<Result<{ model: ReportModel; run: Run }>> {
  const loaded = await ws.loadRun(runRef)
  if (!loaded.ok) return loaded
  const run = loaded.value
  if (run.status !== 'complete')
    return failure(
      'RUN_INCOMPLETE',
      `Run ${run.id} ${runState(run)}; a handover pack is built from a complete run.`,
    )
  const runs = (await ws.completeRuns()).filter((r) => r.startedAt <= run.startedAt)
  const notes = await ws.deliverableNotes()
  if (!notes.ok) return notes
  const baselineRecord = await ws.baseline()
  if (!baselineRecord.ok) return baselineRecord
  let baseline: { id: string; diff?: ReturnType<typeof diffResults> } | undefined
  if (against) baseline = { id: against.id, diff: diffResults(against.results, run.results) }
  else if (baselineRecord.value) {
    const base = await ws.loadRun(baselineRecord.value.run)
    baseline = {
      id: baselineRecord.value.run,
      ...(base.ok && base.value.id !== run.id ? { diff: diffResults(base.value.results, run.results) } : {}),
    }
  }
  const e = ws.engagement
  const model = buildReport({
    run,
    engagement: {
      name: e.name,
      ...(e.client ? { client: e.client } : {}),
      ...(e.consultant ? { consultant: e.consultant } : {}),
      ...(e.portal?.url ? { portalUrl: e.portal.url } : {}),
      hosts: e.hosts,
    },
    now: now.toISOString(),
    ...(baseline ? { baseline } : {}),
    attestations: run.attestations,
    deliverables: buildDeliverables(runs, run, notes.value, ws.engagement),
    earlierRuns: runs.map(({ id, startedAt, finishedAt, status, summary }) => ({
      id,
      startedAt,
      status,
      summary,
      ...(finishedAt ? { finishedAt } : {}),
    })),
  })
  return ok({ model, run })
}

/** Where a signed pack and its exports were written, its size and timings. */
export interface SignedPack {
  pdf: string
  markdown?: string
  json?: string
  bytes: number
  renderMs: number
  signMs: number
  /** Bytes of the embedded files as stored (compressed), and how many there are. */
  embedded: { files: number; bytes: number }
}

/** Renders and signs the model, then writes the PDF (and optional exports) atomically. */
export async function writeSignedPack(
  model: ReportModel,
  identity: SigningIdentity,
  out: { pdf: string; markdown?: string; json?: string },
  meta: { location?: string; signedAt?: Date; contents?: readonly PackFile[] } = {},
): Promise<Result<SignedPack>> {
  const t0 = performance.now()
  const signedAt = meta.signedAt ?? new Date()
  let embeddedBytes = 0
  const unsigned = await renderReportPdf(model, {
    beforeEnd: (doc) => {
      // Embedded before the signature field, so the signature covers them like every other byte.
      const before = doc as unknown as { _offset?: number }
      const start = before._offset ?? 0
      for (const file of meta.contents ?? [])
        doc.file(file.bytes, {
          name: file.name,
          type: file.mime,
          description: file.description,
          creationDate: signedAt,
          modifiedDate: signedAt,
        })
      embeddedBytes = (before._offset ?? 0) - start
      addSignaturePlaceholder(doc, {
        name: identity.summary.name,
        reason: `Handover pack for ${model.cover.client ?? model.cover.engagement}`,
        location: meta.location ?? 'Handover',
      })
    },
  })
  const t1 = performance.now()
  const signed = await signPdf(unsigned, identity, signedAt)
  if (!signed.ok) return signed
  const t2 = performance.now()
  await mkdir(path.dirname(out.pdf), { recursive: true })
  await writeFileAtomic(out.pdf, signed.value)
  if (out.markdown) await writeFileAtomic(out.markdown, reportToMarkdown(model))
  if (out.json) await writeFileAtomic(out.json, toJson(model))
  return ok({
    pdf: out.pdf,
    ...(out.markdown ? { markdown: out.markdown } : {}),
    ...(out.json ? { json: out.json } : {}),
    bytes: signed.value.length,
    embedded: { files: meta.contents?.length ?? 0, bytes: embeddedBytes },
    renderMs: Math.round(t1 - t0),
    signMs: Math.round(t2 - t1),
  })
}
