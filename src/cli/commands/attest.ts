// `handover attest`: a person's answer to a manual check, with an optional evidence file.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Attestation } from '../../core/types'
import { CHECKS, checkById } from '../../checks/registry'
import { actor, Workspace } from '../../store/workspace'
import { EXIT, fail, parse, type Command, type OptionTable } from '../io'

const STATUSES = ['pass', 'fail', 'not-applicable'] as const

/** The options of `handover attest`. */
const ATTEST_OPTIONS = {
  status: { type: 'string', value: 'pass|fail|not-applicable', required: true, help: 'the answer' },
  note: { type: 'string', value: 'TEXT', help: 'why, in a sentence' },
  evidence: {
    type: 'string',
    value: 'FILE',
    help: 'a file that supports the answer (copied into DIR/evidence/ with its SHA-256)',
  },
  subject: { type: 'string', value: 'S', help: 'answer for one subject of the check only' },
} as const satisfies OptionTable

/** `handover attest`: record a person's answer to a manual check. */
export const attest: Command = {
  name: 'attest',
  args: '[DIR] CHECK',
  about: `Records who answered CHECK, when, how, and why, in DIR/attestations.json; the next audit carries it
into the run. An evidence file outside the workspace is copied into DIR/evidence/ with its SHA-256.

Manual checks: ${CHECKS.filter((c) => c.mode === 'manual' || c.mode === 'hybrid')
    .map((c) => c.id)
    .join(', ')}`,
  options: ATTEST_OPTIONS,
  exit: `0 recorded, 2 bad input (unknown check, bad status, unreadable file), 73 a workspace file could not be
written (nothing recorded).`,
  async run(argv, io) {
    const args = parse('attest', argv, ATTEST_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const pos = args.value.positionals
    if (pos.length === 0 || pos.length > 2)
      return fail(io, 'attest needs a check id, e.g. `handover attest handover.rollback --status pass`.')
    const [dir, checkId] = pos.length === 2 ? pos : ['.', pos[0]!]
    const check = checkById(checkId!)
    if (!check) return fail(io, `attest: no check named ${checkId}.`)
    if (check.mode !== 'manual' && check.mode !== 'hybrid')
      return fail(
        io,
        `attest: ${check.id} is measured by the audit (${check.mode}); only manual and hybrid checks take attestations.`,
      )
    const status = args.value.values.status
    if (!status || !(STATUSES as readonly string[]).includes(status))
      return fail(io, `attest: --status must be one of ${STATUSES.join(', ')}.`)
    const ws = await Workspace.open(path.resolve(io.cwd, dir!))
    if (!ws.ok) return fail(io, ws.error.message)
    const attestation: Attestation = {
      check: check.id,
      status: status as Attestation['status'],
      by: actor(),
      at: new Date().toISOString(),
    }
    const subject = args.value.values.subject
    if (subject) attestation.subject = subject
    const note = args.value.values.note
    if (note) attestation.note = note
    const evidence = args.value.values.evidence
    if (evidence) {
      const source = path.resolve(io.cwd, evidence)
      let bytes: Buffer
      try {
        bytes = await readFile(source)
      } catch (err) {
        return fail(
          io,
          `attest: --evidence ${evidence} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
        )
      }
      const relative = path.relative(ws.value.dir, source)
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        const stored = await ws.value.storeEvidence(path.basename(source), bytes)
        if (!stored.ok) return fail(io, stored.error.message)
        attestation.evidence = stored.value
      } else
        attestation.evidence = { file: relative, sha256: createHash('sha256').update(bytes).digest('hex') }
    }
    const saved = await ws.value.attest(attestation)
    if (!saved.ok) return fail(io, saved.error.message)
    io.out.write(`Recorded ${check.id}: ${status}${note ? ` — ${note}` : ''} (by ${attestation.by}).\n`)
    return EXIT.OK
  },
}
