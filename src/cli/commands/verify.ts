// `handover verify`: is this handover PDF signed, unchanged since, and by whom? And what does it carry?
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { openPack, type OpenedPack } from '../../report/pack-read'
import { describeVerification } from '../../report/sign/describe'
import { identityDir, readIdentityCertificates } from '../../report/sign/identity-store'
import { verificationExitCode } from '../../report/sign/verify'
import { writeFileAtomic } from '../../store/atomic'
import { EXIT, fail, parse, type Command, type OptionTable, type Io } from '../io'

const size = (n: number): string => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`)

/** The embedded-files part of the verdict: each file with its size and digest, and whether the signature covers it. */
export function describeContents(pack: OpenedPack): string[] {
  const { files, covered } = pack.listing
  if (files.length === 0 && pack.problems.length === 0) return ['No embedded files.']
  const lines = [
    covered
      ? `Embedded files, covered by the signature (${files.length}):`
      : `Embedded files, NOT covered by a valid signature — do not rely on them (${files.length}):`,
  ]
  const width = Math.max(...files.map((f) => f.name.length), 0)
  for (const f of files)
    lines.push(`  ${f.name.padEnd(width)}  ${size(f.bytes.length).padStart(9)}  SHA-256 ${f.sha256}`)
  for (const p of pack.problems) lines.push(`- ${p}`)
  if (pack.manifest)
    lines.push(
      `Made by Handover ${pack.manifest.engine} from run ${pack.manifest.run.id}` +
        (pack.manifest.observations.omitted > 0
          ? ` (${pack.manifest.observations.omitted} observations left out to keep the pack small).`
          : '.'),
    )
  return lines
}

/** Reads the --trust files; returns a sentence on the first one that cannot be read. */
export async function readTrust(io: Io, roots: string[] | undefined): Promise<string[] | string> {
  const trusted: string[] = []
  for (const root of roots ?? []) {
    try {
      trusted.push(await readFile(path.resolve(io.cwd, root), 'utf8'))
    } catch (err) {
      return `--trust ${root} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`
    }
  }
  return trusted
}

/** Writes the embedded files into `dir`; only files the signature covers, under their own plain names. */
async function extract(pack: OpenedPack, dir: string, io: Io): Promise<number> {
  if (!pack.listing.covered || pack.problems.length > 0)
    return fail(
      io,
      'the embedded files are not covered by a valid signature, so they are not extracted.',
      EXIT.FINDINGS,
    )
  await mkdir(dir, { recursive: true })
  for (const f of pack.listing.files) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(f.name))
      return fail(
        io,
        `embedded file "${f.name}" has a name that is not a plain file name; nothing more extracted.`,
      )
    await writeFileAtomic(path.join(dir, f.name), f.bytes)
  }
  io.out.write(`Extracted ${pack.listing.files.length} files into ${dir}\n`)
  return EXIT.OK
}

/** The options of `handover verify`. */
const VERIFY_OPTIONS = {
  trust: { type: 'string', multiple: true, value: 'ROOT.pem', help: 'a root certificate you trust' },
  extract: {
    type: 'string',
    value: 'DIR',
    help: 'write the embedded files into DIR (only when the signature covers them)',
  },
} as const satisfies OptionTable

/** `handover verify`: check a handover PDF's signature and integrity, and who signed it. */
export const verify: Command = {
  name: 'verify',
  args: 'F.pdf',
  about: `Checks that the signature covers the whole file except the signature itself, that the CMS signature
is valid over it, that nothing was appended after signing, who signed and when, and whether the
signer's certificate chains to a root you trust (--trust) or to an identity kept on this machine.
Then lists the files embedded in the pack (report model, engagement, baseline run, manifest) and
whether the signature covers every byte they were read from.`,
  options: VERIFY_OPTIONS,
  exit: '0 valid, 1 invalid or tampered, 2 not a signed PDF or unreadable.',
  async run(argv, io) {
    const args = parse('verify', argv, VERIFY_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const [file, ...rest] = args.value.positionals
    if (!file || rest.length > 0) return fail(io, 'verify takes one PDF file; see `handover verify --help`.')
    let pdf: Buffer
    try {
      pdf = await readFile(path.resolve(io.cwd, file))
    } catch (err) {
      return fail(io, `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`)
    }
    const trusted = await readTrust(io, args.value.values.trust)
    if (typeof trusted === 'string') return fail(io, trusted)
    const pack = await openPack(pdf, {
      trustedRootsPem: trusted,
      knownIdentityPem: await readIdentityCertificates(identityDir()),
    })
    for (const line of describeVerification(pack.report)) io.out.write(`${line}\n`)
    if (pack.report.status !== 'unsigned')
      for (const line of describeContents(pack)) io.out.write(`${line}\n`)
    const code = verificationExitCode(pack.report)
    const dir = args.value.values.extract
    if (dir === undefined || code !== EXIT.OK) return code
    return extract(pack, path.resolve(io.cwd, dir), io)
  },
}
