// `handover creds`: keychain credentials by name; a value is never printed.
import { OsKeychain } from '../../keychain/keychain'
import { EXIT, fail, parse, promptHidden, readAll, type Command, type OptionTable } from '../io'

const NAME = /^[A-Za-z0-9._-]{1,128}$/

/** The options of `handover creds`. */
const CREDS_OPTIONS = {} as const satisfies OptionTable

/** `handover creds`: store, list or delete credentials in the OS keychain. */
export const creds: Command = {
  name: 'creds',
  args: ['set NAME     (value from stdin, or a hidden prompt on a terminal)', 'list', 'delete NAME'],
  about: `Credentials live only in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential
Manager on Windows) and are referenced from handover.json as keychain:NAME. A value is never printed.
Without a usable keychain the command stops with an error; there is no plaintext fallback.`,
  options: CREDS_OPTIONS,
  exit: '0 done, 2 bad input or no keychain.',
  async run(argv, io) {
    const args = parse('creds', argv, CREDS_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const [action, name, ...rest] = args.value.positionals
    const keychain = new OsKeychain()
    if (rest.length > 0) return fail(io, 'creds takes one name; see `handover creds --help`.')
    if (action === 'list') {
      const names = await keychain.list()
      if (!names.ok) return fail(io, names.error.message)
      io.out.write(
        names.value.length > 0
          ? `${names.value.join('\n')}\n`
          : `No credentials stored in the ${keychain.description} for handover.\n`,
      )
      return EXIT.OK
    }
    if (action !== 'set' && action !== 'delete')
      return fail(io, 'creds needs set, list or delete; see `handover creds --help`.')
    if (!name || !NAME.test(name))
      return fail(io, `creds ${action}: NAME must be 1-128 letters, digits, dots, dashes or underscores.`)
    if (action === 'delete') {
      const deleted = await keychain.delete(name)
      if (!deleted.ok) return fail(io, deleted.error.message)
      io.out.write(deleted.value ? `Deleted ${name}.\n` : `There was no credential named ${name}.\n`)
      return EXIT.OK
    }
    const value = io.stdin.isTTY
      ? await promptHidden(io, `Value for ${name}: `)
      : (await readAll(io.stdin)).replace(/\r?\n$/, '')
    if (value.length === 0) return fail(io, `creds set ${name}: the value is empty; nothing stored.`)
    const stored = await keychain.set(name, value)
    if (!stored.ok) return fail(io, stored.error.message)
    io.out.write(`Stored ${name} in the ${keychain.description}; reference it as keychain:${name}.\n`)
    return EXIT.OK
  },
}
