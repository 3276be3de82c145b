// `handover baseline`: accept a run as the release baseline.
import path from 'node:path'
import { baselineRefusal } from '../../engine/coverage'
import { Workspace } from '../../store/workspace'
import { EXIT, fail, parse, type Command, type OptionTable } from '../io'

/** The options of `handover baseline`. */
const BASELINE_OPTIONS = {
  partial: {
    type: 'boolean',
    help: 'accept such a run anyway (the pack and diff still say what it covered)',
  },
} as const satisfies OptionTable

/** `handover baseline`: accept a run as the release baseline. */
export const baseline: Command = {
  name: 'baseline',
  args: '[DIR] [RUN]',
  about: `Accepts RUN (default: the latest complete run) of the workspace in DIR as the release baseline.
Later audits and \`handover diff\` compare against it; CI fails a deploy that regresses from it.
A partial run (cancelled, interrupted, or only some stages or checks) or one with checks that could not
observe is refused: it would let every later run pass on what it never checked.`,
  options: BASELINE_OPTIONS,
  exit: `0 accepted, 2 bad input (no such run, run still running, partial run without --partial),
73 the baseline file could not be written.`,
  async run(argv, io) {
    const args = parse('baseline', argv, BASELINE_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const [dir, runRef] =
      args.value.positionals.length === 1 && /^\d{8}T/.test(args.value.positionals[0]!)
        ? ['.', args.value.positionals[0]]
        : args.value.positionals
    const ws = await Workspace.open(path.resolve(io.cwd, dir ?? '.'))
    if (!ws.ok) return fail(io, ws.error.message)
    let id = runRef
    if (!id) {
      const latest = await ws.value.loadRun('latest')
      if (!latest.ok) return fail(io, latest.error.message)
      id = latest.value.id
    }
    const partial = Boolean(args.value.values.partial)
    const accepted = await ws.value.setBaseline(id, {
      refuse: (run, state) => baselineRefusal(run, partial, state),
    })
    if (!accepted.ok) return fail(io, accepted.error.message)
    io.out.write(
      `Run ${accepted.value.run} is now the release baseline (accepted by ${accepted.value.acceptedBy}).\n`,
    )
    return EXIT.OK
  },
}
