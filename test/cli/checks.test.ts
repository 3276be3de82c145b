// The check ids a user can name: listed where a wrong one is refused, and by `handover checks`.
import { describe, expect, it } from 'vitest'
import { CHECKS } from '../../src/checks/registry'
import { runMain } from '../helpers/cli'

describe('Bug: `--check unknown.id` points to a list of ids that `audit --help` does not have', () => {
  it('names every registered id in the refusal, exit 2, before opening any workspace', async () => {
    const r = await runMain(['audit', '/nonexistent-workspace', '--check', 'unknown.id'])
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^handover: --check unknown\.id: no such check; the ids are /)
    for (const c of CHECKS) expect(r.stderr).toContain(c.id)
    expect(r.stderr).toContain('`handover checks`')
  })

  it('handover checks lists id, stage, mode and consent family of every check, as text and JSON', async () => {
    const text = await runMain(['checks'])
    expect(text.code).toBe(0)
    for (const c of CHECKS)
      expect(text.stdout).toMatch(
        new RegExp(
          `^${c.id.replace('.', '\\.')}\\s+${c.stage}\\s+${c.mode}\\s+${c.family ?? '—'}\\s+\\S`,
          'm',
        ),
      )
    const json = await runMain(['checks', '--json'])
    const rows = JSON.parse(json.stdout) as {
      id: string
      stage: number
      mode: string
      family: string | null
    }[]
    expect(rows.map((r) => r.id).sort()).toEqual(CHECKS.map((c) => c.id).sort())
    expect(rows.map((r) => r.stage)).toEqual([...rows.map((r) => r.stage)].sort((a, b) => a - b))
    for (const c of CHECKS)
      expect(rows.find((r) => r.id === c.id)).toMatchObject({
        stage: c.stage,
        mode: c.mode,
        family: c.family ?? null,
      })
    expect((await runMain(['--help'])).stdout).toMatch(/^ {2}checks\s+list the checks/m)
  })
})
