// The engagement's `incident` section (the incident playbook's people and targets): a valid one loads with its
// defaults; each kind of bad value is refused with one sentence naming the field, its line and column — and a bad
// phone number is never repeated back, since it is personal.
import { describe, expect, it } from 'vitest'
import { parseEngagement } from '../../src/engagement/load'

const base = (incident: unknown): string =>
  JSON.stringify(
    {
      schema: 'handover.engagement/1',
      name: 'Acme portal',
      portal: { url: 'https://app.acme.test/' },
      incident,
      scope: { allow: ['acme.test', '*.acme.test'] },
    },
    null,
    2,
  )

const sam = { name: 'Sam Reyes', role: 'CTO', phone: '+44 20 7946 0018', onCall: 1 }

const problem = async (incident: unknown): Promise<string> => {
  const loaded = await parseEngagement(base(incident), '/ws/handover.json')
  if (loaded.ok) throw new Error('expected the engagement to be refused')
  return loaded.error.message
}

describe('the incident section of handover.json', () => {
  it('loads contacts with the default targets in minutes', async () => {
    const loaded = await parseEngagement(base({ contacts: [sam] }), '/ws/handover.json')
    expect(loaded.ok && loaded.value.incident).toEqual({
      contacts: [{ ...sam, callFor: [] }],
      targets: { firstResponseMinutes: 15, escalateAfterMinutes: 30, statusPageMinutes: 30 },
    })
  })

  it('refuses a contact nobody can reach', async () => {
    expect(await problem({ contacts: [{ name: 'Sam Reyes', role: 'CTO', onCall: 1 }] })).toMatch(
      /^handover\.json: incident\.contacts\[0\]: give at least one way to reach this person: email, phone or chat \(line \d+, column \d+\)\.$/,
    )
  })

  it('refuses a phone number that is not one, without repeating it', async () => {
    const message = await problem({ contacts: [{ ...sam, phone: 'ask reception 555' }] })
    expect(message).toMatch(
      /^handover\.json: incident\.contacts\[0\]\.phone: expected a phone number such as/,
    )
    expect(message).not.toContain('reception')
    expect(await problem({ contacts: [{ ...sam, phone: '+44 12' }] })).toContain('contacts[0].phone')
  })

  it('refuses a bad e-mail, a chat URL and an empty name', async () => {
    expect(await problem({ contacts: [{ ...sam, email: 'sam' }] })).toContain(
      'incident.contacts[0].email: expected an e-mail address such as sam@acme.test',
    )
    expect(await problem({ contacts: [{ ...sam, chat: 'https://chat.acme.test/sam' }] })).toContain(
      'incident.contacts[0].chat: expected a handle such as @sam (Slack #ops), not a URL',
    )
    expect(await problem({ contacts: [{ ...sam, name: ' ' }] })).toContain(
      'incident.contacts[0].name: must not be empty',
    )
  })

  it('refuses two people in one on-call place, and a gap in the order', async () => {
    const ana = { name: 'Ana Costa', role: 'Developer', chat: '@ana', onCall: 1 }
    expect(await problem({ contacts: [sam, ana] })).toMatch(
      /^handover\.json: incident\.contacts\[1\]\.onCall: place 1 is already held by contacts\[0\]; each on-call place is one person \(line/,
    )
    expect(await problem({ contacts: [sam, { ...ana, onCall: 3 }] })).toContain(
      'incident.contacts: the on-call places must run 1, 2, 3… without a gap; nobody holds place 2',
    )
  })

  it('refuses an escalation due before the first response, and an unknown incident kind', async () => {
    expect(await problem({ targets: { firstResponseMinutes: 15, escalateAfterMinutes: 10 } })).toContain(
      'incident.targets.escalateAfterMinutes: 10 minutes is not after the first response (15 minutes)',
    )
    expect(await problem({ contacts: [{ ...sam, callFor: ['fire'] }] })).toContain(
      'incident.contacts[0].callFor[0]: expected one of portal-down, data-exposure, secret-leaked, bad-deploy',
    )
    expect(await problem({ contacts: [{ ...sam, pager: '1234' }] })).toContain(
      'incident.contacts[0].pager is not a known field',
    )
  })
})
