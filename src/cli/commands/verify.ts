// `handover verify`: is this handover PDF signed, unchanged since, and by whom?
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describeVerification } from '../../report/sign/describe'
import { identityDir, readIdentityCertificates } from '../../report/sign/identity-store'
import { verificationExitCode, verifyPdf } from '../../report/sign/verify'
import { fail, parse, type Command } from '../io'

export const verify: Command = {
  name: 'verify',
  summary: 'check a handover PDF’s signature and integrity, and who signed it',
  usage: `Usage: handover verify F.pdf [--trust ROOT.pem]...

Checks that the signature covers the whole file except the signature itself, that the CMS signature
is valid over it, that nothing was appended after signing, who signed and when, and whether the
signer's certificate chains to a root you trust (--trust) or to an identity kept on this machine.

Exit: 0 valid, 1 invalid or tampered, 2 not a signed PDF or unreadable.`,
  async run(argv, io) {
    const args = parse('verify', argv, { trust: { type: 'string', multiple: true } })
    if (!args.ok) return fail(io, args.error.message)
    const [file, ...rest] = args.value.positionals
    if (!file || rest.length > 0) return fail(io, 'verify takes one PDF file; see `handover verify --help`.')
    let pdf: Buffer
    try {
      pdf = await readFile(path.resolve(io.cwd, file))
    } catch (err) {
      return fail(io, `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`)
    }
    const trusted: string[] = []
    for (const root of (args.value.values.trust as string[] | undefined) ?? []) {
      try {
        trusted.push(await readFile(path.resolve(io.cwd, root), 'utf8'))
      } catch (err) {
        return fail(io, `--trust ${root} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`)
      }
    }
    const report = await verifyPdf(pdf, {
      trustedRootsPem: trusted,
      knownIdentityPem: await readIdentityCertificates(identityDir()),
    })
    for (const line of describeVerification(report)) io.out.write(`${line}\n`)
    return verificationExitCode(report)
  },
}
