// `handover lab`: the demo portal on loopback until stopped.
import path from 'node:path'
import { Lab } from '../../lab/lab'
import { PROVIDER_HOSTS } from '../../lab/providers'
import { EXIT, fail, palette, parse, type Command, type OptionTable } from '../io'

/** The options of `handover lab`. */
const LAB_OPTIONS = {
  fixed: { type: 'boolean', help: 'serve the repaired portal' },
  workspace: {
    type: 'string',
    value: 'DIR',
    help: 'write the lab’s engagement into DIR (default: the lab’s data folder)',
  },
} as const satisfies OptionTable

/** `handover lab`: start the bundled demo portal lab on loopback. */
export const lab: Command = {
  name: 'lab',
  about: `Starts the demo portal on 127.0.0.1: an authoritative DNS server for acme.test and the portal's
HTTPS hosts, with certificates from a lab CA made on first start (kept in the lab's data folder,
$HANDOVER_LAB_DIR or ~/.local/share/handover/lab). The flawed lab has planted problems; --fixed
serves the repaired portal. Writes a workspace pointed at the lab and prints it; audit it from
another terminal with \`handover audit DIR\`. Runs until Ctrl-C.`,
  options: LAB_OPTIONS,
  exit: '0 stopped with Ctrl-C, 2 bad input.',
  async run(argv, io) {
    const args = parse('lab', argv, LAB_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const workspace = args.value.values.workspace
    const started = await Lab.start({
      mode: args.value.values.fixed ? 'fixed' : 'flawed',
      ...(workspace ? { workspace: path.resolve(io.cwd, workspace) } : {}),
    })
    if (!started.ok) return fail(io, started.error.message)
    const l = started.value
    // Listen for Ctrl-C before saying how to stop: a signal sent the moment the line is read must stop the lab, not
    // kill it before the listener is there.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    const c = palette(io.out, io.env)
    io.out.write(`${c.bold(`Demo lab running (${l.mode})`)}\n`)
    io.out.write(`workspace: ${l.workspace}\n`)
    io.out.write(`DNS:       127.0.0.1:${l.dns.port} (UDP and TCP, zone acme.test)\n`)
    io.out.write(`lab CA:    ${l.caFile}\n\n`)
    for (const h of l.hosts) {
      io.out.write(
        `  ${h.name.padEnd(18)} https 127.0.0.1:${h.httpsPort}  http 127.0.0.1:${h.httpPort}${l.mode === 'flawed' && h.flaw ? c.dim(`  — ${h.flaw}`) : ''}\n`,
      )
    }
    io.out.write(
      `  ${'provider APIs'.padEnd(18)} https 127.0.0.1:${l.providers.port}  (${Object.values(PROVIDER_HOSTS).join(', ')}, by connectTo)\n`,
    )
    io.out.write(`\nAudit it with: handover audit ${l.workspace}\nPress Ctrl-C to stop.\n`)
    await stopped
    await l.stop()
    io.err.write('Lab stopped.\n')
    return EXIT.OK
  },
}
