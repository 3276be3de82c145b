// The env var inventory and the rotation plan on the demo lab, through the engine and the CLI: values never
// shown, owners and purposes recorded, a rotation recorded and then verified (or not) by the next run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { buildEnvInventory } from '../../src/deliverables/env-inventory'
import { buildRotationPlan, rotationItems } from '../../src/deliverables/rotation-plan'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { reportModel } from '../../src/report/pack'
import { Workspace } from '../../src/store/workspace'
import { runMain } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runMain(argv)
  return { code: r.code, out: r.stdout, err: r.stderr }
}

describe('the env inventory and the rotation plan', () => {
  let t: TestLab
  const store = new MemoryCredentials()
  const audit = async (): Promise<Run> => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    return runAudit({ workspace: ws.value, credentials: store, selection: { stages: [3] } })
  }
  beforeAll(async () => {
    t = await startTestLab('flawed')
    for (const [k, v] of Object.entries(t.lab.credentials())) await store.set(k, v)
  })
  afterAll(() => t.stop())

  it('lists every variable per environment and the shared ones, never a value', async () => {
    const r = await audit()
    const inventory = buildEnvInventory(r)
    expect(inventory.status).toBe('ready')
    const rows = inventory.sections[0]!.table!.rows
    const stripe = rows.find((row) => row[0] === 'STRIPE_SECRET_KEY')!
    expect(stripe.slice(1, 5)).toEqual(['set', 'set', 'production = staging', 'yes'])
    expect(rows.find((row) => row[0] === 'SESSION_SECRET')!.slice(3, 5)).toEqual(['—', 'yes'])
    expect(rows.find((row) => row[0] === 'LOG_LEVEL')![4]).toBe('no')
    const text = JSON.stringify([inventory, buildRotationPlan(r)])
    for (const value of t.lab.secrets.plantedValues()) expect(text).not.toContain(value)
  })

  it('records owners and purposes through handover env-inventory, and refuses unknown names', async () => {
    const ok = await run([
      'env-inventory',
      t.lab.workspace,
      '--owner',
      'STRIPE_SECRET_KEY=Sam (founder)',
      '--purpose',
      'STRIPE_SECRET_KEY=charges invoices',
    ])
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(
      /STRIPE_SECRET_KEY\s+set\s+set\s+production=staging\s+yes\s+Sam \(founder\) \/ charges invoices/,
    )
    const bad = await run(['env-inventory', t.lab.workspace, '--owner', 'NOPE=x'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/"NOPE" is not a variable/)
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const notes = await ws.value.deliverableNotes()
    expect(notes.ok && notes.value['env-inventory']).toEqual({
      'owner:STRIPE_SECRET_KEY': 'Sam (founder)',
      'purpose:STRIPE_SECRET_KEY': 'charges invoices',
    })
  })

  it('plans a rotation for each exposed value, with the commit that first held it', async () => {
    const r = await audit()
    const items = rotationItems(r)
    const history = items.find((i) => i.found.some((f) => f.startsWith('git history: src/payments.ts')))!
    expect(history.since).toMatchObject({
      author: 'Dev Contractor <dev@contractor.test>',
      date: '2026-10-02',
      path: 'src/payments.ts',
    })
    expect(history.steps[0]).toMatch(/Stripe Dashboard/)
    expect(history.state).toBe('to-rotate')
    expect(items.find((i) => i.provider === 'SendGrid')?.current).toEqual([
      'served: https://app.acme.test/assets/app.js',
    ])
  })

  it('verifies a recorded rotation on the next run: history-only turns high, a value still served is not verified', async () => {
    const before = rotationItems(await audit())
    const history = before.find((i) => i.found.some((f) => f.startsWith('git history:')))!
    const served = before.find((i) => i.provider === 'SendGrid')!
    for (const id of [history.id, served.id]) {
      const recorded = await run(['rotation', t.lab.workspace, '--rotated', id, '--note', 'rolled'])
      expect(recorded.code, recorded.err).toBe(0)
    }
    expect((await run(['rotation', t.lab.workspace, '--rotated', 'ffffffffffff'])).code).toBe(2)
    const after = await audit()
    expect(
      after.results.find((r) => r.fingerprint === 'secrets.repo|history:src/payments.ts · stripe.secret-key'),
    ).toMatchObject({
      outcome: 'in-history-rotated',
      severity: 'high',
    })
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const items = rotationItems(after, ws.value.engagement.secrets?.rotated)
    expect(items.find((i) => i.id === history.id)?.state).toBe('verified')
    expect(items.find((i) => i.id === served.id)?.state).toBe('still-present')
    const printed = await run(['rotation', t.lab.workspace])
    expect(printed.out).toContain(`[x] ${history.id}`)
    expect(printed.out).toContain(`[!] ${served.id}`)
  })

  it('puts both documents in the handover pack', async () => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const built = await reportModel(ws.value)
    if (!built.ok) throw new Error(built.error.message)
    const ids = built.value.model.deliverables.items.filter((d) => d.status === 'ready').map((d) => d.id)
    expect(ids).toEqual(expect.arrayContaining(['env-inventory', 'rotation-plan']))
  })
})
