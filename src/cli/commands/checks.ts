// `handover checks`: every check this build can run, with its stage, mode and consent family.
import { CHECKS } from '../../checks/registry'
import { CATALOGUE } from '../../catalogue/catalogue'
import { EXIT, fail, parse, type Command, type OptionTable } from '../io'

/** The registered check ids in one line, for messages that point at a wrong one. */
export function checkIdList(): string {
  return CHECKS.map((c) => c.id).join(', ')
}

/** The options of `handover checks`. */
const CHECKS_OPTIONS = {
  json: { type: 'boolean', help: 'print the list as JSON' },
} as const satisfies OptionTable

/** `handover checks`: list the checks: id, stage, mode and the consent family of active ones. */
export const checks: Command = {
  name: 'checks',
  about: `Lists every check this version runs, by stage: its id (for \`audit --check\`), its mode (passive, active,
manual, hybrid, integration), the consent family an active check needs in scope.active, and its name.`,
  options: CHECKS_OPTIONS,
  exit: '0.',
  async run(argv, io) {
    const args = parse('checks', argv, CHECKS_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    if (args.value.positionals.length > 0)
      return fail(io, 'checks takes no arguments; see `handover checks --help`.')
    const rows = [...CHECKS]
      .sort((a, b) => a.stage - b.stage || a.id.localeCompare(b.id))
      .map((c) => ({
        id: c.id,
        stage: c.stage,
        mode: c.mode,
        family: c.family ?? null,
        name: CATALOGUE[c.id]?.name ?? c.id,
      }))
    if (args.value.values.json) {
      io.out.write(`${JSON.stringify(rows, null, 2)}\n`)
      return EXIT.OK
    }
    const width = Math.max(...rows.map((r) => r.id.length))
    io.out.write(`${'id'.padEnd(width)}  stage  ${'mode'.padEnd(11)}  ${'consent'.padEnd(10)}  name\n`)
    for (const r of rows)
      io.out.write(
        `${r.id.padEnd(width)}  ${String(r.stage).padEnd(5)}  ${r.mode.padEnd(11)}  ${(r.family ?? '—').padEnd(10)}  ${r.name}\n`,
      )
    return EXIT.OK
  },
}
