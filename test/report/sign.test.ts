// The signed handover PDF against the real world: a real Secret Service, poppler's pdfsig and an NSS trust store.
import { spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import forge from 'node-forge'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Result } from '../../src/core/result'
import { OsKeychain } from '../../src/keychain/keychain'
import { ensureIdentity, type SigningIdentity } from '../../src/report/sign/identity'
import { signPdf } from '../../src/report/sign/sign'
import { VERIFY_CODE } from '../../src/report/sign/codes'
import { verifyPdf } from '../../src/report/sign/verify'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'
import { appendTextUpdate, byteRangeOf, newNssDb, pdfsig, testPdf } from '../helpers/pdf'

const KEYCHAIN_SERVICE = 'handover-sign-test'

const renderPdf = (pages: number, placeholder: boolean): Promise<Buffer> =>
  testPdf(pages, { placeholder, title: 'Acme client portal handover', signer: 'Alex Consultant' })

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

describe.skipIf(
  !haveTools(
    'signed PDF (keychain, pdfsig, NSS)',
    'dbus-daemon',
    'gnome-keyring-daemon',
    'secret-tool',
    'pdfsig',
    'pdftotext',
    'certutil',
  ),
)('signed handover PDF (real keychain, pdfsig, NSS)', () => {
  let service: SecretService
  let root: string
  let identityDir: string
  let identity: SigningIdentity
  let signed: Buffer
  let signedFile: string
  let nssEmpty: string
  let nssTrusting: string
  const keychain = new OsKeychain(KEYCHAIN_SERVICE)

  beforeAll(async () => {
    service = startSecretService()
    root = mkdtempSync(path.join(tmpdir(), 'handover-signed-'))
    identityDir = path.join(root, 'identity')
    identity = unwrap(
      await ensureIdentity({
        dir: identityDir,
        name: 'Alex Consultant',
        email: 'alex@consult.test',
        credentials: keychain,
      }),
    )
    signed = unwrap(await signPdf(await renderPdf(4, true), identity))
    signedFile = path.join(root, 'handover.pdf')
    writeFileSync(signedFile, signed)
    nssEmpty = newNssDb(path.join(root, 'nss-empty'))
    nssTrusting = newNssDb(path.join(root, 'nss-trusting'), readFileSync(identity.summary.rootFile!, 'utf8'))
  })
  afterAll(() => {
    service?.stop()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it('is a valid adbe.pkcs7.detached SHA-256 signature over the whole document for pdfsig', async () => {
    const out = pdfsig(signedFile, nssEmpty)
    expect(out).toContain('Signature is Valid.')
    expect(out).toMatch(/^\s*- Total document signed$/m)
    expect(out).toContain('Signature Type: adbe.pkcs7.detached')
    expect(out).toContain('Signing Hash Algorithm: SHA-256')
    expect(out).toContain('Signer Certificate Common Name: Alex Consultant')
    expect(out).toContain("Certificate issuer isn't Trusted.")
    expect((await verifyPdf(signed)).status).toBe('valid')
  })

  it('is trusted by pdfsig once the identity root is imported into an NSS database', () => {
    const out = pdfsig(signedFile, nssTrusting)
    expect(out).toContain('Signature is Valid.')
    expect(out).toContain('Certificate is Trusted.')
  })

  it('detects a one-bit change at 30+ offsets spread over the signed ranges, as pdfsig does', async () => {
    const [, gapStart, gapEnd, tail] = byteRangeOf(signed)
    const text = signed.toString('latin1')
    const signedLength = gapStart + tail
    const toFile = (i: number): number => (i < gapStart ? i : gapEnd + (i - gapStart))
    const offsets = new Set<number>()
    for (let k = 0; k < 24; k++) offsets.add(toFile(Math.floor((k * (signedLength - 1)) / 23)))
    // Places a forger would aim at: the range itself, the signature keys, the page content, the xref and trailer.
    const at = (needle: string, plus: number): number => text.indexOf(needle) + plus
    for (const o of [
      at('/ByteRange [', 13),
      at('/Contents <', 4),
      at('/Type /Sig', 8),
      at('/SubFilter /adbe', 12),
      at('stream\n', 20),
      at('\nxref', 8),
      at('/Root ', 6),
      text.lastIndexOf('startxref') + 11,
    ]) {
      offsets.add(o)
    }
    expect(offsets.size).toBeGreaterThanOrEqual(30)
    const outcomes = new Map<string, number>()
    for (const offset of offsets) {
      expect(offset < gapStart || offset >= gapEnd).toBe(true)
      const copy = Buffer.from(signed)
      copy[offset]! ^= 0x01
      const file = path.join(root, `flip-${offset}.pdf`)
      writeFileSync(file, copy)
      const out = pdfsig(file, nssTrusting)
      rmSync(file)
      const seen = out.includes('Digest Mismatch.')
        ? 'digest mismatch'
        : out.includes('Signature is Valid.')
          ? 'VALID'
          : 'no valid signature'
      outcomes.set(seen, (outcomes.get(seen) ?? 0) + 1)
      expect(out, `pdfsig after flipping byte ${offset}`).not.toContain('Signature is Valid.')
      expect((await verifyPdf(copy)).status, `verifyPdf after flipping byte ${offset}`).not.toBe('valid')
    }
    expect(outcomes.get('VALID')).toBeUndefined()
    expect(outcomes.get('digest mismatch')).toBeGreaterThanOrEqual(24)
  })

  it('reports an appended incremental update that changes the text as modified after signing', async () => {
    const modified = appendTextUpdate(signed, 'TAMPERED AFTER SIGNING')
    const file = path.join(root, 'modified.pdf')
    writeFileSync(file, modified)
    // The update really changes what a reader sees on page 1.
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' })
    expect(page1).toContain('TAMPERED AFTER SIGNING')
    expect(page1).not.toContain('page 1')

    const out = pdfsig(file, nssTrusting)
    expect(out).toContain('Signature is Valid.')
    expect(out).not.toMatch(/^\s*- Total document signed$/m)
    expect(out).toMatch(/Not total document signed/)

    const report = await verifyPdf(modified)
    expect(report.status).toBe('tampered')
    expect(report.modifiedAfterSigning).toBe(true)
    expect(report.coversWholeFile).toBe(false)
    expect(report.reasons.map((r) => r.code)).toEqual([VERIFY_CODE.MODIFIED_AFTER_SIGNING])
  })

  it('calls a PDF without a signature unsigned, as pdfsig does', async () => {
    const file = path.join(root, 'plain.pdf')
    const plain = await renderPdf(2, false)
    writeFileSync(file, plain)
    expect(pdfsig(file, nssEmpty)).toMatch(/does not contain any signatures/)
    expect((await verifyPdf(plain)).status).toBe('unsigned')
  })

  it('keeps the passphrase only in the keychain, and no unencrypted key in the identity folder', async () => {
    const name = identity.summary.credentialName
    expect(name).toBe('signing-alex-consultant')
    const passphrase = unwrap(await keychain.get(name))
    expect(passphrase.length).toBeGreaterThanOrEqual(40)
    const search = service.search(KEYCHAIN_SERVICE)
    expect(search).toContain(name)
    expect(search).toContain(passphrase)

    expect(statSync(identityDir).mode & 0o777).toBe(0o700)
    const files = readdirSync(identityDir).sort()
    expect(files).toEqual(['alex-consultant.cert.pem', 'alex-consultant.p12', 'alex-consultant.root.pem'])
    for (const f of files) {
      const bytes = readFileSync(path.join(identityDir, f))
      expect(bytes.includes(passphrase), f).toBe(false)
      expect(bytes.includes('PRIVATE KEY'), f).toBe(false)
    }
    const p12Path = path.join(identityDir, 'alex-consultant.p12')
    expect(statSync(p12Path).mode & 0o777).toBe(0o600)
    const der = forge.asn1.fromDer(readFileSync(p12Path).toString('binary'))
    expect(() => forge.pkcs12.pkcs12FromAsn1(der, false, 'not-the-passphrase')).toThrow(
      /MAC could not be verified/,
    )
    const p12 = forge.pkcs12.pkcs12FromAsn1(der, false, passphrase)
    const plainKeyBag = '1.2.840.113549.1.12.10.1.1'
    const shroudedKeyBag = '1.2.840.113549.1.12.10.1.2'
    expect(p12.getBags({ bagType: plainKeyBag })[plainKeyBag] ?? []).toHaveLength(0)
    expect(p12.getBags({ bagType: shroudedKeyBag })[shroudedKeyBag]).toHaveLength(1)
  })

  it('reuses the same certificate on the next call', async () => {
    const again = unwrap(
      await ensureIdentity({
        dir: identityDir,
        name: 'Alex Consultant',
        credentials: new OsKeychain(KEYCHAIN_SERVICE),
      }),
    )
    expect(again.summary.fingerprint).toBe(identity.summary.fingerprint)
    expect(again.chainPem).toEqual(identity.chainPem)
    const resigned = unwrap(await signPdf(await renderPdf(1, true), again))
    expect((await verifyPdf(resigned)).signer?.certificateFingerprint).toBe(identity.summary.fingerprint)
  })

  it('fails with the keychain error, writing nothing, when no Secret Service is reachable', () => {
    // A child process, because the keychain library keeps its D-Bus connection for the life of a process.
    const script = path.join(root, 'no-keychain.mts')
    const src = (file: string): string => JSON.stringify(path.resolve('src', file))
    writeFileSync(
      script,
      `import { OsKeychain } from ${src('keychain/keychain.ts')}
import { ensureIdentity } from ${src('report/sign/identity.ts')}
const result = await ensureIdentity({ dir: process.argv[2], name: 'Alex Consultant', credentials: new OsKeychain('${KEYCHAIN_SERVICE}') })
console.log(JSON.stringify(result.ok ? { ok: true } : result))
`,
    )
    const dir = path.join(root, 'unreachable')
    const env = { ...service.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(root, 'no-such-bus')}` }
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, dir], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    })
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Result<unknown>
    expect(!result.ok && result.error.code, run.stderr).toBe('KEYCHAIN_UNAVAILABLE')
    expect(readdirSync(dir)).toEqual([])
  })
})
