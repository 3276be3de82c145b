import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli'

const valid = {
  schema: 'handover.engagement/1',
  name: 'Acme portal',
  domains: { apex: 'acme.test', www: true, subdomains: ['app'] },
  scope: { allow: ['acme.test', '*.acme.test'] },
}

type Case = { name: string; text: string; message: RegExp }

const json = (value: unknown): string => JSON.stringify(value, null, 2)
const edit = (change: (e: Record<string, unknown>) => void): string => {
  const e = structuredClone(valid) as Record<string, unknown>
  change(e)
  return json(e)
}

const CASES: Case[] = [
  {
    name: 'invalid JSON',
    text: '{\n  "schema": "handover.engagement/1",\n  name: "x"\n}',
    message: /^handover\.json is not valid JSON \(line 3, column 3\)\.$/,
  },
  {
    name: 'a missing required field',
    text: edit((e) => delete e.name),
    message: /^handover\.json: name is required \(line \d+, column \d+\)\.$/,
  },
  {
    name: 'a wrong type',
    text: edit((e) => ((e.scope as Record<string, unknown>).maxRps = 'fast')),
    message: /^handover\.json: scope\.maxRps: expected number, received string \(line \d+, column \d+\)\.$/,
  },
  {
    name: 'an invalid domain',
    text: edit((e) => ((e.domains as Record<string, unknown>).apex = 'acme')),
    message:
      /^handover\.json: domains\.apex: expected a domain name such as acme\.test \(line \d+, column \d+\)\.$/,
  },
  {
    name: 'an invalid URL',
    text: edit((e) => (e.portal = { url: 'app.acme.test/login' })),
    message: /^handover\.json: portal\.url: expected an absolute http\(s\) URL/,
  },
  {
    name: 'an unreadable CA file',
    text: edit((e) => (e.network = { caFile: 'missing-ca.pem' })),
    message: /^handover\.json: network\.caFile: .*missing-ca\.pem cannot be read \(ENOENT\)\.$/,
  },
  {
    name: 'a CA file that is a folder',
    text: edit((e) => (e.network = { caFile: 'runs' })),
    message: /^handover\.json: network\.caFile: .*runs cannot be read \(EISDIR\)\.$/,
  },
  {
    name: 'a CA file without a certificate',
    text: edit((e) => (e.network = { caFile: 'attestations.json' })),
    message: /^handover\.json: network\.caFile: .*attestations\.json holds no PEM certificate\.$/,
  },
  {
    name: 'an engagement with no hosts',
    text: edit((e) => delete e.domains),
    message: /^handover\.json: the engagement names no host to audit/,
  },
  {
    name: 'a host outside the scope',
    text: edit((e) => (e.portal = { url: 'https://portal.other.test/' })),
    message: /^handover\.json: host portal\.other\.test is declared but not covered by scope\.allow/,
  },
  {
    name: 'an unknown field',
    text: edit((e) => (e.scop = {})),
    message: /^handover\.json: scop is not a known field \(line \d+, column \d+\)\.$/,
  },
  {
    name: 'a malformed connectTo rule',
    text: edit((e) => (e.network = { connectTo: ['app.acme.test:443:127.0.0.1:99999'] })),
    message: /^handover\.json: network\.connectTo\[0\]: /,
  },
  {
    name: 'a secret written inline',
    text: edit(
      (e) => (e.accounts = [{ id: 'a', role: 'client', username: 'a@acme.test', password: 'hunter2' }]),
    ),
    message: /^handover\.json: accounts\[0\]\.password: expected a keychain reference/,
  },
]

const hashTree = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex')
  }
  return out
}

// Many tests start real CLIs (one starts 12 at once): 60 s ran out at load 27 on 2 cores.
describe('bad engagement input', { timeout: 180_000 }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'handover-bad-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each(CASES)(
    '$name: one sentence naming the file and field, exit 2, nothing overwritten',
    async ({ name, text, message }) => {
      const dir = path.join(root, name.replace(/\W+/g, '-'))
      mkdirSync(path.join(dir, 'runs'), { recursive: true })
      writeFileSync(path.join(dir, 'handover.json'), text)
      writeFileSync(path.join(dir, 'runs', '20260101T000000Z-0000.json'), '{"earlier": "run"}\n')
      writeFileSync(
        path.join(dir, 'attestations.json'),
        json({ schema: 'handover.attestations/1', attestations: [] }),
      )
      const before = hashTree(dir)
      const commands = [
        ['audit', dir],
        ['baseline', dir],
        ['diff', dir],
      ]
      const results = await Promise.all(commands.map((args) => cli(args)))
      for (const [i, result] of results.entries()) {
        const args = commands[i]!
        expect(result.code, args[0]).toBe(2)
        const lines = result.stderr.trimEnd().split('\n')
        expect(lines, args[0]).toHaveLength(1)
        expect(lines[0]!.replace(/^handover: /, '')).toMatch(message)
        expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/)
      }
      expect(hashTree(dir)).toEqual(before)
    },
  )

  it('refuses to overwrite an existing engagement with init', async () => {
    const dir = path.join(root, 'init')
    mkdirSync(dir)
    writeFileSync(path.join(dir, 'handover.json'), '{"mine": true}')
    const result = await cli(['init', dir, '--apex', 'acme.test'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/handover\.json already exists; nothing was changed\./)
    expect(readFileSync(path.join(dir, 'handover.json'), 'utf8')).toBe('{"mine": true}')
  })

  it('creates a valid workspace with init that audit accepts', async () => {
    const dir = path.join(root, 'fresh')
    const created = await cli(['init', dir, '--apex', 'acme.test', '--name', 'Acme', '--subdomain', 'app'])
    expect(created.code).toBe(0)
    expect(JSON.parse(readFileSync(path.join(dir, 'handover.json'), 'utf8'))).toMatchObject({
      schema: 'handover.engagement/1',
      scope: { allow: ['acme.test', '*.acme.test'] },
    })
  })

  it('rejects unknown options and commands with a pointer to --help', async () => {
    const unknownOption = await cli(['audit', '--stages', '4'])
    expect(unknownOption.code).toBe(2)
    expect(unknownOption.stderr).toMatch(
      /^handover: audit: Unknown option '--stages' \(see `handover audit --help`\)\.\n$/,
    )
    const badStage = await cli(['audit', '--stage', '9'])
    expect(badStage.stderr).toBe('handover: --stage 9: stages are numbered 1 to 7.\n')
    const unknownCommand = await cli(['audti'])
    expect(unknownCommand.code).toBe(2)
  })

  it('prints help for every command', async () => {
    const commands = [
      'init',
      'audit',
      'diff',
      'baseline',
      'attest',
      'handoff',
      'report',
      'identity',
      'verify',
      'creds',
      'lab',
      'demo',
    ]
    const results = await Promise.all(commands.map((command) => cli([command, '--help'])))
    for (const [i, result] of results.entries()) {
      const command = commands[i]!
      expect(result.code, command).toBe(0)
      expect(result.stdout, command).toMatch(new RegExp(`^Usage: handover ${command}`))
    }
  })
})
