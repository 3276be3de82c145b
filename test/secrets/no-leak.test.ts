// No planted secret of the lab — raw, URL-encoded or base64 — appears in anything the audit and the report
// write (run file, JSON/SARIF/JUnit exports, PDF text and bytes, Markdown, JSON pack, deliverables.json) or
// in the terminal output of audit, report, env-inventory and rotation.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OsKeychain } from '../../src/keychain/keychain'
import { cli, type CliResult } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

/** Every form a value takes on the wire or in a file. */
function forms(value: string): string[] {
  const out = [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
  ]
  // A PEM key also leaks line by line: each base64 line of its body counts.
  if (value.includes('-----BEGIN'))
    out.push(...value.split('\n').filter((l) => !l.startsWith('-----') && l.length >= 40))
  return [...new Set(out)]
}

function filesUnder(dir: string, skip: (p: string) => boolean): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    if (skip(p)) continue
    const st = statSync(p, { throwIfNoEntry: false })
    if (st?.isDirectory()) out.push(...filesUnder(p, skip))
    else if (st?.isFile()) out.push(p)
  }
  return out
}

describe.skipIf(
  !haveTools('secrets no-leak', 'dbus-daemon', 'gnome-keyring-daemon', 'secret-tool', 'pdftotext', 'git'),
)('what the audit and the report of the secrets lab write', () => {
  let service: SecretService
  let t: TestLab
  let out: string
  const outputs: CliResult[] = []
  beforeAll(async () => {
    service = startSecretService()
    t = await startTestLab('flawed')
    out = mkdtempSync(path.join(tmpdir(), 'handover-noleak-'))
    const keychain = new OsKeychain()
    for (const [k, v] of Object.entries(t.lab.credentials())) await keychain.set(k, v)
    const env = { ...service.env, HANDOVER_IDENTITY_DIR: path.join(out, 'identity') }
    const ws = t.lab.workspace
    outputs.push(
      await cli(
        [
          'audit',
          ws,
          '--stage',
          '3',
          '--json',
          path.join(out, 'audit.json'),
          '--sarif',
          path.join(out, 'audit.sarif'),
          '--junit',
          path.join(out, 'audit.xml'),
        ],
        { env },
      ),
      await cli(['env-inventory', ws, '--owner', 'STRIPE_SECRET_KEY=Sam'], { env }),
      await cli(['rotation', ws], { env }),
      await cli(
        [
          'report',
          ws,
          '--out',
          path.join(out, 'pack.pdf'),
          '--md',
          path.join(out, 'pack.md'),
          '--json',
          path.join(out, 'pack.json'),
        ],
        { env },
      ),
    )
  }, 240_000)
  afterAll(async () => {
    await t?.stop()
    service?.stop()
    if (out) rmSync(out, { recursive: true, force: true })
  })

  it('ran the stage and wrote the pack', () => {
    expect(outputs.map((o) => o.code)).toEqual([1, 0, 0, 0])
    expect(outputs[0]!.stdout).toMatch(/secrets\.frontend/)
    expect(statSync(path.join(out, 'pack.pdf')).size).toBeGreaterThan(10_000)
  })

  it('holds no planted value in any file written, nor in the terminal output', () => {
    const ws = t.lab.workspace
    // The lab's own sources (the planted repository, env files, logs) are inputs, not outputs.
    const written = [
      ...filesUnder(ws, (p) => /lab-sources|\.lab-secrets/.test(p)),
      ...filesUnder(out, (p) => p.includes(`${path.sep}identity`)),
    ]
    expect(written.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true)
    const texts = written.map((f) => ({ f, text: readFileSync(f).toString('latin1') }))
    const pdfText = execFileSync('pdftotext', [path.join(out, 'pack.pdf'), '-'], { encoding: 'utf8' })
    texts.push({ f: 'pack.pdf (text)', text: pdfText })
    for (const [i, o] of outputs.entries())
      texts.push({ f: `terminal ${i}`, text: `${o.stdout}\n${o.stderr}` })
    // The pack does carry the two secrets documents, masked.
    expect(pdfText).toMatch(/Secret rotation plan/)
    expect(pdfText).toMatch(/Environment variable inventory/)
    const leaks: string[] = []
    for (const [name, value] of Object.entries(t.lab.secrets.planted))
      for (const form of forms(value))
        for (const { f, text } of texts) if (text.includes(form)) leaks.push(`${name} in ${f}`)
    expect(leaks).toEqual([])
  })
})
