// Issue 7 item 11: the rollback notes and the ownership table are built from the answers the run carries.
import { describe, expect, it } from 'vitest'
import type { Attestation } from '../../src/core/types'
import { buildDeliverables } from '../../src/deliverables'
import { result, runWith } from '../fixtures/report/load'

const answer = (check: string, status: Attestation['status'], note?: string): Attestation => ({
  check,
  status,
  by: 'casey',
  at: '2025-01-01T10:00:00.000Z',
  ...(note ? { note } : {}),
})

function stage7(attestations: Attestation[], notes: Record<string, Record<string, string>> = {}) {
  const run = runWith([result({ check: 'handover.rollback', status: 'manual' })], { attestations })
  const all = buildDeliverables([run], run, notes)
  return {
    rollback: all.find((d) => d.id === 'rollback-notes')!,
    ownership: all.find((d) => d.id === 'ownership-table')!,
  }
}

describe('rollback notes and ownership table (issue 7 item 11)', () => {
  it('Bug: Missing-deliverable reasons mislead: "Rollback notes" and "Ownership table" tell users to answer the checks and stay missing after they do', () => {
    const before = stage7([])
    expect(before.rollback.status).toBe('missing')
    expect(before.rollback.why).toContain('carries no answer to handover.rollback')
    expect(before.rollback.why).toContain('run the audit again')
    const after = stage7(
      [
        answer('handover.rollback', 'pass', 'git revert + deploy, see runbook'),
        answer('handover.ownership', 'pass'),
      ],
      { 'ownership-table': { domain: 'Gandi, account acme-ops, held by Sam; codes in the vault' } },
    )
    expect(after.rollback.status).toBe('ready')
    expect(after.rollback.why).toContain('From the answer to handover.rollback')
    expect(JSON.stringify(after.rollback.sections)).toContain('git revert + deploy, see runbook')
    expect(after.ownership.status).toBe('ready')
    const rows = after.ownership.sections.flatMap((s) => s.table?.rows ?? [])
    expect(rows).toContainEqual([
      'Domain (registrar)',
      'Gandi, account acme-ops, held by Sam; codes in the vault',
    ])
    expect(rows).toContainEqual(['DNS host', 'not recorded yet'])
  })

  it('stays missing after a "no", saying who answered it', () => {
    const { ownership } = stage7([answer('handover.ownership', 'fail')])
    expect(ownership.status).toBe('missing')
    expect(ownership.why).toContain('handover.ownership was answered "no" by casey')
  })
})
