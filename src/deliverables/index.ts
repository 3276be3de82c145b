// Every deliverable the engine can build from runs, attestations and notes so far.
import type { Run } from '../core/types'
import type { EngagementFile } from '../engagement/schema'
import type { Deliverable } from '../report/model/types'
import { buildAuthMap } from './auth-map'
import { buildDomainHandoff, DOMAIN_HANDOFF } from './domain-handoff'
import { buildMailChecklist } from './mail-checklist'
import { buildMonitoringMap } from './monitoring-map'
import { buildEnvInventory, ENV_INVENTORY } from './env-inventory'
import { buildRotationPlan } from './rotation-plan'
import { buildStage2Checklist, STAGE2_CHECKLIST } from './stage2-checklist'
import { buildIncidentPlaybook, INCIDENT_PLAYBOOK } from './incident-playbook'
import { buildOwnershipTable, buildRollbackNotes, OWNERSHIP_TABLE, ROLLBACK_NOTES } from './handover-answers'

/** Deliverables for `run`; the report marks the ones not built here as missing. */
export function buildDeliverables(
  runs: readonly Run[],
  run: Run,
  notes: Record<string, Record<string, string>>,
  engagement?: Pick<EngagementFile, 'secrets' | 'portal' | 'incident' | 'monitoring'>,
): Deliverable[] {
  const rollback = buildRollbackNotes(run, notes[ROLLBACK_NOTES])
  return [
    buildAuthMap(run, engagement),
    buildStage2Checklist(run, notes[STAGE2_CHECKLIST]),
    buildDomainHandoff(runs, run, notes[DOMAIN_HANDOFF]),
    buildMailChecklist(run),
    buildEnvInventory(run, notes[ENV_INVENTORY]),
    buildRotationPlan(run, engagement?.secrets?.rotated),
    buildMonitoringMap(run),
    buildIncidentPlaybook(run, engagement, notes[INCIDENT_PLAYBOOK], rollback),
    rollback,
    buildOwnershipTable(run, notes[OWNERSHIP_TABLE]),
  ].map((d) => withConsultantNote(d, notes[d.id]?.[CONSULTANT_NOTE]))
}

/** The `deliverables.json` key of the free-text note every deliverable takes. */
export const CONSULTANT_NOTE = 'consultant-note'

/**
 * Every ready deliverable is editable: it ends with the consultant's note (printed in the pack once written) and
 * its input, so a new deliverable can be annotated in the app's generic editor without code of its own.
 */
function withConsultantNote(d: Deliverable, note: string | undefined): Deliverable {
  if (d.status !== 'ready') return d
  return {
    ...d,
    sections: [
      ...d.sections,
      {
        ...(note ? { heading: "Consultant's note", paragraphs: [note] } : {}),
        inputs: [{ key: CONSULTANT_NOTE, label: `Note on the ${d.title.toLowerCase()}`, value: note ?? '' }],
      },
    ],
  }
}
