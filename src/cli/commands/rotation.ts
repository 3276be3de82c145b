// `handover rotation`: the secret rotation plan, and recording that a secret was rotated (secrets.rotated).
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { rotationItems } from '../../deliverables/rotation-plan'
import { parseEngagement } from '../../engagement/load'
import { toJson, writeFileAtomic } from '../../store/atomic'
import { withWorkspaceLock } from '../../store/lock'
import { actor, ENGAGEMENT_FILE } from '../../store/workspace'
import { EXIT, fail, type OptionTable } from '../io'
import { workspaceCommand } from '../workspace-command'

/** The options of `handover rotation`. */
const ROTATION_OPTIONS = {
  rotated: { type: 'string', value: 'ID', help: 'record that the secret with this id was rotated' },
  note: { type: 'string', value: 'TEXT', help: 'with --rotated: how it was rotated' },
} as const satisfies OptionTable

/** `handover rotation`: show the secret rotation plan, or record that a secret was rotated. */
export const rotation = workspaceCommand({
  name: 'rotation',
  args: '[DIR]',
  about: `Prints the rotation plan of the latest run: every exposed secret (masked), where it was found, since which
commit, and whether it is rotated. --rotated ID records that the secret with that id was rotated (in
secrets.rotated of DIR/handover.json, with today's date and your name); the next audit verifies it: a value
still served, committed or set in an env file is reported as not verified.`,
  options: ROTATION_OPTIONS,
  exit: '0 shown or recorded, 2 bad input.',
  async run(args, ws, io) {
    const run = (await ws.completeRuns()).at(-1)
    if (!run) return fail(io, `${ws.dir} has no completed run yet; run \`handover audit\` first.`)
    let rotated = ws.engagement.secrets?.rotated ?? []
    const id = args.values.rotated
    if (id !== undefined) {
      const items = rotationItems(run, rotated)
      if (!items.some((i) => i.id === id))
        return fail(
          io,
          `--rotated ${id}: no exposed secret of run ${run.id} has that id; ids: ${items.map((i) => i.id).join(', ') || 'none'}.`,
        )
      const file = path.join(ws.dir, ENGAGEMENT_FILE)
      const note = args.values.note
      const entry = { id, at: new Date().toISOString().slice(0, 10), by: actor(), ...(note ? { note } : {}) }
      const saved = await withWorkspaceLock(ws.dir, async () => {
        const raw = JSON.parse(await readFile(file, 'utf8')) as { secrets?: { rotated?: unknown[] } }
        raw.secrets = {
          ...raw.secrets,
          rotated: [...(raw.secrets?.rotated ?? []).filter((r) => (r as { id?: string }).id !== id), entry],
        }
        // Validate before writing, so a bad edit never replaces a good engagement.
        const checked = await parseEngagement(JSON.stringify(raw), file)
        if (!checked.ok) return checked
        await writeFileAtomic(file, toJson(raw))
        return checked
      })
      if (!saved.ok) return fail(io, saved.error.message)
      const checked = saved
      rotated = checked.value.secrets?.rotated ?? []
      io.out.write(`Recorded ${id} as rotated on ${entry.at}; the next audit verifies it.\n\n`)
    }
    const items = rotationItems(run, rotated)
    io.out.write(`Secret rotation plan (run ${run.id})\n`)
    if (items.length === 0) io.out.write('  No exposed secret: nothing to rotate.\n')
    for (const i of items) {
      const box = i.state === 'to-rotate' ? '[ ]' : i.state === 'verified' ? '[x]' : '[!]'
      io.out.write(`\n  ${box} ${i.id}  ${i.provider} ${i.what} ${i.masked}\n`)
      for (const where of i.found) io.out.write(`        found: ${where}\n`)
      if (i.since) io.out.write(`        since: ${i.since.commit} on ${i.since.date} by ${i.since.author}\n`)
      if (i.state === 'still-present')
        io.out.write(`        marked rotated, but still found: ${i.current.join('; ')}\n`)
      i.steps.forEach((s, n) => io.out.write(`        ${n + 1}. ${s}\n`))
    }
    return EXIT.OK
  },
})
