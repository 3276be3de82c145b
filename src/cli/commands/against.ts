// `handover audit --against F.pdf [DIR]`: re-check the portal from the signed pack it was handed over with, and
// say what drifted since. The pack is verified before anything is contacted.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Run, Stage } from '../../core/types'
import type { CredentialStore } from '../../keychain/keychain'
import { PACK_FILES } from '../../report/contents'
import {
  driftJson,
  driftReportModel,
  driftSince,
  missingCredentials,
  openPackForRecheck,
  workspaceForPack,
  type Drift,
} from '../../report/drift'
import { identityDir as defaultIdentityDir } from '../../report/pack'
import { readIdentityCertificates } from '../../report/sign/identity-store'
import { toSarif } from '../../export/sarif'
import { toJson, writeFileAtomic } from '../../store/atomic'
import { actor, type Workspace } from '../../store/workspace'
import { EXIT, fail, palette, promptHidden, type Io } from '../io'
import { printDiff } from '../print'
import { describePack, producePack } from './report'

/** The audit flags `--against` uses. */
export interface AgainstFlags {
  stages?: Stage[]
  checks?: string[]
  json?: string
  sarif?: string
  quiet?: boolean
}

/** Runs the audit in a workspace (the audit command's auditWorkspace, passed in to keep the modules apart). */
export type AuditRunner = (
  ws: Workspace,
  flags: { stages?: Stage[]; checks?: string[]; quiet?: boolean },
  io: Io,
  credentials: CredentialStore,
) => Promise<Run>

/** What `--against` needs beyond the audit flags. */
export interface AgainstOptions {
  /** The pack, as the user named it. */
  pack: string
  /** The workspace folder to reuse or create. */
  dir: string
  /** Root certificates (PEM text) the user trusts. */
  trustedRootsPem: string[]
  credentials: CredentialStore
  /** Where signing identities live (default: the user's identity folder). */
  identityDir?: string
  /** Who signs the drift report (default: the current user). */
  signer?: string
}

/**
 * Asks on a terminal for each credential the engagement names and the keychain lacks, and stores it there under
 * the same name. Off a terminal (CI) it says which are missing and goes on, as `handover audit` does: the checks
 * that need them report an error. Returns a sentence when the user gave up.
 */
async function askCredentials(
  ws: Workspace,
  io: Io,
  credentials: CredentialStore,
): Promise<string | undefined> {
  const missing = await missingCredentials(ws, credentials)
  if (missing.length === 0) return undefined
  const names = missing.map((n) => `keychain:${n}`).join(', ')
  if (!io.stdin.isTTY) {
    io.err.write(
      `${credentials.description} does not hold ${names}; the checks that need them will report an error (set them with \`handover creds set NAME\`).\n`,
    )
    return undefined
  }
  io.err.write(`The engagement refers to credentials this keychain does not hold yet: ${names}.\n`)
  for (const name of missing) {
    const value = await promptHidden(io, `Value for keychain:${name} (not shown): `)
    if (!value) return `no value given for keychain:${name}; nothing was contacted.`
    const stored = await credentials.set(name, value)
    if (!stored.ok) return stored.error.message
  }
  return undefined
}

/** The drift report: a signed pack of the new run, compared with and citing the original. */
function driftPack(ws: Workspace, drift: Drift, baseline: Run, options: AgainstOptions) {
  return producePack(ws, {
    runRef: drift.run,
    out: path.join(ws.reportsDir, `drift-${drift.run}.pdf`),
    json: path.join(ws.reportsDir, `drift-${drift.run}.json`),
    signer: options.signer ?? actor(),
    credentials: options.credentials,
    ...(options.identityDir ? { identityDir: options.identityDir } : {}),
    drift: {
      against: { id: baseline.id, results: baseline.results },
      model: (m) => driftReportModel(m, drift),
      files: [
        {
          name: PACK_FILES.drift,
          bytes: Buffer.from(`${JSON.stringify(driftJson(drift), null, 2)}\n`),
          mime: 'application/json',
          description: 'What drifted since the signed handover pack this report cites (handover.drift/1).',
        },
      ],
    },
  })
}

/** Runs the whole re-check; returns the exit code (0 no regression, 1 regressions, 2 refused or bad input). */
export async function auditAgainst(
  flags: AgainstFlags,
  options: AgainstOptions,
  io: Io,
  auditWorkspace: AuditRunner,
): Promise<number> {
  let pdf: Buffer
  try {
    pdf = await readFile(path.resolve(io.cwd, options.pack))
  } catch (err) {
    return fail(io, `${options.pack} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  const pack = await openPackForRecheck(pdf, options.pack, {
    trustedRootsPem: options.trustedRootsPem,
    knownIdentityPem: await readIdentityCertificates(options.identityDir ?? defaultIdentityDir()),
  })
  if (!pack.ok) return fail(io, pack.error.message)
  const opened = await workspaceForPack(pack.value, path.resolve(io.cwd, options.dir))
  if (!opened.ok) return fail(io, opened.error.message)
  const { ws, created } = opened.value
  const c = palette(io.err, io.env)
  io.err.write(
    c.dim(
      `${created ? 'Recreated' : 'Reusing'} workspace ${ws.dir} for "${ws.engagement.name}" from the pack signed by ${pack.value.signer.name}.\n`,
    ),
  )
  const asked = await askCredentials(ws, io, options.credentials)
  if (asked) return fail(io, asked)
  const selection = pack.value.baseline.selection
  const run = await auditWorkspace(
    ws,
    {
      ...(flags.quiet ? { quiet: true } : {}),
      ...(flags.stages?.length ? { stages: flags.stages } : {}),
      ...(flags.checks?.length ? { checks: flags.checks } : {}),
      ...(flags.stages?.length || !selection.stages ? {} : { stages: selection.stages }),
      ...(flags.checks?.length || !selection.checks ? {} : { checks: selection.checks }),
    },
    io,
    options.credentials,
  )
  if (run.status === 'cancelled') {
    io.err.write(`Cancelled; the partial run is stored as ${run.id}.\n`)
    return 130
  }
  const drift = driftSince(pack.value, run)
  printDiff(drift.diff, `the signed baseline (${drift.citation.baselineRun})`, run.id, io)
  io.out.write(`\n${palette(io.out, io.env).bold(drift.headline)}\n`)
  if (flags.json) await writeFileAtomic(path.resolve(io.cwd, flags.json), toJson(driftJson(drift)))
  if (flags.sarif) {
    const sarif = toSarif(run, {
      diff: drift.diff,
      properties: { drift: drift.headline, pack: drift.citation },
    })
    await writeFileAtomic(path.resolve(io.cwd, flags.sarif), toJson(sarif))
  }
  const report = await driftPack(ws, drift, pack.value.baseline, options)
  if (report.ok) describePack(report.value, io)
  else io.err.write(`No drift report pack: ${report.error.message}\n`)
  return drift.diff.regressions.length > 0 ? EXIT.FINDINGS : EXIT.OK
}
