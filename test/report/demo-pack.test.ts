// The handover pack of the demo sprint, judged by poppler: signature, trust, tampering, rendering, secrets.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { producePack } from '../../src/cli/commands/report'
import { SessionCache } from '../../src/auth/sessions'
import { runAudit, runProbes } from '../../src/engine/runner'
import { OsKeychain } from '../../src/keychain/keychain'
import { networkFor } from '../../src/network/network'
import { authenticatedOf } from '../../src/probes/authenticated'
import { REPORT_SECTIONS } from '../../src/report/model/types'
import { verifyPdf } from '../../src/report/sign/verify'
import { Workspace } from '../../src/store/workspace'
import { BIN } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { appendTextUpdate, byteRangeOf, newNssDb, pdfsig } from '../helpers/pdf'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

/** `handover verify` in a child process, as a founder would run it. */
function verifyCli(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'verify', file], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
    })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.on('close', (code) => resolve({ code, stdout }))
  })
}

/** Changes one byte into a different byte of the same kind, so the file still parses where possible. */
function flip(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte === 0x39 ? 0x30 : byte + 1
  if (byte >= 0x41 && byte <= 0x5a) return byte + 0x20
  if (byte >= 0x61 && byte <= 0x7a) return byte - 0x20
  return byte ^ 0x01
}

