// The incident playbook (issue 12 item 4): who responds first and in what order, counted in minutes from the
// alert, from the engagement's incident contacts and what stage 6 observed of the alert routes and the status page;
// the first steps per incident kind, with the rollback notes of stage 7 referred to; fields for what is not derived.
import type { CheckResult, Run } from '../core/types'
import type { EngagementFile } from '../engagement/schema'
import type { Deliverable, DeliverableSection } from '../report/model/types'
import { monitorDetail } from './monitoring-map'

/** The playbook's id, also the key of its notes in deliverables.json. */
export const INCIDENT_PLAYBOOK = 'incident-playbook'

type Incident = NonNullable<EngagementFile['incident']>
type Contact = Incident['contacts'][number]
type Kind = Contact['callFor'][number]

/** What the playbook is built from besides the run: the engagement's incident and monitoring sections. */
export type PlaybookEngagement = Partial<Pick<EngagementFile, 'incident' | 'monitoring'>>

/** The schema's defaults, used when handover.json has no incident section. */
const DEFAULT_TARGETS: Incident['targets'] = {
  firstResponseMinutes: 15,
  escalateAfterMinutes: 30,
  statusPageMinutes: 30,
}

/** What a person writes down because no run can observe it. */
const FIELDS: readonly { key: string; label: string }[] = [
  { key: 'war-room', label: 'Where responders meet (chat channel or call link)' },
  {
    key: 'hosting-support',
    label: "The hosting provider's support: how to open an urgent ticket, and the account",
  },
  { key: 'client-comms', label: "Who tells the portal's clients, how, and in which words" },
  {
    key: 'report-decision',
    label: 'Who decides whether a data exposure is reported, and to whom (GDPR: within 72 hours)',
  },
  { key: 'review', label: 'Where the incident is written up afterwards, and within how many days' },
]

const NOT_SET_NEXT =
  'not set: add incident.contacts with onCall 1, 2… to handover.json (README: Incident playbook)'
/** Where the next step was already said once, above. */
const NOT_SET = 'not set (see the first row)'

const who = (c: Contact): string => `${c.name} (${c.role})`
const reach = (c: Contact): string =>
  [c.phone && `phone ${c.phone}`, c.email && `e-mail ${c.email}`, c.chat && `chat ${c.chat}`]
    .filter(Boolean)
    .join('; ')
/** The one way to reach someone fast, for the clock: a call first, then chat, then e-mail. */
const fastest = (c: Contact): string =>
  c.phone ? `phone ${c.phone}` : c.chat ? `chat ${c.chat}` : `e-mail ${c.email ?? ''}`

/** The people on call, first responder first. */
function onCallOrder(contacts: readonly Contact[]): Contact[] {
  return contacts.filter((c) => c.onCall !== undefined).sort((a, b) => a.onCall! - b.onCall!)
}

/** T+N in minutes, the playbook's clock. */
const at = (minutes: number): string => (minutes === 0 ? 'T+0' : `T+${minutes} min`)

/** What the run saw of one alert route, in the playbook's words. */
function alertState(r: CheckResult): string {
  if (r.status === 'pass') return 'test alert arrived'
  if (r.outcome === 'no-route') return 'no route declared'
  if (r.status === 'fail') return 'test alert refused'
  if (r.status === 'skipped') return 'test alert not sent'
  if (r.status === 'error') return 'not observed'
  return 'to confirm'
}

/** Where the first alert comes from: each alert route, the uptime provider's monitors and the status page. */
function alertSources(run: Run, monitoring: PlaybookEngagement['monitoring']): string[][] {
  const of = (check: string): CheckResult[] => run.results.filter((r) => r.check === check)
  const routes = of('monitor.alerting')
  const rows: string[][] = routes.map((r) => [`Alert route: ${r.subject}`, alertState(r), monitorDetail(r)])
  if (routes.length === 0)
    rows.push([
      'Alert routes',
      'not tried',
      `Run ${run.id} did not run monitor.alerting: name monitoring.alertWebhook or alertEmail, consent to alerts and run stage 6.`,
    ])
  const monitors = of('monitor.coverage')
  for (const r of monitors)
    rows.push([
      `Uptime monitor: ${r.subject}`,
      r.status === 'pass' ? 'watched' : r.status === 'skipped' ? 'not set up' : 'gap',
      monitorDetail(r),
    ])
  if (monitors.length === 0)
    rows.push([
      'Uptime monitors',
      'not read',
      `Run ${run.id} did not read an uptime provider (integrations.uptime in handover.json).`,
    ])
  const pages = of('monitor.status-page')
  for (const r of pages)
    rows.push([
      `Status page: ${r.subject}`,
      r.status === 'pass' ? 'reachable' : r.outcome === 'none-declared' ? 'not set' : 'gap',
      monitorDetail(r),
    ])
  if (pages.length === 0)
    rows.push([
      `Status page${monitoring?.statusPage ? `: ${monitoring.statusPage}` : ''}`,
      monitoring?.statusPage ? 'not observed' : 'not set',
      monitoring?.statusPage
        ? `Run ${run.id} did not run monitor.status-page; run stage 6.`
        : 'Declare monitoring.statusPage in handover.json and run stage 6.',
    ])
  return rows
}

