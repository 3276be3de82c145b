// Bad workspace files: each is named with where it is wrong, the command exits 2 and nothing is changed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Workspace } from '../../src/store/workspace'
import { runMain } from '../helpers/cli'
import { hashTree, offlineWorkspace, OFFLINE_CHECKS } from './support'

const dirs: string[] = []
const workspace = (): string => {
  const dir = offlineWorkspace()
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** One complete run in the workspace (manual checks only), so run-reading commands have something to read. */
async function withRun(dir: string): Promise<string> {
  const done = await runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--fail-on', 'none'])
  expect(done.stderr).toBe('')
  return /run (\S+) · complete/.exec(done.stdout)![1]!
}

describe('Bug: A corrupt or future-schema attestations.json is silently read as "no answers"', () => {
  const answers = (dir: string): string => path.join(dir, 'attestations.json')
  it.each([
    [
      'a truncated file',
      '{"schema": "handover.attestations/1", "attestations": [{"check": "handover.rollback"',
      /attestations\.json is not valid JSON \(line 1, column \d+\)\./,
    ],
    [
      'a future schema',
      '{"schema": "handover.attestations/2", "attestations": []}\n',
      /attestations\.json is handover\.attestations\/2, written by a newer Handover; this version reads handover\.attestations\/1; nothing was changed\./,
    ],
    [
      'a bad answer',
      '{"schema": "handover.attestations/1", "attestations": [{"check": "handover.rollback", "status": "yes", "by": "a", "at": "b"}]}\n',
      /attestations\.json: attestations\[0\]\.status: .* \(line 1, column \d+\)\./,
    ],
  ])('%s: audit and attest name the file, exit 2 and change nothing', async (_, text, message) => {
    const dir = workspace()
    writeFileSync(answers(dir), text)
    const before = hashTree(dir)
    const audit = await runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet'])
    expect(audit.code).toBe(2)
    expect(audit.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(audit.stderr).toMatch(message)
    expect(audit.stderr).toContain(answers(dir))
    const attest = await runMain(['attest', dir, 'handover.rollback', '--status', 'pass'])
    expect(attest.code).toBe(2)
    expect(attest.stderr).toMatch(message)
    // No run was started, the answers file was not replaced.
    expect(hashTree(dir)).toEqual(before)
  })
})

describe('Bug: JSON nested ~10,000 levels deep (a 10 KB file) in any workspace file: exit 70 "Maximum call stack size exceeded"', () => {
  const deep = '['.repeat(10_000)
  const deepValid = `${'['.repeat(10_000)}${']'.repeat(10_000)}`

  it.each([
    ['handover.json', ['diff']],
    ['attestations.json', ['audit', ...OFFLINE_CHECKS]],
    ['baseline', ['diff']],
    ['runs/20990101T000000Z-dead.json', ['baseline', '20990101T000000Z-dead']],
  ] as const)('%s: one sentence with the line and column, exit 2, nothing changed', async (file, command) => {
    const dir = workspace()
    await withRun(dir)
    mkdirSync(path.join(dir, 'runs'), { recursive: true })
    writeFileSync(path.join(dir, file), deep)
    const before = hashTree(dir)
    const [name, ...rest] = command
    const result = await runMain([name, dir, ...rest])
    expect(result.stderr).toMatch(
      new RegExp(
        `${path.basename(file).replace(/\./g, '\\.')} is not valid JSON \\(line 1, column 10001\\)\\.`,
      ),
    )
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.code).toBe(2)
    expect(hashTree(dir)).toEqual(before)
  })

  it('deliverables.json: the store names it with the line and column and does not replace it', async () => {
    const dir = workspace()
    writeFileSync(path.join(dir, 'deliverables.json'), deep)
    const before = hashTree(dir)
    const ws = await Workspace.open(dir)
    if (!ws.ok) throw new Error(ws.error.message)
    for (const read of [
      await ws.value.deliverableNotes(),
      await ws.value.setDeliverableNote('env-inventory', 'k', 'v'),
    ]) {
      expect(read.ok).toBe(false)
      if (!read.ok)
        expect(read.error.message).toMatch(/deliverables\.json is not valid JSON \(line 1, column 10001\)\./)
    }
    expect(hashTree(dir)).toEqual(before)
  })

  it('a deep value where the schema wants a string is a schema problem with its position', async () => {
    const dir = workspace()
    writeFileSync(
      path.join(dir, 'handover.json'),
      `{\n  "schema": "handover.engagement/1",\n  "name": ${deepValid}\n}\n`,
    )
    const result = await runMain(['diff', dir])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'handover: handover.json: name: expected string, received array (line 3, column 11).\n',
    )
  })
})
