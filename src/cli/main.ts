// The `handover` command line (DESIGN.md §7). Commands load on demand, so `verify` does not pay for pdfkit.
import pkg from '../../package.json' with { type: 'json' }
import { EXIT_CANTCREAT, WriteFailure } from '../store/atomic'
import { EXIT, fail, type Command, type Io } from './io'
import { usageText } from './usage'

/** Each command's name and summary, and how to load the rest of it. */
export const COMMANDS: readonly { name: string; summary: string; load: () => Promise<Command> }[] = [
  {
    name: 'init',
    summary: 'create a workspace with an engagement file',
    load: async () => (await import('./commands/init')).init,
  },
  {
    name: 'audit',
    summary: 'run the checks, store the run and print a summary by stage',
    load: async () => (await import('./commands/audit')).audit,
  },
  {
    name: 'checks',
    summary: 'list the checks: id, stage, mode and consent family',
    load: async () => (await import('./commands/checks')).checks,
  },
  {
    name: 'diff',
    summary: 'show what regressed or was fixed between two runs',
    load: async () => (await import('./commands/diff')).diff,
  },
  {
    name: 'baseline',
    summary: 'accept a run as the release baseline',
    load: async () => (await import('./commands/baseline')).baseline,
  },
  {
    name: 'attest',
    summary: 'record a person’s answer to a manual check',
    load: async () => (await import('./commands/attest')).attest,
  },
  {
    name: 'handoff',
    summary: 'show the domain handoff sheet and note why records changed',
    load: async () => (await import('./commands/handoff')).handoff,
  },
  {
    name: 'env-inventory',
    summary: 'list environment variables per environment; record owner and purpose',
    load: async () => (await import('./commands/env-inventory')).envInventory,
  },
  {
    name: 'deliverables',
    summary: 'show the deliverables of a run and fill in their fields',
    load: async () => (await import('./commands/deliverables')).deliverables,
  },
  {
    name: 'rotation',
    summary: 'show the secret rotation plan, or record that a secret was rotated',
    load: async () => (await import('./commands/rotation')).rotation,
  },
  {
    name: 'report',
    summary: 'build the signed handover PDF (and Markdown/JSON exports)',
    load: async () => (await import('./commands/report')).report,
  },
  {
    name: 'identity',
    summary: 'show the signing identity, or import an existing P12',
    load: async () => (await import('./commands/identity')).identity,
  },
  {
    name: 'verify',
    summary: 'check a handover PDF’s signature and integrity, and who signed it',
    load: async () => (await import('./commands/verify')).verify,
  },
  {
    name: 'creds',
    summary: 'store, list or delete credentials in the OS keychain',
    load: async () => (await import('./commands/creds')).creds,
  },
  {
    name: 'lab',
    summary: 'start the bundled demo portal lab on loopback',
    load: async () => (await import('./commands/lab')).lab,
  },
  {
    name: 'demo',
    summary: 'lab + audit + signed report: the full sprint on the demo portal, offline',
    load: async () => (await import('./commands/demo')).demo,
  },
  {
    name: 'ci',
    summary: 'write the pre-deploy gate for GitHub Actions or GitLab CI',
    load: async () => (await import('./commands/ci')).ci,
  },
  {
    name: 'ui',
    summary: 'open the wizard: the desktop app, or --web for the same app in your browser',
    load: async () => (await import('./commands/ui')).ui,
  },
]

function help(io: Io): void {
  io.out.write(`Handover ${pkg.version} — a 48-hour launch-ready security sprint for B2B client portals.

Usage: handover <command> [options]     (handover <command> --help, or handover help <command>, for details)

${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Errors are one sentence on stderr; --debug adds the stack trace of an unexpected failure.
`)
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...after] = argv
  // `handover help CMD` is `handover CMD --help`.
  const [name, ...rest] = first === 'help' && after[0] ? [after[0], '--help', ...after.slice(1)] : argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io)
    return name ? EXIT.OK : EXIT.BAD_INPUT
  }
  if (name === '--version' || name === '-V') {
    io.out.write(`${pkg.version}\n`)
    return EXIT.OK
  }
  const entry = COMMANDS.find((c) => c.name === name)
  if (!entry) return fail(io, `unknown command "${name}"; run \`handover --help\` for the list.`)
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out.write(`${usageText(command)}\n`)
    return EXIT.OK
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    // A file that could not be written (full disk, read-only folder, a file in the way) is said in one sentence.
    if (err instanceof WriteFailure) return fail(io, `${err.message}.`, EXIT_CANTCREAT)
    // A bug, not an expected failure: say so in one sentence, with the stack only under --debug.
    const message = err instanceof Error ? err.message : String(err)
    io.err.write(`handover: ${command.name} failed unexpectedly: ${message}\n`)
    if (rest.includes('--debug') && err instanceof Error) io.err.write(`${err.stack}\n`)
    return 70
  }
}
