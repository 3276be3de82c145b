// The `handover` command line (DESIGN.md §7).
import pkg from '../../package.json' with { type: 'json' }
import { attest } from './commands/attest'
import { audit } from './commands/audit'
import { baseline } from './commands/baseline'
import { creds } from './commands/creds'
import { demo } from './commands/demo'
import { diff } from './commands/diff'
import { init } from './commands/init'
import { handoff } from './commands/handoff'
import { lab } from './commands/lab'
import { report } from './commands/report'
import { verify } from './commands/verify'
import { EXIT, fail, type Command, type Io } from './io'

export const COMMANDS: readonly Command[] = [
  init,
  audit,
  diff,
  baseline,
  attest,
  handoff,
  report,
  verify,
  creds,
  lab,
  demo,
]

function help(io: Io): void {
  io.out.write(`Handover ${pkg.version} — a 48-hour launch-ready security sprint for B2B client portals.

Usage: handover <command> [options]     (handover <command> --help for details)

${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Errors are one sentence on stderr; --debug adds the stack trace of an unexpected failure.
`)
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io)
    return name ? EXIT.OK : EXIT.BAD_INPUT
  }
  if (name === '--version' || name === '-V') {
    io.out.write(`${pkg.version}\n`)
    return EXIT.OK
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) return fail(io, `unknown command "${name}"; run \`handover --help\` for the list.`)
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out.write(`${command.usage}\n`)
    return EXIT.OK
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    // A bug, not an expected failure: say so in one sentence, with the stack only under --debug.
    const message = err instanceof Error ? err.message : String(err)
    io.err.write(`handover: ${command.name} failed unexpectedly: ${message}\n`)
    if (rest.includes('--debug') && err instanceof Error) io.err.write(`${err.stack}\n`)
    return 70
  }
}
