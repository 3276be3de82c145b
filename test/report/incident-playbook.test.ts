// Issue 12 item 4: the incident playbook is built from the engagement's incident contacts, what stage 6 observed of
// the alert routes and the status page, and the rollback notes of stage 7 — and says "not set" where nobody is named.
import { describe, expect, it } from 'vitest'
import type { Attestation, CheckResult } from '../../src/core/types'
import { buildDeliverables } from '../../src/deliverables'
import { type PlaybookEngagement } from '../../src/deliverables/incident-playbook'
import { buildReport } from '../../src/report/model'
import { reportToMarkdown } from '../../src/report/markdown'
import { result, runWith } from '../fixtures/report/load'

const TARGETS = { firstResponseMinutes: 10, escalateAfterMinutes: 20, statusPageMinutes: 25 }

const ENGAGEMENT: PlaybookEngagement = {
  incident: {
    contacts: [
      { name: 'Ana Costa', role: 'Lead developer', chat: '@ana (Slack #ops)', onCall: 2, callFor: [] },
      {
        name: 'Sam Reyes',
        role: 'CTO',
        phone: '+44 20 7946 0018',
        email: 'sam@acme.test',
        onCall: 1,
        callFor: [],
      },
      { name: 'Priya Nair', role: 'Privacy officer', email: 'privacy@acme.test', callFor: ['data-exposure'] },
    ],
    targets: TARGETS,
  },
  monitoring: {
    statusPage: 'https://status.acme.test/',
    health: 'https://api.acme.test/api/health',
    coreReads: [],
    samples: 200,
  },
}

const alerting = (outcome: string, status: CheckResult['status'], summary: string): CheckResult =>
  result({
    check: 'monitor.alerting',
    stage: 6,
    subject: 'webhook keychain:ops-hook',
    outcome,
    status,
    summary,
  })

const build = (results: CheckResult[], engagement: PlaybookEngagement = ENGAGEMENT, notes = {}) => {
  const run = runWith(results)
  return buildDeliverables([run], run, notes, engagement).find((d) => d.id === 'incident-playbook')!
}

const section = (d: ReturnType<typeof build>, heading: string): string[][] =>
  d.sections.find((s) => s.heading === heading)!.table!.rows

