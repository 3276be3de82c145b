// Every deliverable the engine can build from runs, attestations and notes so far.
import type { Run } from '../core/types'
import type { Deliverable } from '../report/model/types'
import { buildDomainHandoff, DOMAIN_HANDOFF } from './domain-handoff'
import { buildMailChecklist } from './mail-checklist'

/** Deliverables for `run`; the report marks the ones not built here as missing. */
export function buildDeliverables(
  runs: readonly Run[],
  run: Run,
  notes: Record<string, Record<string, string>>,
): Deliverable[] {
  return [buildDomainHandoff(runs, run, notes[DOMAIN_HANDOFF]), buildMailChecklist(run)]
}
