// `handover deliverables`: every deliverable of a run, its state and the fields a person fills in — and --set to
// fill them, so everything the wizard's editors write can be written from a terminal or a script too.
import { buildDeliverables } from '../../deliverables'
import type { Deliverable, DeliverableInput } from '../../report/model/types'
import { EXIT, fail, type OptionTable } from '../io'
import { workspaceCommand } from '../workspace-command'

/** The fields of a deliverable, in the order its sections show them. */
export function inputsOf(d: Deliverable): DeliverableInput[] {
  return d.sections.flatMap((s) => s.inputs ?? [])
}

/** One `--set "ID KEY=text"` split into its parts, or why it cannot be read. */
export function parseSetting(
  text: string,
): { ok: true; id: string; key: string; value: string } | { ok: false; why: string } {
  const space = text.indexOf(' ')
  const eq = text.indexOf('=', space + 1)
  if (space <= 0 || eq < 0) return { ok: false, why: 'write it as "DELIVERABLE KEY=text"' }
  const key = text.slice(space + 1, eq).trim()
  if (!key) return { ok: false, why: 'the key before "=" is empty' }
  return { ok: true, id: text.slice(0, space), key, value: text.slice(eq + 1).trim() }
}

/** The options of `handover deliverables`. */
const DELIVERABLES_OPTIONS = {
  run: { type: 'string', value: 'RUN', help: 'run id, latest (default) or baseline' },
  set: {
    type: 'string',
    multiple: true,
    value: '"DELIVERABLE KEY=text"',
    help: 'save one field (an empty text removes it)',
  },
  fields: { type: 'boolean', help: 'also list every field a person fills in' },
} as const satisfies OptionTable

/** `handover deliverables`: show the deliverables of a run and fill in their fields. */
export const deliverables = workspaceCommand({
  name: 'deliverables',
  args: '[DIR]',
  about: `Prints each deliverable the handover pack holds for a run (latest by default, or an id or baseline): its id, title, stage,
whether it is ready or missing and why. --fields also lists every field a person fills in (its key,
what to write and the saved text), the same fields the wizard's editors show. --set saves one field, e.g.
  --set "stage2-checklist reset-password=Tested by Ana: the link expires after one use"
  --set "rollback-notes steps=Revert the DNS change in the registrar, then redeploy v1.4"
an empty text removes it. Fields are kept in DIR/deliverables.json and printed in the pack; a deliverable
or key the run does not have is refused and nothing is saved.`,
  options: DELIVERABLES_OPTIONS,
  exit: '0 shown, 2 bad input.',
  async run(args, ws, io) {
    const runs = await ws.completeRuns()
    const loaded = await ws.loadRun(args.values.run ?? 'latest')
    if (!loaded.ok) return fail(io, `--run: ${loaded.error.message}`)
    const run = loaded.value
    const notes = await ws.deliverableNotes()
    if (!notes.ok) return fail(io, notes.error.message)
    const built = buildDeliverables(runs, run, notes.value, ws.engagement)
    // Every setting is checked before any is saved, so a typo in the third saves none.
    const settings = []
    for (const text of args.values.set ?? []) {
      const s = parseSetting(text)
      if (!s.ok) return fail(io, `--set "${text}": ${s.why}.`)
      const d = built.find((x) => x.id === s.id)
      if (!d)
        return fail(
          io,
          `--set "${text}": "${s.id}" is not a deliverable of run ${run.id}; known: ${built.map((x) => x.id).join(', ')}.`,
        )
      const keys = inputsOf(d).map((i) => i.key)
      if (!keys.includes(s.key))
        return fail(
          io,
          keys.length === 0
            ? `--set "${text}": ${d.id} has no field to fill in for run ${run.id} (${d.status}${d.why ? `: ${d.why.replace(/\.$/, '')}` : ''}).`
            : `--set "${text}": "${s.key}" is not a field of ${d.id}; its fields: ${keys.join(', ')}.`,
        )
      settings.push(s)
    }
    for (const s of settings) {
      const saved = await ws.setDeliverableNote(s.id, s.key, s.value)
      if (!saved.ok) return fail(io, saved.error.message)
    }
    let shown = built
    if (settings.length) {
      const saved = await ws.deliverableNotes()
      if (!saved.ok) return fail(io, saved.error.message)
      shown = buildDeliverables(runs, run, saved.value, ws.engagement)
    }
    if (settings.length)
      io.out.write(
        `Saved ${settings.length} field${settings.length === 1 ? '' : 's'} in deliverables.json.\n\n`,
      )
    io.out.write(`Deliverables of run ${run.id}\n`)
    for (const d of shown) {
      const fields = inputsOf(d)
      const open = fields.filter((f) => !f.value).length
      io.out.write(
        `\n  ${d.status === 'ready' ? '✓' : '·'} ${d.id.padEnd(18)} stage ${d.stage}  ${d.title} — ${d.status}` +
          `${fields.length ? ` (${fields.length - open} of ${fields.length} fields filled)` : ''}\n`,
      )
      if (d.why) io.out.write(`      ${d.why}\n`)
      if (args.values.fields)
        for (const f of fields) io.out.write(`      ${f.key}: ${f.label}\n        ${f.value || '—'}\n`)
    }
    return EXIT.OK
  },
})
