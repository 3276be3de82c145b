// smoke.flows on the demo lab, in Chromium: the declared flows (dashboard, an upload, a password reset, inviting a
// user, creating/editing/deleting a task, sign-out) all run on the repaired portal; on the flawed one the reset request
// crashes (HTTP 500), the invitation never shows in the admin's list and a deleted task is still listed, and only
// those flows fail, each with the step and the page it ended on (proven by what the page shows). Writes reach only the declared safe test objects; three server errors in a row
// stop every flow; consent off runs nothing.
import { describe, expect, it } from 'vitest'
import type { CheckResult } from '../../src/core/types'
import { haveTools } from '../helpers/tools'
import { auditLab, labPair } from '../helpers/lab'
import { PLANTED_FLOWS } from '../helpers/planted'

const IDS = ['smoke.flows']
const line = (r: CheckResult): string => `${r.check}|${r.subject}|${r.status}|${r.outcome}`
type Flows = { scripts: { name: string; writes?: string[]; steps: unknown[] }[] }
const flowsOf = (e: Record<string, unknown>): Flows => e.flows as Flows

describe.skipIf(!haveTools('smoke.flows lab', 'chromium'))('smoke.flows on the demo lab', () => {
  // One audit at a time: two Chromium sessions at once on a loaded 2-core machine only slow each other.
  const pair = labPair(IDS, { timeoutMs: 240_000, sequential: true })

  it('finds the broken password-reset, invite and task flows on the flawed portal, and nothing else', () => {
    const planted = PLANTED_FLOWS.filter((p) => p.fingerprint.startsWith('smoke.flows|'))
    expect(
      pair.flawedRun.results
        .filter((r) => r.status !== 'pass')
        .map((r) => `${r.fingerprint}|${r.outcome}|${r.severity}`),
    ).toEqual(planted.map((p) => `${p.fingerprint}|${p.outcome}|${p.severity}`))
    const reset = pair.flawedRun.results.find((r) => r.subject === 'password reset')!
    expect(reset.summary).toBe(
      'Flow password reset broke at step 3 (click #send): the page does not show "Check your inbox". The page was at https://app.acme.test/forgot (HTTP 500).',
    )
    // By content: the page it ended on says what went wrong.
    expect(reset.evidence.at(-1)!.value).toContain('shows "Something went wrong Please try again later."')
    expect(
      pair.flawedRun.results
        .filter((r) => r.status === 'pass')
        .map((r) => r.subject)
        .sort(),
    ).toEqual(['dashboard', 'sign out', 'upload a note'])
  })

  it('proves the unlisted invitation by content: sent, yet not among the pending ones after a reload', () => {
    const invite = pair.flawedRun.results.find((r) => r.subject === 'invite a user')!
    expect(invite.summary).toBe(
      'Flow invite a user broke at step 5 (reload): the page does not show "handover-invitee@acme.test". The page was at https://app.acme.test/portal/invites?sent=1 (HTTP 200).',
    )
    expect(invite.evidence[3]!.value).toContain('held')
    expect(invite.evidence.at(-1)!.value).toContain('No pending invitations.')
    // The portal did take it: the flaw is the list, not the form.
    expect(
      pair.flawed.lab.portal.flows.writes.invitations.map((i) => `${i.email} ${i.status} ${i.by}`),
    ).toEqual(['handover-invitee@acme.test sent root'])
  })

  it('proves the delete that does not delete by content: "Task deleted", yet the task is listed after a reload', () => {
    const tasks = pair.flawedRun.results.find((r) => r.subject === 'tasks')!
    expect(tasks.summary).toBe(
      'Flow tasks broke at step 9 (reload): the page shows "Handover smoke task". The page was at https://app.acme.test/portal/tasks?done=deleted (HTTP 200).',
    )
    // Created, listed, renamed and "deleted": every step before the reload held.
    expect(tasks.evidence.slice(0, 8).map((e) => (e.value ?? '').split(' ')[0])).toEqual(
      Array(8).fill('held'),
    )
    expect(tasks.evidence.at(-1)!.value).toContain('Task deleted.')
    expect(tasks.evidence.at(-1)!.value).toContain('Handover smoke task, edited')
  })

  it('passes every flow on the repaired portal, writing only to the declared safe test objects', () => {
    expect(pair.fixedRun.results.map(line).sort()).toEqual([
      'smoke.flows|dashboard|pass|completed',
      'smoke.flows|invite a user|pass|completed',
      'smoke.flows|password reset|pass|completed',
      'smoke.flows|sign out|pass|completed',
      'smoke.flows|tasks|pass|completed',
      'smoke.flows|upload a note|pass|completed',
    ])
    expect(pair.fixed.lab.portal.flows.writes.invitations.map((i) => `${i.email} ${i.status}`)).toEqual([
      'handover-invitee@acme.test pending',
    ])
    // The flow's task was created, renamed and deleted for real: nothing of it is left.
    expect(pair.fixed.lab.portal.flows.writes.tasks).toEqual([])
    expect(pair.fixed.lab.portal.flows.notes).toEqual([{ account: 'alice', name: 'handover-note.txt' }])
    expect(pair.fixed.lab.portal.flows.resetRequests).toEqual(['alice@acme.test'])
    const signOut = pair.fixedRun.results.find((r) => r.subject === 'sign out')!
    expect(signOut.evidence.map((e) => e.label)).toEqual([
      'step 1: signIn',
      'step 2: goto https://app.acme.test/portal/statement — expect the page shows "Globex Corporation"',
      'step 3: signOut — expect the URL starts with https://app.acme.test/login',
      'step 4: goto https://app.acme.test/portal/statement — expect the URL starts with https://app.acme.test/login, the page does not show "Globex"',
    ])
  })

  it('blocks a write the flow did not declare safe, and reports the flow as an error, not a pass', async () => {
    const before = pair.fixed.lab.portal.flows.resetRequests.length
    const run = await auditLab(pair.fixed, IDS, (e) => {
      for (const s of flowsOf(e).scripts) if (s.name === 'password reset') s.writes = []
    })
    const reset = run.results.find((r) => r.subject === 'password reset')!
    expect(`${reset.status} ${reset.code}`).toBe('error FLOWS_WRITE_BLOCKED')
    expect(reset.summary).toContain('would send POST https://app.acme.test/forgot')
    expect(pair.fixed.lab.portal.flows.resetRequests.length).toBe(before)
  })

  it('stops every flow at three server errors in a row', async () => {
    const before = pair.flawed.lab.portal.flows.resetRequests.length
    const storm = {
      name: 'storm',
      writes: ['https://app.acme.test/forgot'],
      steps: [
        { action: 'goto', url: 'https://app.acme.test/forgot' },
        ...[1, 2, 3].flatMap(() => [
          { action: 'fill', selector: '#reset-email', value: 'alice@acme.test' },
          { action: 'click', selector: '#send' },
          { action: 'back' },
        ]),
      ],
    }
    const run = await auditLab(pair.flawed, IDS, (e) => {
      flowsOf(e).scripts.unshift(storm)
    })
    const first = run.results.find((r) => r.subject === 'storm')!
    expect(`${first.status} ${first.code}`).toBe('error FLOWS_HARM')
    expect(first.summary).toContain('three server errors in a row')
    for (const r of run.results.filter((x) => x.subject !== 'storm'))
      expect(`${r.subject} ${r.status} ${r.code}`).toBe(`${r.subject} error FLOWS_HARM`)
    // It stopped at the third: no fourth reset request, and no later flow sent anything.
    expect(pair.flawed.lab.portal.flows.resetRequests.length - before).toBe(3)
  })

  it('without consent, reports skipped and runs no flow', async () => {
    const notes = pair.fixed.lab.portal.flows.notes.length
    const run = await auditLab(pair.fixed, IDS, (e) => {
      ;(e.scope as { active: string[] }).active = ['authz']
    })
    expect(run.results.map((r) => `${r.status} ${r.outcome}`)).toEqual(['skipped no-consent'])
    expect(pair.fixed.lab.portal.flows.notes.length).toBe(notes)
  })
})
