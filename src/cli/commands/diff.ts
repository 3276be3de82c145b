// `handover diff`: regressions and fixes between two runs.
import path from 'node:path'
import { diffResults } from '../../diff/diff'
import { toJson, writeFileAtomic } from '../../store/atomic'
import { EXIT, fail, type OptionTable } from '../io'
import { workspaceCommand } from '../workspace-command'
import { checkOutputs, outputsOf } from '../outputs'
import { printDiff } from '../print'

/** The options of `handover diff`. */
const DIFF_OPTIONS = {
  from: { type: 'string', value: 'RUN|baseline', help: 'the earlier run id, or baseline (default)' },
  to: { type: 'string', value: 'RUN|latest', help: 'the later run id, or latest (default)' },
  json: { type: 'string', value: 'F', help: 'also write the diff as JSON to F' },
} as const satisfies OptionTable

/** `handover diff`: show what regressed or was fixed between two runs. */
export const diff = workspaceCommand({
  name: 'diff',
  args: '[DIR]',
  about: `Compares two runs of the workspace in DIR by result fingerprint (check|subject) and lists each
result as regressed, fixed, new, gone, unchanged or check-changed (the check's version changed).`,
  options: DIFF_OPTIONS,
  exit: '0 no regression, 1 regressions (or new failing results), 2 bad input.',
  async run(args, ws, io) {
    const outputs = await checkOutputs('diff', outputsOf(args.values, ['json'], io.cwd), ws.dir)
    if (!outputs.ok) return fail(io, outputs.error.message)
    const fromRef = args.values.from ?? 'baseline'
    const toRef = args.values.to ?? 'latest'
    const from = await ws.loadRun(fromRef)
    if (!from.ok) return fail(io, from.error.message)
    const to = await ws.loadRun(toRef)
    if (!to.ok) return fail(io, to.error.message)
    const result = diffResults(from.value.results, to.value.results)
    const label = (ref: string, id: string): string => (ref === id ? id : `${ref} (${id})`)
    printDiff(result, label(fromRef, from.value.id), label(toRef, to.value.id), io)
    const json = args.values.json
    if (json)
      await writeFileAtomic(
        path.resolve(io.cwd, json),
        toJson({ schema: 'handover.diff/1', from: from.value.id, to: to.value.id, ...result }),
      )
    return result.regressions.length > 0 ? EXIT.FINDINGS : EXIT.OK
  },
})