/** The response clock: the alert, the first response, each escalation and the status-page update, by minute. */
function timeline(order: readonly Contact[], t: Incident['targets'], statusPage?: string): string[][] {
  const first = order[0]
  const rows: { minute: number; row: string[] }[] = [
    {
      minute: 0,
      row: [
        at(0),
        first ? who(first) : NOT_SET_NEXT,
        first ? fastest(first) : '—',
        'The alert goes out (see where the alert comes from, below). The first person on call is alerted.',
      ],
    },
    {
      minute: t.firstResponseMinutes,
      row: [
        at(t.firstResponseMinutes),
        first ? who(first) : NOT_SET,
        first ? fastest(first) : '—',
        'Acknowledges the alert where responders meet, says who leads, and starts the first steps for the kind of incident.',
      ],
    },
  ]
  order.slice(1).forEach((c, i) => {
    const minute = t.escalateAfterMinutes * (i + 1)
    rows.push({
      minute,
      row: [
        at(minute),
        who(c),
        fastest(c),
        `Called if nobody has acknowledged by now (on call ${c.onCall}); takes the lead until someone earlier answers.`,
      ],
    })
  })
  const last = t.escalateAfterMinutes * Math.max(order.length, 1)
  rows.push({
    minute: last,
    row: [
      at(last),
      order.length > 0 ? 'Everyone in the contact list' : NOT_SET,
      '—',
      order.length > 0
        ? 'Nobody on call has acknowledged: call every contact below until one answers.'
        : 'Nobody is named to escalate to.',
    ],
  })
  rows.push({
    minute: t.statusPageMinutes,
    row: [
      at(t.statusPageMinutes),
      first ? `${who(first)}, or whoever leads` : NOT_SET,
      statusPage ?? 'no status page declared',
      'The status page says what is affected and when the next update comes.',
    ],
  })
  return rows.sort((a, b) => a.minute - b.minute).map((r) => r.row)
}

/** Who is called for an incident of `kind`: the on-call order, and anyone called first for that kind. */
function calledFor(kind: Kind, contacts: readonly Contact[], order: readonly Contact[]): string {
  const also = contacts.filter((c) => c.callFor.includes(kind))
  const chain = order.length > 0 ? order.map((c) => c.name).join(', then ') : 'not set (see Contacts)'
  return also.length > 0 ? `${chain}; at once also ${also.map(who).join(', ')}` : chain
}

/** How far the rollback notes of stage 7 are written, in a phrase the bad-deploy row ends with. */
function rollbackState(rollback: Deliverable | undefined): string {
  if (!rollback) return 'they are not in this pack.'
  const fields = rollback.sections.flatMap((s) => s.inputs ?? [])
  const filled = fields.filter((f) => f.value).length
  if (rollback.status === 'ready' && filled === fields.length)
    return 'they are ready and every step is written down.'
  const written = `${filled} of ${fields.length} steps written down`
  return rollback.status === 'ready'
    ? `they are answered but only ${written}: fill in the rest (handover deliverables --set "rollback-notes steps=…").`
    : `they are not ready (${written}): fill them in (handover deliverables --set "rollback-notes steps=…") and answer handover.rollback.`
}

