// `handover report`: the signed handover PDF of a run, with Markdown and JSON exports.
import path from 'node:path'
import { OsKeychain, type CredentialStore } from '../../keychain/keychain'
import { packContents, type PackFile } from '../../report/contents'
import type { Comparable } from '../../diff/diff'
import type { ReportModel } from '../../report/model'
import { identityDir, reportModel, writeSignedPack, type SignedPack } from '../../report/pack'
import { ensureIdentity } from '../../report/sign/identity'
import type { Result } from '../../core/result'
import { actor, Workspace } from '../../store/workspace'
import { EXIT, fail, parse, type Command, type OptionTable, type Io } from '../io'
import { checkOutputs, outputsOf } from '../outputs'

/** Builds, signs and writes the pack of `runRef`; shared by `report` and `demo`. */
export async function producePack(
  ws: Workspace,
  options: {
    runRef?: string
    out: string
    markdown?: string
    json?: string
    signer?: string
    credentials: CredentialStore
    identityDir?: string
    /** Embed the machine-readable contents (default true; off only to measure what they cost). */
    embed?: boolean
    /** A drift report: compare with this run instead of the accepted baseline, reword the model, embed more. */
    drift?: {
      against: { id: string; results: readonly Comparable[] }
      model: (m: ReportModel) => ReportModel
      files: PackFile[]
    }
  },
): Promise<Result<SignedPack & { signer: string; fingerprint: string }>> {
  const built = await reportModel(ws, options.runRef, new Date(), options.drift?.against)
  if (!built.ok) return built
  if (options.drift) built.value.model = options.drift.model(built.value.model)
  const contents =
    options.embed === false
      ? undefined
      : await packContents(ws, built.value.run, built.value.model, {
          ...(options.drift ? { extra: options.drift.files } : {}),
        })
  if (contents && !contents.ok) return contents
  const name = options.signer ?? ws.engagement.consultant ?? actor()
  const identity = await ensureIdentity({
    dir: options.identityDir ?? identityDir(),
    name,
    credentials: options.credentials,
  })
  if (!identity.ok) return identity
  const written = await writeSignedPack(
    built.value.model,
    identity.value,
    {
      pdf: options.out,
      ...(options.markdown ? { markdown: options.markdown } : {}),
      ...(options.json ? { json: options.json } : {}),
    },
    contents ? { contents: contents.value } : {},
  )
  if (!written.ok) return written
  return {
    ok: true,
    value: {
      ...written.value,
      signer: identity.value.summary.name,
      fingerprint: identity.value.summary.rootFingerprint ?? 'none',
    },
  }
}

/** Prints where a signed pack was written, its size, timings and signer. */
export function describePack(pack: SignedPack & { signer: string; fingerprint: string }, io: Io): void {
  io.out.write(
    `Signed handover pack: ${pack.pdf} (${(pack.bytes / 1024).toFixed(0)} KB, rendered in ${pack.renderMs} ms, signed in ${pack.signMs} ms)\n`,
  )
  if (pack.embedded.files > 0)
    io.out.write(
      `Embedded in the signed bytes: ${pack.embedded.files} files (${(pack.embedded.bytes / 1024).toFixed(0)} KB compressed); list them with \`handover verify ${path.basename(pack.pdf)}\`\n`,
    )
  io.out.write(`Signed by ${pack.signer}; signing root SHA-256 ${pack.fingerprint}\n`)
  if (pack.markdown) io.out.write(`Markdown: ${pack.markdown}\n`)
  if (pack.json) io.out.write(`JSON: ${pack.json}\n`)
}

/** The options of `handover report`. */
const REPORT_OPTIONS = {
  run: { type: 'string', value: 'RUN', help: 'run id, latest (default) or baseline' },
  out: { type: 'string', value: 'F.pdf', required: true, help: 'where to write the signed PDF' },
  md: { type: 'string', value: 'F.md', help: 'also write the report as Markdown (for tickets)' },
  json: { type: 'string', value: 'F.json', help: 'also write the report model as JSON (handover.report/1)' },
  signer: {
    type: 'string',
    value: 'NAME',
    help: 'sign as NAME (default: engagement.consultant, else the current user)',
  },
} as const satisfies OptionTable

/** `handover report`: build the signed handover PDF (and Markdown/JSON exports). */
export const report: Command = {
  name: 'report',
  args: '[DIR]',
  about: `Builds the handover pack of a run (default: the latest complete run) of the workspace in DIR: cover and
verdict, minimum bar, operational targets, risk register and launch block list, the stage checklist,
deliverables, regressions since the baseline, the 48-hour timeline, the first-7-days note and an
appendix. Signs it (CMS, SHA-256) with the consultant's identity: created on first use as a local root
CA and a signer certificate, kept in ${identityDir()} with its passphrase in the OS keychain.`,
  options: REPORT_OPTIONS,
  exit: '0 written, 2 bad input (no such run, no keychain, unwritable path).',
  async run(argv, io) {
    const args = parse('report', argv, REPORT_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const v = args.value.values
    if (!v.out) return fail(io, 'report: --out F.pdf is required.')
    const ws = await Workspace.open(path.resolve(io.cwd, args.value.positionals[0] ?? '.'))
    if (!ws.ok) return fail(io, ws.error.message)
    const outputs = await checkOutputs('report', outputsOf(v, ['out', 'md', 'json'], io.cwd), ws.value.dir)
    if (!outputs.ok) return fail(io, outputs.error.message)
    const resolve = (f: unknown): string | undefined =>
      typeof f === 'string' ? path.resolve(io.cwd, f) : undefined
    const pack = await producePack(ws.value, {
      ...(typeof v.run === 'string' ? { runRef: v.run } : {}),
      out: resolve(v.out)!,
      ...(resolve(v.md) ? { markdown: resolve(v.md)! } : {}),
      ...(resolve(v.json) ? { json: resolve(v.json)! } : {}),
      ...(typeof v.signer === 'string' ? { signer: v.signer } : {}),
      credentials: new OsKeychain(),
    })
    if (!pack.ok) return fail(io, pack.error.message)
    describePack(pack.value, io)
    return EXIT.OK
  },
}