describe('the incident playbook', () => {
  it('counts who responds in minutes from the alert, in the on-call order the contacts give', () => {
    const d = build([])
    expect(d.status).toBe('ready')
    const clock = section(d, 'Who responds, counted in minutes from the alert')
    expect(clock.map((r) => [r[0], r[1]])).toEqual([
      ['T+0', 'Sam Reyes (CTO)'],
      ['T+10 min', 'Sam Reyes (CTO)'],
      ['T+20 min', 'Ana Costa (Lead developer)'],
      ['T+25 min', 'Sam Reyes (CTO), or whoever leads'],
      ['T+40 min', 'Everyone in the contact list'],
    ])
    expect(clock[0]![2]).toBe('phone +44 20 7946 0018')
    expect(clock[3]![2]).toBe('https://status.acme.test/')
    const contacts = section(d, 'Contacts')
    expect(contacts.map((r) => r[0])).toEqual(['2', '1', '—'])
    expect(contacts[2]).toEqual([
      '—',
      'Priya Nair (Privacy officer)',
      'e-mail privacy@acme.test',
      'data-exposure',
    ])
    const steps = section(d, 'First steps per incident')
    expect(steps.map((r) => r[0])).toEqual(['Portal down', 'Data exposure', 'Secret leaked', 'Bad deploy'])
    expect(steps[1]![1]).toBe('Sam Reyes, then Ana Costa; at once also Priya Nair (Privacy officer)')
    expect(steps[0]![1]).toBe('Sam Reyes, then Ana Costa')
  })

  it('says "not set" with the next step where no contact is named, and invents nobody', () => {
    const none = build([], { monitoring: ENGAGEMENT.monitoring })
    expect(none.status).toBe('missing')
    expect(none.why).toContain('names no incident.contacts')
    const clock = section(none, 'Who responds, counted in minutes from the alert')
    expect(clock[0]![1]).toMatch(/^not set: add incident\.contacts with onCall 1/)
    for (const row of clock.slice(1)) expect(row[1]).toBe('not set (see the first row)')
    expect(clock.map((r) => r[0])).toEqual(['T+0', 'T+15 min', 'T+30 min', 'T+30 min'])
    expect(section(none, 'Contacts')).toEqual([
      ['—', expect.stringMatching(/^not set: add incident\.contacts/), '—', '—'],
    ])
    expect(section(none, 'First steps per incident').every((r) => r[1]!.startsWith('not set'))).toBe(true)
    // Contacts without an on-call place: named in the list, but nobody is invented to respond first.
    const offCall = build([], {
      incident: { contacts: [{ ...ENGAGEMENT.incident!.contacts[2]! }], targets: TARGETS },
    })
    expect(offCall.status).toBe('missing')
    expect(offCall.why).toContain('gives no contact an onCall place')
    expect(section(offCall, 'Who responds, counted in minutes from the alert')[0]![1]).toMatch(/^not set/)
  })

  it('says whether the test alert arrived, was refused or was not tried', () => {
    const states = (results: CheckResult[]) =>
      section(build(results), 'Where the alert comes from')
        .filter((r) => r[0]!.startsWith('Alert route'))
        .map((r) => r[1])
    expect(states([alerting('delivered', 'pass', 'A [TEST] alert was accepted: 200 ok.')])).toEqual([
      'test alert arrived',
    ])
    const refused = section(
      build([alerting('refused', 'fail', 'Answered 404 no_service.')]),
      'Where the alert comes from',
    )
    expect(refused[0]!.slice(0, 2)).toEqual(['Alert route: webhook keychain:ops-hook', 'test alert refused'])
    expect(refused[0]![2]).toContain('404 no_service')
    expect(states([alerting('no-consent', 'skipped', 'Not sent: no alerts consent.')])).toEqual([
      'test alert not sent',
    ])
    const untried = section(build([]), 'Where the alert comes from')
    expect(untried[0]!.slice(0, 2)).toEqual(['Alert routes', 'not tried'])
    expect(untried[0]![2]).toMatch(/did not run monitor\.alerting/)
    expect(untried.find((r) => r[0]!.startsWith('Status page'))!.slice(0, 2)).toEqual([
      'Status page: https://status.acme.test/',
      'not observed',
    ])
    const page = result({
      check: 'monitor.status-page',
      stage: 6,
      subject: 'https://status.acme.test/',
      status: 'pass',
    })
    expect(
      section(build([page]), 'Where the alert comes from').find((r) => r[0]!.startsWith('Status page'))![1],
    ).toBe('reachable')
  })

  it('refers a bad deploy to the rollback notes and says how far they are written', () => {
    const badDeploy = (d: ReturnType<typeof build>) =>
      section(d, 'First steps per incident').find((r) => r[0] === 'Bad deploy')![2]
    expect(badDeploy(build([]))).toContain('Rollback notes in this pack (stage 7)')
    expect(badDeploy(build([]))).toContain('they are not ready (0 of 4 steps written down)')
    const answered: Attestation = {
      check: 'handover.rollback',
      status: 'pass',
      by: 'casey',
      at: '2025-01-01T10:00:00.000Z',
    }
    const steps = {
      steps: 'Redeploy the previous tag',
      who: 'Sam decides',
      confirm: 'Health is ok',
      tried: 'May, Ana',
    }
    const run = runWith([result({ check: 'handover.rollback', status: 'pass' })], {
      attestations: [answered],
    })
    const filled = buildDeliverables([run], run, { 'rollback-notes': steps }, ENGAGEMENT)
    expect(badDeploy(filled.find((d) => d.id === 'incident-playbook')!)).toContain(
      'they are ready and every step is written down',
    )
    const half = buildDeliverables([run], run, { 'rollback-notes': { steps: steps.steps } }, ENGAGEMENT)
    expect(badDeploy(half.find((d) => d.id === 'incident-playbook')!)).toContain(
      'answered but only 1 of 4 steps written down',
    )
  })

  it('keeps the fields a person fills in, and prints them and the contacts in the pack', () => {
    const d = build([], ENGAGEMENT, {
      'incident-playbook': { 'war-room': 'Slack #incident, Zoom bridge in its topic' },
    })
    const inputs = d.sections.flatMap((s) => s.inputs ?? [])
    expect(inputs.map((i) => i.key)).toEqual([
      'war-room',
      'hosting-support',
      'client-comms',
      'report-decision',
      'review',
      'consultant-note',
    ])
    expect(section(d, 'Written down by a person')[0]).toEqual([
      'Where responders meet (chat channel or call link)',
      'Slack #incident, Zoom bridge in its topic',
    ])
    const run = runWith([])
    const model = buildReport({
      run,
      engagement: { name: 'Acme client portal', hosts: run.engagement.hosts },
      now: '2026-12-03T06:00:00Z',
      deliverables: [d],
    })
    expect(model.deliverables.items.find((i) => i.id === 'incident-playbook')?.status).toBe('ready')
    const md = reportToMarkdown(model)
    expect(md).toContain('### Incident playbook (ready)')
    expect(md).toContain('| T+20 min | Ana Costa (Lead developer) | chat @ana (Slack #ops) |')
  })
})
