// The eight documents every handover pack lists, present or not, and where each comes from.
import type { Stage } from '../../core/types'
import type { Deliverable } from './types'

/** A deliverable the pack expects, with the stage and checks that produce it. */
export interface ExpectedDeliverable {
  id: string
  title: string
  stage: Stage
  producedBy: string[]
}

/** In the order the pack prints them. */
export const EXPECTED_DELIVERABLES: readonly ExpectedDeliverable[] = [
  {
    id: 'auth-map',
    title: 'Auth map',
    stage: 2,
    producedBy: [
      'surface.inventory',
      'surface.unauth-data',
      'authz.bola',
      'authz.bfla',
      'authz.session-cookies',
    ],
  },
  {
    id: 'env-inventory',
    title: 'Environment variable inventory',
    stage: 3,
    producedBy: ['secrets.repo', 'secrets.env-files', 'secrets.env-reuse'],
  },
  {
    id: 'domain-handoff',
    title: 'Domain handoff sheet',
    stage: 4,
    producedBy: [
      'dns.resolves',
      'dns.dangling',
      'dns.stale',
      'dns.canonical-host',
      'dns.caa',
      'edge.config-drift',
    ],
  },
  {
    id: 'mail-checklist',
    title: 'Mail deliverability checklist',
    stage: 4,
    producedBy: ['mail.mx', 'mail.spf', 'mail.dkim', 'mail.dmarc', 'mail.mta-sts', 'mail.deliverability'],
  },
  {
    id: 'monitoring-map',
    title: 'Monitoring and alert routing map',
    stage: 6,
    producedBy: [
      'monitor.uptime',
      'monitor.alerting',
      'monitor.coverage',
      'monitor.error-tracking',
      'monitor.status-page',
    ],
  },
  {
    id: 'incident-playbook',
    title: 'Incident playbook',
    stage: 6,
    producedBy: ['monitor.alerting', 'handover.ownership'],
  },
  { id: 'rollback-notes', title: 'Rollback notes', stage: 7, producedBy: ['handover.rollback'] },
  { id: 'ownership-table', title: 'Ownership table', stage: 7, producedBy: ['handover.ownership'] },
]

function missingWhy(expected: ExpectedDeliverable): string {
  return `Not produced for this run. It is built in stage ${expected.stage} from ${expected.producedBy.join(', ')}; run or answer those checks, then issue the pack again.`
}

/** Every expected deliverable (supplied or marked missing), then any extra supplied ones in their given order. */
export function collectDeliverables(supplied: readonly Deliverable[]): Deliverable[] {
  const byId = new Map(supplied.map((d) => [d.id, d]))
  const expected = EXPECTED_DELIVERABLES.map((e): Deliverable => {
    const given = byId.get(e.id)
    if (!given)
      return { id: e.id, title: e.title, stage: e.stage, status: 'missing', why: missingWhy(e), sections: [] }
    // A supplied deliverable that says it is missing still gets a reason, so the reader knows what to do.
    if (given.status === 'missing' && !given.why) return { ...structuredClone(given), why: missingWhy(e) }
    return structuredClone(given)
  })
  const known = new Set(EXPECTED_DELIVERABLES.map((e) => e.id))
  return [...expected, ...supplied.filter((d) => !known.has(d.id)).map((d) => structuredClone(d))]
}

/** Whether a deliverable has anything to print: sections that only carry inputs (an empty note) print nothing. */
export function printsNothing(d: Deliverable): boolean {
  return d.sections.every((s) => !s.heading && !s.paragraphs?.length && !s.table)
}
