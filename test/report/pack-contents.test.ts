// The machine-readable contents a signed pack carries (issue 15): embedded before signing, read back by poppler
// (pdfdetach, pdfsig) as well as by our own reader, refused once one byte of them changes, free of every secret.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SessionCache } from '../../src/auth/sessions'
import { producePack } from '../../src/cli/commands/report'
import { runAudit, runProbes } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { networkFor } from '../../src/network/network'
import { authenticatedOf } from '../../src/probes/authenticated'
import { PACK_FILES } from '../../src/report/contents'
import { openPack } from '../../src/report/pack-read'
import { readEmbeddedFiles } from '../../src/report/sign/embedded'
import { verifyPdf } from '../../src/report/sign/verify'
import { Workspace } from '../../src/store/workspace'
import { cli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { newNssDb, pdfsig } from '../helpers/pdf'
import { haveTools } from '../helpers/tools'

/** Every file pdfdetach (poppler, not our reader) finds in `file`, by name. */
function detachAll(file: string, dir: string): Map<string, Buffer> {
  const out = mkdtempSync(path.join(dir, 'detach-'))
  const run = spawnSync('pdfdetach', ['-saveall', '-o', out, file], { encoding: 'utf8', timeout: 20_000 })
  expect(run.status, run.stderr).toBe(0)
  return new Map(readdirSync(out).map((n) => [n, readFileSync(path.join(out, n))]))
}

describe.skipIf(!haveTools('pack contents', 'pdfsig', 'pdfdetach', 'certutil'))(
  'the contents embedded in a signed pack',
  () => {
    let t: TestLab
    let dir: string
    let pdfFile: string
    let pdf: Buffer
    let bareBytes: number
    const secrets: string[] = []

    beforeAll(async () => {
      t = await startTestLab('flawed')
      dir = mkdtempSync(path.join(tmpdir(), 'handover-pack-contents-'))
      const ws = await Workspace.open(t.lab.workspace)
      if (!ws.ok) throw new Error(ws.error.message)
      const credentials = new MemoryCredentials(t.lab.credentials())
      // Sign in as two accounts first, so real session tokens exist to look for.
      const network = networkFor(ws.value.engagement)
      const sessions = new SessionCache(network, ws.value.engagement, credentials)
      await runProbes(
        [
          authenticatedOf('https://api.acme.test/api/me', 'alice'),
          authenticatedOf('https://api.acme.test/api/me', 'root'),
        ],
        { network, engagement: ws.value.engagement, credentials, sessions, workspace: ws.value.dir },
        {},
      )
      await runAudit({ workspace: ws.value, credentials })
      const identityDir = path.join(dir, 'identity')
      pdfFile = path.join(dir, 'pack.pdf')
      const pack = await producePack(ws.value, { out: pdfFile, credentials, identityDir })
      if (!pack.ok) throw new Error(pack.error.message)
      pdf = readFileSync(pdfFile)
      const bare = await producePack(ws.value, {
        out: path.join(dir, 'bare.pdf'),
        credentials,
        identityDir,
        embed: false,
      })
      if (!bare.ok) throw new Error(bare.error.message)
      bareBytes = bare.value.bytes
      secrets.push(
        ...Object.values(t.lab.credentials()),
        ...t.lab.accounts.issuedTokens(),
        ...t.lab.secrets.plantedValues(),
      )
      const passphrase = await credentials.get('signing-demo-consultant')
      if (passphrase.ok) secrets.push(passphrase.value)
    }, 360_000)
    afterAll(async () => {
      await t?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('is valid and wholly signed according to pdfsig, and pdfdetach finds every file we list', async () => {
      const theirs = pdfsig(pdfFile, newNssDb(path.join(dir, 'nss')))
      expect(theirs).toContain('Signature is Valid.')
      expect(theirs).toContain('Total document signed')
      const detached = detachAll(pdfFile, dir)
      const ours = await openPack(pdf)
      expect(ours.report.status).toBe('valid')
      expect(ours.listing.covered).toBe(true)
      expect(ours.problems).toEqual([])
      expect([...detached.keys()].sort()).toEqual(ours.listing.files.map((f) => f.name).sort())
      for (const f of ours.listing.files) expect(detached.get(f.name)!.equals(f.bytes), f.name).toBe(true)
      expect(Object.values(PACK_FILES).filter((n) => n !== PACK_FILES.engagementCa)).toEqual(
        expect.arrayContaining(
          ours.listing.files.map((f) => f.name).filter((n) => n !== PACK_FILES.engagementCa),
        ),
      )
      // What the files say: the engine, the run and its check versions, the engagement as its file says it.
      expect(ours.manifest!.engine).toMatch(/^\d+\.\d+\.\d+/)
      expect(ours.baseline!.id).toBe(ours.manifest!.run.id)
      expect(Object.keys(ours.baseline!.checks).length).toBeGreaterThan(20)
      expect(ours.baseline!.results.every((r) => Number.isInteger(r.checkVersion))).toBe(true)
      expect(ours.model!.cover.runId).toBe(ours.baseline!.id)
      const engagement = readFileSync(path.join(t.lab.workspace, 'handover.json'), 'utf8')
      expect(ours.engagement).toEqual(JSON.parse(engagement))
      expect(ours.engagementCa).toBe(t.lab.caPem)
    })

    it('lists the files as covered in `handover verify`, and --extract writes exactly them', async () => {
      const out = path.join(dir, 'extracted')
      const run = await cli(['verify', pdfFile, '--extract', out])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/Embedded files, covered by the signature \(5\):/)
      expect(run.stdout).toContain(PACK_FILES.baseline)
      const detached = detachAll(pdfFile, dir)
      expect(readdirSync(out).sort()).toEqual([...detached.keys()].sort())
      for (const [name, bytes] of detached)
        expect(readFileSync(path.join(out, name)).equals(bytes)).toBe(true)
    }, 60_000)

    it('is rejected by pdfsig and handover verify once one byte of an embedded file changes', async () => {
      // pdfkit deflates each embedded stream with zlib's defaults: the same bytes, found without our reader.
      const ours = readEmbeddedFiles(pdf)
      const engagement = ours.files.find((f) => f.name === PACK_FILES.engagement)!
      const stored = deflateSync(engagement.bytes)
      const at = pdf.indexOf(stored)
      expect(at).toBeGreaterThan(0)
      const copy = Buffer.from(pdf)
      const middle = at + Math.floor(stored.length / 2)
      copy[middle] = copy[middle]! ^ 0x01
      const file = path.join(dir, 'tampered-contents.pdf')
      writeFileSync(file, copy)
      const theirs = pdfsig(file, newNssDb(path.join(dir, 'nss-tampered')))
      expect(theirs).not.toContain('Signature is Valid.')
      expect(theirs).toContain('Digest Mismatch')
      const report = await verifyPdf(copy)
      expect(report.status).toBe('tampered')
      expect(readEmbeddedFiles(copy, report).covered).toBe(false)
      const out = path.join(dir, 'not-extracted')
      const run = await cli(['verify', file, '--extract', out])
      expect(run.code).toBe(1)
      expect(run.stdout).toContain('CHANGED after signing')
      expect(run.stdout).toContain('NOT covered by a valid signature')
      expect(existsSync(out)).toBe(false)
    }, 60_000)

    it('holds no credential, session token, planted secret or passphrase of the lab', () => {
      expect(secrets.length).toBeGreaterThanOrEqual(8)
      expect(t.lab.accounts.issuedTokens().length).toBeGreaterThanOrEqual(2)
      const detached = detachAll(pdfFile, dir)
      expect(detached.size).toBe(5)
      for (const [name, bytes] of detached) {
        const text = bytes.toString('utf8')
        for (const secret of secrets) expect(text.includes(secret), `${name} holds a secret`).toBe(false)
      }
    })

    it('stays under 1 MB with its contents', () => {
      expect(pdf.length).toBeLessThan(1024 * 1024)
      expect(pdf.length).toBeGreaterThan(bareBytes)
    })
  },
)
