// Each command's usage comes from its option table, and the README's command table is checked against those tables.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMON } from '../../src/cli/io'
import { COMMANDS } from '../../src/cli/main'
import { runMain } from '../helpers/cli'

const README = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8')

/** The README's command rows: the command's name and the options its first cell names. */
function readmeRows(): { command: string; options: string[] }[] {
  return [...README.matchAll(/^\| `handover ([a-z-]+)([^`]*)` \|/gm)].map((m) => ({
    command: m[1]!,
    options: [...m[2]!.matchAll(/--([a-z][a-z-]*)/g)].map((o) => o[1]!),
  }))
}

describe('usage text generated from the option tables', () => {
  it('prints every option of a command, with what it does, for --help and for `handover help CMD`', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load()
      const viaFlag = await runMain([entry.name, '--help'])
      expect(viaFlag.code, entry.name).toBe(0)
      expect(viaFlag.stdout, entry.name).toMatch(new RegExp(`^Usage: handover ${entry.name}\\b`))
      for (const [name, option] of Object.entries({ ...command.options, ...COMMON })) {
        expect(viaFlag.stdout, `${entry.name} --${name}`).toContain(`--${name}`)
        expect(viaFlag.stdout, `${entry.name} --${name}`).toContain(
          option.help.split(' ').slice(0, 4).join(' '),
        )
      }
      expect((await runMain(['help', entry.name])).stdout, entry.name).toBe(viaFlag.stdout)
    }
  })

  it('Bug: `handover demo --help` did not list --quiet, which demo accepts', async () => {
    const r = await runMain(['demo', '--help'])
    expect(r.stdout).toMatch(/^Usage: handover demo .*\[--quiet\]/m)
    expect(r.stdout).toMatch(/^ {2}-q, --quiet +no progress lines$/m)
    expect((await runMain(['demo', '--quite'])).stderr).toBe(
      "handover: demo: Unknown option '--quite' (see `handover demo --help`).\n",
    )
  })
})

describe("the README's command table against the option tables", () => {
  it('has a row for every command, and names only options the command takes', async () => {
    const rows = readmeRows()
    for (const entry of COMMANDS)
      expect(
        rows.map((r) => r.command),
        entry.name,
      ).toContain(entry.name)
    for (const row of rows) {
      const entry = COMMANDS.find((c) => c.name === row.command)
      expect(entry, row.command).toBeDefined()
      const taken = Object.keys({ ...(await entry!.load()).options, ...COMMON })
      for (const option of row.options) expect(taken, `${row.command} --${option}`).toContain(option)
    }
  })
})
