// Issue 8 item 5: a stored run's observations are validated by their probe kind's schema on load (DESIGN.md §6):
// a run with an observation of the wrong shape is refused with its path, the observation and the first problem.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { PROBES } from '../../src/probes'
import { observationSchemas } from '../../src/probes/schemas'
import { Workspace } from '../../src/store/workspace'
import { hashTree, offlineWorkspace } from './support'

describe('stored observations are validated by their probe kind', () => {
  let dir: string
  let file: string
  let written: string
  let run: Run

  beforeAll(async () => {
    dir = offlineWorkspace('handover-validated-')
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    // handover.baseline reads the workspace only: a real probe, a real observation, no network.
    run = await runAudit({
      workspace: ws.value,
      credentials: new MemoryCredentials({}),
      selection: { checks: ['handover.baseline'] },
    })
    file = path.join(dir, 'runs', `${run.id}.json`)
    written = readFileSync(file, 'utf8')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** Rewrites the stored run's one observation, then loads the run afresh. */
  async function loadWith(change: (obs: Record<string, unknown>) => void) {
    const stored = JSON.parse(written) as { observations: Record<string, Record<string, unknown>> }
    const [obs] = Object.values(stored.observations)
    change(obs!)
    writeFileSync(file, JSON.stringify(stored, null, 2))
    const before = hashTree(dir)
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    const loaded = await ws.value.loadRun(run.id)
    expect(hashTree(dir), 'a refused file is never rewritten').toEqual(before)
    return { loaded, ws: ws.value }
  }

  it('has a data schema for every probe kind the engine can run, and none for a kind it cannot', () => {
    expect(Object.keys(observationSchemas).sort()).toEqual([...PROBES.keys()].sort())
  })

  it('loads the run as the engine wrote it', async () => {
    const key = Object.keys(run.observations)[0]!
    expect(run.observations[key]!.kind).toBe('workspace.baseline')
    const { loaded } = await loadWith(() => undefined)
    expect(loaded.ok && loaded.value.observations[key]).toEqual(run.observations[key])
  })

  it('refuses an observation of the wrong shape with the file, the observation key and the first problem', async () => {
    const key = Object.keys(run.observations)[0]!
    const { loaded, ws } = await loadWith((obs) => {
      obs.data = { results: 'none' }
    })
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.error.code).toBe('FILE_INVALID')
    expect(loaded.error.message).toMatch(
      new RegExp(
        `^${escape(file)}: observation ${escape(key)}: data\\.results: expected array, received string \\(line \\d+, column \\d+\\)\\.$`,
      ),
    )
    // The history lists the same sentence and skips the run.
    const history = await ws.history()
    expect(history.runs).toEqual([])
    expect(history.problems).toEqual([loaded.error.message])
  })

  it('refuses an observation of a kind no probe produces', async () => {
    const { loaded } = await loadWith((obs) => {
      obs.kind = 'tls.heartbleed'
      obs.key = String(obs.key).replace('workspace.baseline', 'tls.heartbleed')
    })
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) expect(loaded.error.message).toMatch(/: kind: tls\.heartbleed is not a probe kind \(line/)
  })

  it('refuses an observation that holds neither data nor an error', async () => {
    const key = Object.keys(run.observations)[0]!
    const { loaded } = await loadWith((obs) => {
      delete obs.data
    })
    expect(loaded.ok).toBe(false)
    if (!loaded.ok)
      expect(loaded.error.message).toContain(
        `: observation ${key}: an observation has data or an error, not both or neither (line`,
      )
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
