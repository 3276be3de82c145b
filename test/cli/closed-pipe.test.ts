// `handover … | head`: the reader goes away, the command finishes quietly with its own exit code.
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, runMain, startCli } from '../helpers/cli'
import { offlineWorkspace, OFFLINE_CHECKS } from '../store/support'

describe('Bug: `| head` on audit, diff or verify: unhandled EPIPE with a stack trace', () => {
  const dir = offlineWorkspace()
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('exits with the command’s own code and an empty stderr when stdout is closed before it writes', async () => {
    for (let i = 0; i < 2; i++)
      await runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--fail-on', 'none'])
    const notPdf = path.join(dir, 'not-a-pack.pdf')
    writeFileSync(notPdf, '%PDF-1.7\nnot signed\n'.repeat(2000))
    const commands = [
      ['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--verbose'],
      ['diff', dir, '--from', 'latest'],
      ['verify', notPdf],
    ]
    const results = await Promise.all(
      commands.map(async (args) => {
        const expected = await cli(args)
        expect(expected.stdout.length, args[0]).toBeGreaterThan(0)
        const { child, done } = startCli(args)
        // Like `head` that has read its lines: the read end is gone before the command writes its output.
        child.stdout!.destroy()
        return { args, expected, closed: await done }
      }),
    )
    for (const { args, expected, closed } of results) {
      expect(closed.stderr, args[0]).toBe(expected.stderr)
      expect(closed.stderr, args[0]).not.toMatch(/EPIPE|at .*\.(ts|js):\d+/)
      expect(closed.code, args[0]).toBe(expected.code)
    }
  })
})
