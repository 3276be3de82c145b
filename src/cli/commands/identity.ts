// `handover identity`: the consultant's signing identity — show it, or import an existing P12.
import path from 'node:path'
import { OsKeychain } from '../../keychain/keychain'
import { identityDir } from '../../report/pack'
import { ensureIdentity, importIdentity, type SigningIdentity } from '../../report/sign/identity'
import { actor } from '../../store/workspace'
import { EXIT, fail, parse, promptHidden, readAll, type Command, type OptionTable, type Io } from '../io'

function describe(identity: SigningIdentity, io: Io): void {
  const s = identity.summary
  io.out.write(`Signing identity: ${s.name}${s.email ? ` <${s.email}>` : ''}\n`)
  io.out.write(`  certificate SHA-256 ${s.fingerprint}, valid until ${s.notAfter.slice(0, 10)}\n`)
  if (s.rootFile)
    io.out.write(
      `  root ${s.rootFile} (SHA-256 ${s.rootFingerprint ?? ''}): give it to the people who verify your packs\n`,
    )
  io.out.write(`  key ${s.p12File}, passphrase in the OS keychain as ${s.credentialName}\n`)
}

/** The options of `handover identity`. */
const IDENTITY_OPTIONS = {
  name: {
    type: 'string',
    value: 'NAME',
    help: 'the name packs are signed with (default: the current user; required with import)',
  },
  replace: { type: 'boolean', help: 'import over an identity of the same name' },
} as const satisfies OptionTable

/** `handover identity`: show the signing identity, or import an existing P12. */
export const identity: Command = {
  name: 'identity',
  args: ['show', 'import FILE.p12   (passphrase from stdin or a hidden prompt)'],
  about: `Handover signs packs with a per-consultant identity kept in ${identityDir()} (never in a workspace),
with its P12 passphrase only in the OS keychain. \`show\` creates one on first use (a local root CA and a
signer certificate); \`import\` adopts a P12 you already have, e.g. from your company's CA.`,
  options: IDENTITY_OPTIONS,
  exit: '0 done, 2 bad input or no keychain.',
  async run(argv, io) {
    const args = parse('identity', argv, IDENTITY_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const [action, file, ...rest] = args.value.positionals
    const name = args.value.values.name ?? actor()
    const credentials = new OsKeychain()
    if (action === 'show' && !file) {
      const found = await ensureIdentity({ dir: identityDir(), name, credentials })
      if (!found.ok) return fail(io, found.error.message)
      describe(found.value, io)
      return EXIT.OK
    }
    if (action !== 'import' || !file || rest.length > 0)
      return fail(io, 'identity needs show, or import FILE.p12; see `handover identity --help`.')
    if (!args.value.values.name)
      return fail(io, 'identity import: --name NAME is required (the name packs are signed with).')
    const passphrase = io.stdin.isTTY
      ? await promptHidden(io, `Passphrase of ${file}: `)
      : (await readAll(io.stdin)).replace(/\r?\n$/, '')
    const imported = await importIdentity({
      dir: identityDir(),
      p12File: path.resolve(io.cwd, file),
      passphrase,
      credentials,
      name,
      replace: Boolean(args.value.values.replace),
    })
    if (!imported.ok) return fail(io, imported.error.message)
    describe(imported.value, io)
    return EXIT.OK
  },
}
