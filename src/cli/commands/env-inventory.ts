// `handover env-inventory`: every variable of every environment, shared values, owner and purpose — no value.
import { ENV_INVENTORY, envScanOfRun, inventoryRows, noteKey } from '../../deliverables/env-inventory'
import { EXIT, fail, type OptionTable } from '../io'
import { workspaceCommand } from '../workspace-command'

/** The options of `handover env-inventory`. */
const ENV_INVENTORY_OPTIONS = {
  owner: {
    type: 'string',
    multiple: true,
    value: 'NAME=who',
    help: 'record who owns variable NAME (an empty text removes it)',
  },
  purpose: {
    type: 'string',
    multiple: true,
    value: 'NAME=what',
    help: 'record what variable NAME is for (an empty text removes it)',
  },
} as const satisfies OptionTable

/** `handover env-inventory`: list environment variables per environment and record their owner and purpose. */
export const envInventory = workspaceCommand({
  name: 'env-inventory',
  args: '[DIR]',
  about: `Prints the environment variable inventory of the latest run that read the env files (sources.envFiles):
each variable, whether each environment sets it, which environments share a value (compared by keyed
hash), whether it is a credential, and its owner and purpose. Values are never read into the output.
--owner and --purpose record who owns a variable and what it is for (an empty text removes it); they are
kept in DIR/deliverables.json and printed in the handover pack.`,
  options: ENV_INVENTORY_OPTIONS,
  exit: '0 shown, 2 bad input.',
  async run(args, ws, io) {
    const runs = await ws.completeRuns()
    const run = runs.filter((r) => envScanOfRun(r)).at(-1)
    if (!run)
      return fail(
        io,
        `${ws.dir} has no run that read env files; set sources.envFiles in handover.json and run \`handover audit --stage 3\`.`,
      )
    const scan = envScanOfRun(run)!
    const known = new Set(scan.environments.flatMap((e) => e.variables.map((v) => v.name)))
    for (const field of ['owner', 'purpose'] as const) {
      for (const note of args.values[field] ?? []) {
        const eq = note.indexOf('=')
        const name = eq > 0 ? note.slice(0, eq).trim() : ''
        if (!known.has(name))
          return fail(
            io,
            `--${field} "${note}": "${name}" is not a variable of the env files; known: ${[...known].sort().join(', ')}.`,
          )
        const saved = await ws.setDeliverableNote(
          ENV_INVENTORY,
          noteKey(field, name),
          note.slice(eq + 1).trim(),
        )
        if (!saved.ok) return fail(io, saved.error.message)
      }
    }
    const notes = await ws.deliverableNotes()
    if (!notes.ok) return fail(io, notes.error.message)
    const envs = scan.environments.map((e) => e.name)
    const rows = inventoryRows(scan, notes.value[ENV_INVENTORY])
    io.out.write(`Environment variable inventory (run ${run.id}; values are never shown)\n\n`)
    const width = Math.max(8, ...rows.map((r) => r.name.length))
    io.out.write(
      `  ${'variable'.padEnd(width)}  ${envs.map((e) => e.padEnd(11)).join(' ')} same value in        credential  owner / purpose\n`,
    )
    for (const r of rows) {
      const shared = r.shared.map((g) => g.join('=')).join('; ') || '—'
      io.out.write(
        `  ${r.name.padEnd(width)}  ${envs.map((e) => (r.state[e] ?? 'absent').padEnd(11)).join(' ')} ${shared.padEnd(20)} ${(r.credential ? 'yes' : 'no').padEnd(11)} ${r.owner ?? '?'} / ${r.purpose ?? '?'}\n`,
      )
    }
    const open = rows.filter((r) => !r.owner || !r.purpose).length
    if (open > 0) io.out.write(`\n${open} of ${rows.length} variables still need an owner or a purpose.\n`)
    return EXIT.OK
  },
})
