// The rollback notes and the ownership table (issue 7 item 11): built from the answers to handover.rollback and
// handover.ownership that the run carries, and from the fields a person fills in (deliverables.json notes).
import type { Attestation, Run } from '../core/types'
import type { Deliverable, DeliverableSection } from '../report/model/types'

/** The rollback notes' id, also the key of their notes in deliverables.json. */
export const ROLLBACK_NOTES = 'rollback-notes'
/** The ownership table's id, also the key of its notes in deliverables.json. */
export const OWNERSHIP_TABLE = 'ownership-table'

/** What the rollback notes ask for, one field each. */
const ROLLBACK_FIELDS: readonly { key: string; item: string }[] = [
  { key: 'steps', item: 'How to roll back (the command or button, and where it is)' },
  { key: 'who', item: 'Who may roll back, and who decides' },
  { key: 'confirm', item: 'How to confirm the rollback worked' },
  { key: 'tried', item: 'When it was last tried on staging, and by whom' },
]

/** The items the ownership question names (catalogue: handover.ownership). */
const OWNERSHIP_ITEMS: readonly { key: string; item: string }[] = [
  { key: 'domain', item: 'Domain (registrar)' },
  { key: 'dns', item: 'DNS host' },
  { key: 'edge', item: 'Edge / CDN' },
  { key: 'mail-dns', item: 'E-mail DNS' },
  { key: 'status-page', item: 'Status page' },
  { key: 'secrets', item: 'Secrets' },
  { key: 'deploys', item: 'Deployment' },
]

/** The latest answer to `check` the run carries. */
function latestAnswer(run: Run, check: string): Attestation | undefined {
  return run.attestations
    .filter((a) => a.check === check)
    .reduce<Attestation | undefined>((latest, a) => (!latest || a.at >= latest.at ? a : latest), undefined)
}

const WORDS: Record<Attestation['status'], string> = {
  pass: 'yes',
  fail: 'no',
  'not-applicable': 'not applicable',
}

function answerSection(check: string, answer: Attestation | undefined): DeliverableSection {
  if (!answer)
    return { heading: 'Answer', paragraphs: [`Nobody had answered ${check} when this run started.`] }
  const evidence = answer.evidence
    ? ` Evidence: ${answer.evidence.file} (sha256 ${answer.evidence.sha256.slice(0, 12)}…).`
    : ''
  return {
    heading: 'Answer',
    paragraphs: [
      `${check}: ${WORDS[answer.status]}, answered by ${answer.by} at ${answer.at}.${answer.note ? ` Note: ${answer.note}` : ''}${evidence}`,
    ],
  }
}

/**
 * Ready when the run carries a "yes" (or "not applicable") to the check; otherwise missing, with what really
 * produces it: the answer is read when an audit starts, so it counts from the next run on.
 */
function readiness(
  run: Run,
  check: string,
  answer: Attestation | undefined,
  filled: number,
  what: string,
): { status: Deliverable['status']; why: string } {
  if (answer && answer.status !== 'fail')
    return {
      status: 'ready',
      why: `From the answer to ${check} that run ${run.id} carries${filled > 0 ? `, and ${filled} filled-in ${filled === 1 ? 'field' : 'fields'}` : ''}.`,
    }
  const how = `fill in ${what} (the table below; the wizard's Deliverables screen has a field for each row), then answer \`handover attest ${check} --status pass --note "…" [--evidence FILE]\` and run the audit again: a run carries the answers given before it started.`
  return {
    status: 'missing',
    why: answer
      ? `${check} was answered "no" by ${answer.by} at ${answer.at}; ${how}`
      : `Run ${run.id} carries no answer to ${check}; ${how}`,
  }
}

/** A deliverable the answer to one check makes ready, with a table of the fields a person fills in. */
interface AnsweredDeliverable {
  id: string
  title: string
  check: string
  /** What to fill in, in the missing deliverable's next step. */
  what: string
  heading: string
  /** The table's column of what is written down. */
  column: string
  fields: readonly { key: string; item: string }[]
  /** The input's label for a field's item. */
  label(item: string): string
  /** The table's text for a field nobody filled in. */
  unwritten: string
}

/** Builds `spec` for `run`: the answer, then each field's item beside its note. */
function buildAnswered(run: Run, notes: Record<string, string>, spec: AnsweredDeliverable): Deliverable {
  const answer = latestAnswer(run, spec.check)
  const filled = spec.fields.filter((f) => notes[f.key]).length
  return {
    id: spec.id,
    title: spec.title,
    stage: 7,
    ...readiness(run, spec.check, answer, filled, spec.what),
    sections: [
      answerSection(spec.check, answer),
      {
        heading: spec.heading,
        table: {
          columns: ['Item', spec.column],
          rows: spec.fields.map((f) => [f.item, notes[f.key] ?? spec.unwritten]),
        },
        inputs: spec.fields.map((f) => ({
          key: f.key,
          label: spec.label(f.item),
          value: notes[f.key] ?? '',
        })),
      },
    ],
  }
}

/** The rollback notes of `run`, with its four fields. */
export function buildRollbackNotes(run: Run, notes: Record<string, string> = {}): Deliverable {
  return buildAnswered(run, notes, {
    id: ROLLBACK_NOTES,
    title: 'Rollback notes',
    check: 'handover.rollback',
    what: 'the rollback steps',
    heading: 'Rollback steps',
    column: 'Written down',
    fields: ROLLBACK_FIELDS,
    label: (item) => item,
    unwritten: 'not written yet',
  })
}

/** The ownership table of `run`: one row per item the ownership question names. */
export function buildOwnershipTable(run: Run, notes: Record<string, string> = {}): Deliverable {
  return buildAnswered(run, notes, {
    id: OWNERSHIP_TABLE,
    title: 'Ownership table',
    check: 'handover.ownership',
    what: 'who holds each account',
    heading: 'Who holds what',
    column: 'Account, person who holds it, where the recovery codes live',
    fields: OWNERSHIP_ITEMS,
    label: (item) => `${item}: account, holder, recovery codes`,
    unwritten: 'not recorded yet',
  })
}
