// `handover demo`: the whole sprint on the demo portal, offline, in one command.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Lab } from '../../lab/lab'
import { MemoryCredentials, OsKeychain } from '../../keychain/keychain'
import { Workspace } from '../../store/workspace'
import { EXIT, fail, palette, parse, type Command, type OptionTable, type Io } from '../io'
import { printSummary } from '../print'
import { auditWorkspace } from './audit'
import { describePack, producePack } from './report'
import { KEYCHAIN } from '../../keychain/codes'

/**
 * The demo's signed pack: signed with the consultant identity in the OS keychain when there is one;
 * on a machine without a keychain, with a throw-away identity that lives in memory and a temp folder,
 * so the demo still runs offline anywhere (and says so).
 */
async function demoPack(ws: Workspace, runId: string, out: string, io: Io) {
  const files = {
    runRef: runId,
    out: path.join(out, 'reports', `handover-${runId}.pdf`),
    markdown: path.join(out, 'reports', `handover-${runId}.md`),
    json: path.join(out, 'reports', `handover-${runId}.json`),
  }
  const real = await producePack(ws, { ...files, credentials: new OsKeychain() })
  if (real.ok || real.error.code !== KEYCHAIN.KEYCHAIN_UNAVAILABLE) return real
  io.err.write('No OS keychain here: the demo signs with a throw-away identity instead (never kept).\n')
  const dir = await mkdtemp(path.join(tmpdir(), 'handover-demo-identity-'))
  try {
    return await producePack(ws, { ...files, credentials: new MemoryCredentials(), identityDir: dir })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The options of `handover demo`. */
const DEMO_OPTIONS = {
  out: {
    type: 'string',
    value: 'DIR',
    help: 'the workspace to keep the run and the pack in (default ./handover-demo)',
  },
  fixed: {
    type: 'boolean',
    help: 'audit the repaired portal, accept it as the baseline and audit once more',
  },
  verbose: { type: 'boolean', short: 'v', help: 'list passing results too' },
  quiet: { type: 'boolean', short: 'q', help: 'no progress lines' },
} as const satisfies OptionTable

/** `handover demo`: lab + audit: the full sprint on the demo portal, offline. */
export const demo: Command = {
  name: 'demo',
  about: `Starts the demo lab, audits it, prints the results by stage and writes the signed handover pack
(PDF, Markdown, JSON) under DIR/reports, then stops the lab. The run is kept
in DIR (default ./handover-demo), which is an ordinary workspace: \`handover diff DIR\` and
\`handover baseline DIR\` work on it. With --fixed the lab serves the repaired portal; the demo then
accepts that run as the release baseline and audits once more, as the sprint's last step does.
Lab account passwords are made fresh for each start and kept in memory only.`,
  options: DEMO_OPTIONS,
  exit: '0 (findings in the demo are expected), 2 bad input.',
  async run(argv, io) {
    const args = parse('demo', argv, DEMO_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const fixed = Boolean(args.value.values.fixed)
    const out = path.resolve(io.cwd, args.value.values.out ?? 'handover-demo')
    const started = await Lab.start({ mode: fixed ? 'fixed' : 'flawed', workspace: out })
    if (!started.ok) return fail(io, started.error.message)
    const lab = started.value
    try {
      const c = palette(io.err, io.env)
      io.err.write(c.dim(`Demo lab (${lab.mode}) on 127.0.0.1, workspace ${out}\n`))
      const ws = await Workspace.open(out)
      if (!ws.ok) return fail(io, ws.error.message)
      const credentials = new MemoryCredentials(lab.credentials())
      const flags = { quiet: Boolean(args.value.values.quiet) }
      let run = await auditWorkspace(ws.value, flags, io, credentials)
      if (fixed && run.summary.blockers > 0) {
        const baseline = await ws.value.baseline()
        if (baseline.ok && !baseline.value) {
          // The repaired portal becomes the release baseline, then the sprint's final audit confirms it holds.
          const accepted = await ws.value.setBaseline(run.id)
          if (accepted.ok) {
            io.err.write(c.dim(`Accepted run ${run.id} as the release baseline; auditing once more.\n`))
            run = await auditWorkspace(ws.value, flags, io, credentials)
          }
        }
      }
      printSummary(run, io, { verbose: Boolean(args.value.values.verbose) })
      io.out.write(`\nRun stored in ${path.join(out, 'runs', `${run.id}.json`)}\n`)
      const pack = await demoPack(ws.value, run.id, out, io)
      if (!pack.ok) return fail(io, pack.error.message)
      describePack(pack.value, io)
      return EXIT.OK
    } finally {
      await lab.stop()
    }
  },
}
