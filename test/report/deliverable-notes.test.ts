// Every deliverable is editable (issue 11): each ready one ends with the consultant's note and its input, so the
// app's generic editor shows a field for a deliverable that has no inputs of its own; a written note is printed in
// the pack, an empty one prints nothing. The env inventory's owners and purposes are inputs too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSULTANT_NOTE } from '../../src/deliverables'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { printsNothing } from '../../src/report/model'
import { reportToMarkdown } from '../../src/report/markdown'
import { reportModel } from '../../src/report/pack'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'

describe('deliverable notes', () => {
  let t: TestLab
  const store = new MemoryCredentials()
  const open = async (): Promise<Workspace> => {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    return ws.value
  }
  beforeAll(async () => {
    t = await startTestLab('flawed')
    for (const [k, v] of Object.entries(t.lab.credentials())) await store.set(k, v)
    await runAudit({ workspace: await open(), credentials: store, selection: { stages: [3, 4] } })
  }, 300_000)
  afterAll(() => t.stop())

  it('gives every ready deliverable a note input, prints a written note and nothing for an empty one', async () => {
    const ws = await open()
    const saved = await ws.setDeliverableNote(
      'rotation-plan',
      CONSULTANT_NOTE,
      'Rotate Stripe first: it bills.',
    )
    expect(saved.ok).toBe(true)
    expect(
      (await ws.setDeliverableNote('env-inventory', 'owner:STRIPE_SECRET_KEY', 'Sam (founder)')).ok,
    ).toBe(true)
    const built = await reportModel(ws)
    if (!built.ok) throw new Error(built.error.message)
    const ready = built.value.model.deliverables.items.filter((d) => d.status === 'ready')
    expect(ready.map((d) => d.id)).toEqual(
      expect.arrayContaining(['env-inventory', 'rotation-plan', 'mail-checklist']),
    )
    for (const d of ready) {
      const last = d.sections.at(-1)!
      expect(last.inputs, d.id).toEqual([
        {
          key: CONSULTANT_NOTE,
          label: `Note on the ${d.title.toLowerCase()}`,
          value: d.id === 'rotation-plan' ? 'Rotate Stripe first: it bills.' : '',
        },
      ])
    }
    const plan = ready.find((d) => d.id === 'rotation-plan')!
    expect(plan.sections.at(-1)).toMatchObject({
      heading: "Consultant's note",
      paragraphs: ['Rotate Stripe first: it bills.'],
    })
    const mail = ready.find((d) => d.id === 'mail-checklist')!
    expect(mail.sections.at(-1)!.heading).toBeUndefined()
    expect(mail.sections.at(-1)!.paragraphs).toBeUndefined()

    const inventory = ready.find((d) => d.id === 'env-inventory')!
    const inputs = inventory.sections.flatMap((s) => s.inputs ?? [])
    expect(inputs).toContainEqual({
      key: 'owner:STRIPE_SECRET_KEY',
      label: 'Owner of STRIPE_SECRET_KEY',
      value: 'Sam (founder)',
    })
    expect(inputs).toContainEqual({
      key: 'purpose:STRIPE_SECRET_KEY',
      label: 'Purpose of STRIPE_SECRET_KEY',
      value: '',
    })

    const md = reportToMarkdown(built.value.model)
    expect(md).toContain("#### Consultant's note\n\nRotate Stripe first: it bills.")
    expect(md.match(/Consultant's note/g)).toHaveLength(1)
  }, 120_000)

  it('treats a deliverable whose sections carry only inputs as printing nothing', () => {
    const base = { id: 'x', title: 'X', stage: 1 as const, status: 'ready' as const }
    expect(printsNothing({ ...base, sections: [{ inputs: [{ key: 'k', label: 'l', value: '' }] }] })).toBe(
      true,
    )
    expect(printsNothing({ ...base, sections: [{ paragraphs: ['p'] }] })).toBe(false)
  })
})