/** The first steps for each kind of incident, with who is called. */
function firstSteps(
  run: Run,
  contacts: readonly Contact[],
  order: readonly Contact[],
  rollback: Deliverable | undefined,
  monitoring: PlaybookEngagement['monitoring'],
): string[][] {
  const requestIds = run.results.find((r) => r.check === 'monitor.request-id')
  const tracing =
    requestIds && requestIds.status !== 'pass'
      ? ` Run ${run.id} found responses without a request id, so one session is traced by time and address only.`
      : ''
  const health = monitoring?.health ? ` (${monitoring.health})` : ''
  const steps: Record<Kind, [string, string]> = {
    'portal-down': [
      'Portal down',
      `Confirm from outside: the uptime monitor and the health endpoint${health}. Update the status page. Look at the hosting provider's status and at the last deploy; if the deploy caused it, roll back as for a bad deploy.`,
    ],
    'data-exposure': [
      'Data exposure',
      `Stop the exposure first (take the endpoint or file offline, revoke the link), keep the logs, and write down what was seen, by whom and since when.${tracing} Whether it is reported is decided as the field below says.`,
    ],
    'secret-leaked': [
      'Secret leaked',
      'Rotate the secret at its provider first, then remove it from where it leaked; the rotation plan in this pack lists each exposed secret and where it is used. Look in the provider’s logs for use since the leak.',
    ],
    'bad-deploy': [
      'Bad deploy',
      `Roll back as the Rollback notes in this pack (stage 7) say; ${rollbackState(rollback)} Confirm on the health endpoint${health}, then find the cause.`,
    ],
  }
  return (Object.keys(steps) as Kind[]).map((kind) => [
    steps[kind][0],
    calledFor(kind, contacts, order),
    steps[kind][1],
  ])
}

/**
 * The incident playbook of `run`: ready once someone is on call; otherwise missing, and every place a name belongs
 * says "not set" with the next step — never an invented name.
 */
export function buildIncidentPlaybook(
  run: Run,
  engagement: PlaybookEngagement = {},
  notes: Record<string, string> = {},
  rollback?: Deliverable,
): Deliverable {
  const incident = engagement.incident
  const contacts = incident?.contacts ?? []
  const targets = incident?.targets ?? DEFAULT_TARGETS
  const order = onCallOrder(contacts)
  const sections: DeliverableSection[] = [
    {
      heading: 'Who responds, counted in minutes from the alert',
      paragraphs: [
        `First response within ${targets.firstResponseMinutes} minutes, the next person on call after every ${targets.escalateAfterMinutes} minutes without one, the status page within ${targets.statusPageMinutes} minutes${incident ? '' : ' (the defaults: handover.json sets no incident.targets)'}.`,
      ],
      table: {
        columns: ['When', 'Who', 'How to reach', 'What happens'],
        rows: timeline(order, targets, engagement.monitoring?.statusPage),
      },
    },
    {
      heading: 'Where the alert comes from',
      paragraphs: [`As stage 6 observed it in run ${run.id}.`],
      table: {
        columns: ['Source', 'State', 'Detail or next step'],
        rows: alertSources(run, engagement.monitoring),
      },
    },
    {
      heading: 'Contacts',
      table: {
        columns: ['On call', 'Name and role', 'How to reach', 'Called at once for'],
        rows:
          contacts.length > 0
            ? contacts.map((c) => [
                c.onCall === undefined ? '—' : String(c.onCall),
                who(c),
                reach(c),
                c.callFor.join(', ') || '—',
              ])
            : [['—', NOT_SET_NEXT, '—', '—']],
      },
    },
    {
      heading: 'First steps per incident',
      table: {
        columns: ['Incident', 'Who is called', 'First steps'],
        rows: firstSteps(run, contacts, order, rollback, engagement.monitoring),
      },
    },
    {
      heading: 'Written down by a person',
      table: {
        columns: ['Item', 'Written down'],
        rows: FIELDS.map((f) => [f.label, notes[f.key] || 'not written yet']),
      },
      inputs: FIELDS.map((f) => ({ key: f.key, label: f.label, value: notes[f.key] ?? '' })),
    },
  ]
  const base = { id: INCIDENT_PLAYBOOK, title: 'Incident playbook', stage: 6 as const, sections }
  if (order.length === 0)
    return {
      ...base,
      status: 'missing',
      why: `Nobody is on call: handover.json ${contacts.length > 0 ? 'gives no contact an onCall place' : 'names no incident.contacts'}; add them (README: Incident playbook) and issue the pack again. Below, "not set" marks each place a name belongs.`,
    }
  return {
    ...base,
    status: 'ready',
    why: `From incident.contacts in handover.json (${order.length} on call), the stage-6 checks of run ${run.id} and the rollback notes.`,
  }
}