describe.skipIf(
  !haveTools(
    'demo handover pack',
    'dbus-daemon',
    'gnome-keyring-daemon',
    'secret-tool',
    'pdfsig',
    'pdftotext',
    'pdftoppm',
    'certutil',
  ),
)('the signed handover pack of the demo sprint', () => {
  let service: SecretService
  let t: TestLab
  let dir: string
  let pdfFile: string
  let pdf: Buffer
  let identityDir: string
  const secrets: string[] = []

  beforeAll(async () => {
    service = startSecretService()
    t = await startTestLab('flawed')
    dir = mkdtempSync(path.join(tmpdir(), 'handover-pack-'))
    identityDir = path.join(dir, 'identity')
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const keychain = new OsKeychain()
    for (const a of t.lab.accounts.accounts) await keychain.set(`acme-${a.id}`, a.password)
    // Sign in as two accounts during the sprint so real session tokens exist to look for.
    const network = networkFor(ws.value.engagement)
    const sessions = new SessionCache(network, ws.value.engagement, keychain)
    await runProbes(
      [
        authenticatedOf('https://api.acme.test/api/me', 'alice'),
        authenticatedOf('https://api.acme.test/api/me', 'root'),
      ],
      { network, engagement: ws.value.engagement, credentials: keychain, sessions, workspace: ws.value.dir },
      {},
    )
    await runAudit({ workspace: ws.value, credentials: keychain })
    pdfFile = path.join(dir, 'pack.pdf')
    const pack = await producePack(ws.value, {
      out: pdfFile,
      markdown: path.join(dir, 'pack.md'),
      json: path.join(dir, 'pack.json'),
      credentials: keychain,
      identityDir,
    })
    if (!pack.ok) throw new Error(pack.error.message)
    pdf = readFileSync(pdfFile)
    secrets.push(...t.lab.accounts.accounts.map((a) => a.password), ...t.lab.accounts.issuedTokens())
    // The signing passphrase lives in the keychain; it must not be in the pack either.
    const passphrase = await keychain.get('signing-demo-consultant')
    if (passphrase.ok) secrets.push(passphrase.value)
    // A whole audit of the demo lab (the browser checks of stage 5 among it) and the pack: 60 s is too tight on 2 cores.
  }, 240_000)
  afterAll(async () => {
    await t?.stop()
    service?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is valid and wholly signed according to pdfsig, and trusted once its root is in NSS', () => {
    const plain = pdfsig(pdfFile, newNssDb(path.join(dir, 'nss-empty')))
    expect(plain).toContain('Signature is Valid.')
    expect(plain).toContain('Total document signed')
    expect(plain).toContain('Signer Certificate Common Name: Demo Consultant')
    const root = readdirSync(identityDir).find((f) => f.endsWith('.root.pem'))!
    const trusting = pdfsig(
      pdfFile,
      newNssDb(path.join(dir, 'nss-trust'), readFileSync(path.join(identityDir, root), 'utf8')),
    )
    expect(trusting).toContain('Signature is Valid.')
    expect(trusting).toContain('Certificate is Trusted.')
  })

  it('is rejected by pdfsig and handover verify after any one byte of the signed ranges changes', async () => {
    const [a, b, c, d] = byteRangeOf(pdf)
    const offsets: number[] = []
    const count = 30
    for (let i = 0; i < count; i++) {
      // Spread evenly over both signed ranges: [a, a+b) and [c, c+d).
      const at = Math.floor(((i + 0.5) * (b + d)) / count)
      offsets.push(at < b ? a + at : c + (at - b))
    }
    const files = offsets.map((offset, i) => {
      const copy = Buffer.from(pdf)
      copy[offset] = flip(copy[offset]!)
      const file = path.join(dir, `tampered-${i}.pdf`)
      writeFileSync(file, copy)
      return file
    })
    const nss = newNssDb(path.join(dir, 'nss-tamper'))
    const verdicts = files.map((f) => pdfsig(f, nss))
    expect(verdicts.filter((v) => v.includes('Signature is Valid.'))).toEqual([])
    expect(verdicts.filter((v) => v.includes('Digest Mismatch')).length).toBeGreaterThanOrEqual(20)
    // Every copy through the verifier the CLI calls, in-process; three of them through the CLI itself, as a
    // founder would run it (30 child processes cost a minute on a loaded 2-core machine and prove nothing more).
    const verdictsOurs = await Promise.all(files.map(async (f) => (await verifyPdf(readFileSync(f))).status))
    expect(verdictsOurs.filter((s) => s !== 'invalid' && s !== 'tampered')).toEqual([])
    const sample = [files[0]!, files[Math.floor(files.length / 2)]!, files.at(-1)!]
    const ours = await Promise.all(sample.map((f) => verifyCli(f, service.env)))
    expect(ours.map((r) => r.code)).toEqual([1, 1, 1])
  })

  it('reports an appended update that changes the text', async () => {
    const file = path.join(dir, 'updated.pdf')
    writeFileSync(file, appendTextUpdate(pdf, 'Launch-ready: yes'))
    expect(spawnSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).stdout).toContain(
      'Launch-ready: yes',
    )
    const theirs = pdfsig(file, newNssDb(path.join(dir, 'nss-update')))
    expect(theirs).toContain('Not total document signed')
    const ours = await verifyCli(file, service.env)
    expect(ours.code).toBe(1)
    expect(ours.stdout).toMatch(/changed|modified|appended/i)
  })

  it('renders every page and carries every section title and the verdict', () => {
    const pages = Number(
      /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdfFile], { encoding: 'utf8' }).stdout)![1],
    )
    expect(pages).toBeGreaterThan(5)
    const out = path.join(dir, 'page')
    const render = spawnSync('pdftoppm', ['-r', '30', '-png', pdfFile, out], { encoding: 'utf8' })
    expect(render.status).toBe(0)
    expect(render.stderr).toBe('')
    expect(readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'))).toHaveLength(pages)
    const text = spawnSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')
    const model = JSON.parse(readFileSync(path.join(dir, 'pack.json'), 'utf8')) as Record<
      string,
      { title: string }
    >
    for (const key of REPORT_SECTIONS) expect(text, key).toContain(model[key]!.title)
    expect(text).toMatch(/Launch-ready: no — \d+ blockers/)
  })

  it('carries the incident playbook filled from the demo engagement, its phone numbers in the pack only', () => {
    const model = JSON.parse(readFileSync(path.join(dir, 'pack.json'), 'utf8')) as {
      deliverables: { items: { id: string; status: string; sections: { table?: { rows: string[][] } }[] }[] }
    }
    const playbook = model.deliverables.items.find((d) => d.id === 'incident-playbook')!
    expect(playbook.status).toBe('ready')
    const clock = playbook.sections[0]!.table!.rows
    expect(clock.slice(0, 3).map((r) => [r[0], r[1]])).toEqual([
      ['T+0', 'Sam Reyes (CTO)'],
      ['T+15 min', 'Sam Reyes (CTO)'],
      ['T+30 min', 'Ana Costa (Lead developer)'],
    ])
    // Both routes of the demo engagement are listed; this sprint's keychain holds only the accounts' passwords, so
    // each says what stage 6 could observe of it (the states themselves are pinned by the playbook's fixtures).
    const routes = playbook.sections[1]!.table!.rows.filter((r) => r[0]!.startsWith('Alert route: '))
    expect(routes.map((r) => r[0])).toEqual([
      'Alert route: webhook keychain:acme-alert-webhook',
      'Alert route: email oncall@acme.test',
    ])
    for (const r of routes)
      expect(['test alert arrived', 'test alert refused', 'test alert not sent', 'not observed']).toContain(
        r[1],
      )
    const text = spawnSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')
    expect(text).toContain('Who responds, counted in minutes from the alert')
    expect(text).toContain('phone +44 20 7946 0018')
    expect(readFileSync(path.join(dir, 'pack.md'), 'utf8')).toContain('Priya Nair (Privacy officer)')
    const runsDir = path.join(t.lab.workspace, 'runs')
    const runFiles = readdirSync(runsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(path.join(runsDir, f), 'utf8'))
    expect(runFiles.length).toBeGreaterThan(0)
    for (const file of runFiles) expect(file.includes('7946 0018')).toBe(false)
  })

  it('holds no password, token or passphrase of the lab, in the PDF or its exports', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6)
    const text = spawnSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).stdout
    const exports = [
      text,
      readFileSync(path.join(dir, 'pack.md'), 'utf8'),
      readFileSync(path.join(dir, 'pack.json'), 'utf8'),
      pdf.toString('latin1'),
    ]
    for (const secret of secrets) for (const doc of exports) expect(doc.includes(secret)).toBe(false)
  })
})
