// `handover deliverables`: the fields the wizard's editors show, written from the terminal. Every deliverable of the
// run is listed with its state; --fields shows each field; --set saves fields that the pack then prints; a
// deliverable or key the run does not have is refused with one sentence, and then nothing of the command is saved.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDeliverables } from '../../src/deliverables'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { reportModel } from '../../src/report/pack'
import { Workspace } from '../../src/store/workspace'
import { runMain } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'

describe('handover deliverables', () => {
  let t: TestLab
  const open = async (): Promise<Workspace> => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    return ws.value
  }
  const notesFile = (): string => path.join(t.lab.workspace, 'deliverables.json')
  const cmd = (...args: string[]) => runMain(['deliverables', t.lab.workspace, ...args])
  beforeAll(async () => {
    t = await startTestLab('flawed')
    await runAudit({
      workspace: await open(),
      credentials: new MemoryCredentials(t.lab.credentials()),
      selection: { stages: [7] },
    })
  }, 120_000)
  afterAll(() => t.stop())

  it('lists every deliverable of the run with its state and, with --fields, each field to fill in', async () => {
    const ws = await open()
    const runs = await ws.completeRuns()
    const ids = buildDeliverables(runs, runs.at(-1)!, {}, ws.engagement).map((d) => d.id)
    const r = await cmd('--fields')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^  [✓·] ${id} `, 'm'))
    expect(r.stdout).toContain('Rollback notes — missing (0 of 4 fields filled)')
    expect(r.stdout).toMatch(
      /^ {6}steps: How to roll back \(the command or button, and where it is\)\n {8}—$/m,
    )
    expect(r.stdout).toMatch(/^ {6}deploys: Deployment: account, holder, recovery codes$/m)
  })

  it('saves --set fields, shows them, and the pack prints them', async () => {
    const r = await cmd(
      '--set',
      'rollback-notes steps=Revert the DNS change in the registrar, then redeploy v1.4',
      '--set',
      'ownership-table domain=Registrar account ops@acme.test, held by Sam',
      '--set',
      'incident-playbook war-room=Slack #acme-incident, the call link in its topic',
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Saved 3 fields in deliverables\.json\./)
    expect(r.stdout).toContain('Rollback notes — missing (1 of 4 fields filled)')
    // The demo engagement names who is on call: the playbook is ready, and one of its fields is now written.
    expect(r.stdout).toContain('Incident playbook — ready (1 of 6 fields filled)')
    const saved = JSON.parse(readFileSync(notesFile(), 'utf8')) as {
      notes: Record<string, Record<string, string>>
    }
    expect(saved.notes['rollback-notes']).toEqual({
      steps: 'Revert the DNS change in the registrar, then redeploy v1.4',
    })
    const built = await reportModel(await open())
    if (!built.ok) throw new Error(built.error.message)
    const rollback = built.value.model.deliverables.items.find((d) => d.id === 'rollback-notes')!
    const playbook = built.value.model.deliverables.items.find((d) => d.id === 'incident-playbook')!
    expect(JSON.stringify(playbook.sections)).toContain('they are not ready (1 of 4 steps written down)')
    expect(JSON.stringify(playbook.sections)).toContain('Slack #acme-incident, the call link in its topic')
    expect(rollback.sections.flatMap((s) => s.inputs ?? []).find((i) => i.key === 'steps')?.value).toBe(
      'Revert the DNS change in the registrar, then redeploy v1.4',
    )
    // An empty text removes the field again.
    expect((await cmd('--set', 'ownership-table domain=')).code).toBe(0)
    expect(JSON.parse(readFileSync(notesFile(), 'utf8')).notes['ownership-table']).toEqual({})
  })

  it('refuses a field the deliverable does not have, a deliverable the run does not have, and a malformed --set, saving nothing', async () => {
    const before = readFileSync(notesFile(), 'utf8')
    const cases: [string[], RegExp][] = [
      [
        ['--set', 'rollback-notes who=Sam decides', '--set', 'rollback-notes nope=x'],
        /^handover: --set "rollback-notes nope=x": "nope" is not a field of rollback-notes; its fields: steps, who, confirm, tried\.\n$/,
      ],
      [
        ['--set', 'runbook steps=x'],
        /"runbook" is not a deliverable of run \S+; known: auth-map, .*rollback-notes/,
      ],
      [
        ['--set', 'stage2-checklist login=ok'],
        /stage2-checklist has no field to fill in for run \S+ \(missing: .+\)\.\n$/,
      ],
      [['--set', 'rollback-notes'], /--set "rollback-notes": write it as "DELIVERABLE KEY=text"\./],
      [['--run', 'nosuchrun'], /^handover: --run: /],
    ]
    for (const [args, message] of cases) {
      const r = await cmd(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout, args.join(' ')).toBe('')
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(r.stderr, args.join(' ')).toMatch(message)
    }
    // The valid first --set of the refused command was not saved either.
    expect(readFileSync(notesFile(), 'utf8')).toBe(before)
  })
})
