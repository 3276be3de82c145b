// `handover handoff`: the domain handoff sheet of the latest run, and the "why" of each changed record.
import {
  buildDomainHandoff,
  DOMAIN_HANDOFF,
  recordChanges,
  snapshotOfRun,
} from '../../deliverables/domain-handoff'
import { EXIT, fail, type OptionTable } from '../io'
import { workspaceCommand } from '../workspace-command'

/** The options of `handover handoff`. */
const HANDOFF_OPTIONS = {
  note: {
    type: 'string',
    multiple: true,
    value: '"TYPE NAME=why"',
    help: 'record why a record changed (an empty text removes the note)',
  },
} as const satisfies OptionTable

/** `handover handoff`: show the domain handoff sheet and note why records changed. */
export const handoff = workspaceCommand({
  name: 'handoff',
  args: '[DIR]',
  about: `Prints the DNS records of the latest run and every record that changed since the first run of the
sprint. --note records why a record changed (e.g. --note "A www.acme.test=moved to the new origin");
an empty text removes the note. Notes are kept in DIR/deliverables.json and printed in the PDF.`,
  options: HANDOFF_OPTIONS,
  exit: '0 shown, 2 bad input.',
  async run(args, ws, io) {
    const runs = await ws.completeRuns()
    const latest = runs.at(-1)
    if (!latest) return fail(io, `${ws.dir} has no completed run yet; run \`handover audit\` first.`)
    const snapshot = snapshotOfRun(latest)
    if (!snapshot) return fail(io, `run ${latest.id} took no DNS snapshot; run \`handover audit --stage 4\`.`)
    const first = runs.map(snapshotOfRun).find(Boolean)!
    const keys = new Set(recordChanges(first, snapshot).map((c) => c.key))
    for (const note of args.values.note ?? []) {
      const eq = note.indexOf('=')
      const key = eq > 0 ? note.slice(0, eq).trim() : ''
      if (!keys.has(key))
        return fail(
          io,
          `--note "${note}": "${key}" is not a changed record; changed: ${[...keys].join(', ') || 'none'}.`,
        )
      const saved = await ws.setDeliverableNote(DOMAIN_HANDOFF, key, note.slice(eq + 1).trim())
      if (!saved.ok) return fail(io, saved.error.message)
    }
    const notes = await ws.deliverableNotes()
    if (!notes.ok) return fail(io, notes.error.message)
    const sheet = buildDomainHandoff(runs, latest, notes.value[DOMAIN_HANDOFF])
    io.out.write(`${sheet.title} — ${sheet.why ?? ''}\n`)
    for (const section of sheet.sections) {
      io.out.write(`\n${section.heading ?? ''}\n`)
      for (const p of section.paragraphs ?? []) io.out.write(`  ${p}\n`)
      if (section.table) {
        io.out.write(`  ${section.table.columns.join(' | ')}\n`)
        for (const row of section.table.rows)
          io.out.write(`  ${row.map((c) => c.replace(/\n/g, '; ')).join(' | ')}\n`)
      }
    }
    return EXIT.OK
  },
})
