// Signing identity, signing and verification without outside tools: in-memory credentials, pure verifier.
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import forge from 'node-forge'
import { opensslP12, testPdf } from '../helpers/pdf'
import { haveTools } from '../helpers/tools'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, type Result } from '../../src/core/result'
import { MemoryCredentials, type CredentialStore } from '../../src/keychain/keychain'
import { VERIFY_CODE } from '../../src/report/sign/codes'
import { describeVerification } from '../../src/report/sign/describe'
import { ensureIdentity, importIdentity, type SigningIdentity } from '../../src/report/sign/identity'
import { readIdentityCertificates } from '../../src/report/sign/identity-store'
import { signPdf } from '../../src/report/sign/sign'
import { verificationExitCode, verifyPdf } from '../../src/report/sign/verify'

const renderPdf = (pages: number, options: { placeholder: boolean }): Promise<Buffer> =>
  testPdf(pages, { ...options, signer: 'Zoë Example' })

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** Offsets of the signature's /ByteRange numbers, read from the file. */
function byteRangeOf(pdf: Buffer): number[] {
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString('latin1'))
  if (!m) throw new Error('no byte range')
  return m.slice(1).map(Number)
}

describe('signing and verification (in-memory credentials)', () => {
  let root: string
  let identityDir: string
  let identity: SigningIdentity
  let signed: Buffer
  const credentials = new MemoryCredentials()

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'handover-sign-'))
    identityDir = path.join(root, 'identity')
    // An imported 2048-bit identity keeps this suite fast; creating one is covered by sign.test.ts.
    const p12File = path.join(root, 'zoe.p12')
    writeFileSync(p12File, makeP12('Zoë Example', 'zoe@example.test', 'zoe-passphrase'))
    identity = unwrap(
      await importIdentity({
        dir: identityDir,
        p12File,
        passphrase: 'zoe-passphrase',
        credentials,
        name: 'Zoë Example',
      }),
    )
    signed = unwrap(await signPdf(await renderPdf(3, { placeholder: true }), identity, new Date()))
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  // Regression: forge double-encodes a non-ASCII issuer in the CMS, so the signer was not found (p12-signer.ts).
  it('reports a fresh signature as valid, covering the whole file, with the signer and signing time', async () => {
    const report = await verifyPdf(signed)
    expect(report.status).toBe('valid')
    expect(report.reasons).toEqual([])
    expect(report.coversWholeFile).toBe(true)
    expect(report.modifiedAfterSigning).toBe(false)
    expect(report.signer).toMatchObject({ name: 'Zoë Example', email: 'zoe@example.test' })
    expect(report.signatures[0]?.subFilter).toBe('adbe.pkcs7.detached')
    expect(report.signatures[0]?.digestAlgorithm).toBe('sha256')
    expect(report.chain.map((c) => c.subject)).toEqual([
      'CN=Zoë Example, emailAddress=zoe@example.test',
      'CN=Test signing root — Zoë Example',
    ])
    expect(report.chain.every((c) => c.validAtSigning)).toBe(true)
    expect(verificationExitCode(report)).toBe(0)
  })

  it('records the signing time it is given', async () => {
    const at = new Date(Date.now() - 60_000)
    at.setUTCMilliseconds(0)
    const again = unwrap(await signPdf(await renderPdf(1, { placeholder: true }), identity, at))
    expect((await verifyPdf(again)).signedAt).toBe(at.toISOString())
  })

  it('refuses to sign at a time the certificate was not valid', async () => {
    const result = await signPdf(
      await renderPdf(1, { placeholder: true }),
      identity,
      new Date('2001-01-01T00:00:00Z'),
    )
    expect(!result.ok && result.error.code).toBe('SIGNATURE_SELF_CHECK')
  })

  it('tells trusted roots, known identities and unknown signers apart', async () => {
    const rootPem = identity.chainPem[identity.chainPem.length - 1]!
    expect((await verifyPdf(signed)).trust).toBe('unknown')
    expect((await verifyPdf(signed, { trustedRootsPem: [rootPem] })).trust).toBe('trusted')
    const known = await readIdentityCertificates(identityDir)
    expect(known).toHaveLength(2)
    expect((await verifyPdf(signed, { knownIdentityPem: known })).trust).toBe('known-identity')
    expect((await verifyPdf(signed, { trustedRootsPem: ['not a certificate'] })).trust).toBe('unknown')
  })

  it('describes the verdict in plain words, with the root fingerprint for an unknown signer', async () => {
    const lines = describeVerification(await verifyPdf(signed))
    expect(lines[0]).toBe('Signature valid.')
    expect(lines).toContain('Signed by Zoë Example <zoe@example.test>.')
    expect(lines.join('\n')).toMatch(/has not changed since it was signed/)
    expect(lines.join('\n')).toMatch(/not trusted on this computer/)
    const fingerprint = identity.summary.rootFingerprint!.toUpperCase().match(/../g)!.join(':')
    expect(lines.join('\n')).toContain(fingerprint)
  })

  it('reports a changed byte as tampered with a digest mismatch', async () => {
    const copy = Buffer.from(signed)
    const [, gapStart] = byteRangeOf(copy)
    copy[Math.floor(gapStart! / 2)]! ^= 0x01
    const report = await verifyPdf(copy)
    expect(report.status).toBe('tampered')
    expect(report.reasons.map((r) => r.code)).toEqual([VERIFY_CODE.DIGEST_MISMATCH])
    expect(verificationExitCode(report)).toBe(1)
    expect(describeVerification(report)[0]).toMatch(/CHANGED after signing/)
  })

  it('reports a byte range that leaves more than the signature unsigned', async () => {
    const text = signed.toString('latin1')
    const [a, b, c, d] = byteRangeOf(signed) as [number, number, number, number]
    // Same length, so every offset stays put: the range now skips the 10 bytes before /Contents' value.
    const forged = `/ByteRange [${a} ${b - 10} ${c} ${d}]`
    const original = `/ByteRange [${a} ${b} ${c} ${d}]`
    const padded = forged + ' '.repeat(original.length - forged.length + 1)
    const copy = Buffer.from(text.replace(original + ' ', padded), 'latin1')
    expect(copy.length).toBe(signed.length)
    const report = await verifyPdf(copy)
    expect(report.status).toBe('tampered')
    expect(report.coversWholeFile).toBe(false)
    expect(report.reasons.map((r) => r.code)).toContain(VERIFY_CODE.RANGE_GAP_MISMATCH)
  })

  it('reports an altered signature value as invalid while the document digest still matches', async () => {
    const copy = Buffer.from(signed)
    const [, gapStart] = byteRangeOf(copy)
    const report0 = await verifyPdf(copy)
    expect(report0.status).toBe('valid')
    // The RSA signature is the last element of the CMS; flip a hex digit 20 bytes before its end.
    const derLength = cmsLength(copy, gapStart!)
    const at = gapStart! + 1 + (derLength - 20) * 2
    copy[at] = copy[at] === 0x30 ? 0x31 : 0x30
    const report = await verifyPdf(copy)
    expect(report.status).toBe('invalid')
    expect(report.reasons.map((r) => r.code)).toEqual([VERIFY_CODE.SIGNATURE_MISMATCH])
  })

  it('calls a PDF without a signature unsigned, and one with an empty field never signed', async () => {
    const plain = await verifyPdf(await renderPdf(2, { placeholder: false }))
    expect(plain.status).toBe('unsigned')
    expect(plain.reasons.map((r) => r.code)).toEqual([VERIFY_CODE.NO_SIGNATURE])
    expect(verificationExitCode(plain)).toBe(2)
    const placeholder = await verifyPdf(await renderPdf(1, { placeholder: true }))
    expect(placeholder.status).toBe('unsigned')
    expect(placeholder.reasons.map((r) => r.code)).toEqual([VERIFY_CODE.NEVER_SIGNED])
    expect((await verifyPdf(Buffer.from('not a pdf at all'))).status).toBe('unsigned')
  })

  it('refuses to sign a PDF rendered without a placeholder', async () => {
    const result = await signPdf(await renderPdf(1, { placeholder: false }), identity)
    expect(!result.ok && result.error.code).toBe('PDF_NO_PLACEHOLDER')
  })

  it('never serialises the passphrase or key', async () => {
    const json = JSON.stringify(identity)
    expect(json).toContain('Zoë Example')
    expect(unwrap(await credentials.get(identity.summary.credentialName))).toBe('zoe-passphrase')
    expect(json).not.toContain('zoe-passphrase')
    expect(json).not.toContain('PRIVATE KEY')
    expect(Object.keys(identity)).not.toContain('passphrase')
  })

  it('fails with the keychain error and writes nothing when the keychain is unavailable', async () => {
    const dir = path.join(root, 'no-keychain')
    const broken: CredentialStore = {
      description: 'broken keychain',
      get: async () => failure('KEYCHAIN_UNAVAILABLE', 'No usable OS keychain.'),
      set: async () => failure('KEYCHAIN_UNAVAILABLE', 'No usable OS keychain.'),
      delete: async () => failure('KEYCHAIN_UNAVAILABLE', 'No usable OS keychain.'),
      list: async () => failure('KEYCHAIN_UNAVAILABLE', 'No usable OS keychain.'),
    }
    const result = await ensureIdentity({ dir, name: 'Nobody', credentials: broken })
    expect(result).toEqual({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'No usable OS keychain.' },
    })
    expect(readdirSync(dir)).toEqual([])
  })

  it('loads an existing identity with the passphrase from the credential store', async () => {
    const again = unwrap(await ensureIdentity({ dir: identityDir, name: 'Zoë Example', credentials }))
    expect(again.summary).toEqual(identity.summary)
  })

  it('says so when the passphrase is missing from the keychain rather than making a new identity', async () => {
    const result = await ensureIdentity({
      dir: identityDir,
      name: 'Zoë Example',
      credentials: new MemoryCredentials(),
    })
    expect(!result.ok && result.error.code).toBe('IDENTITY_PASSPHRASE_MISSING')
    expect(readdirSync(identityDir).sort()).toEqual([
      'zoe-example.cert.pem',
      'zoe-example.p12',
      'zoe-example.root.pem',
    ])
  })

  it('refuses an identity folder inside a workspace', async () => {
    const workspace = path.join(root, 'workspace')
    mkdirSync(workspace)
    writeFileSync(path.join(workspace, 'handover.json'), '{}')
    const result = await ensureIdentity({
      dir: path.join(workspace, 'keys'),
      name: 'Zoë Example',
      credentials,
    })
    expect(!result.ok && result.error.code).toBe('IDENTITY_IN_WORKSPACE')
  })

  it('imports an existing P12 whose issuer has a non-ASCII name, keeping its root beside it', () => {
    expect(identity.summary).toMatchObject({
      name: 'Zoë Example',
      email: 'zoe@example.test',
      credentialName: 'signing-zoe-example',
      rootFile: path.join(identityDir, 'zoe-example.root.pem'),
    })
    expect(identity.chainPem).toHaveLength(2)
  })

  it('refuses a P12 with the wrong passphrase and stores nothing', async () => {
    const dir = path.join(root, 'imported')
    const p12File = path.join(root, 'zoe.p12')
    const wrong = await importIdentity({ dir, p12File, passphrase: 'wrong', credentials, name: 'Çağla' })
    expect(!wrong.ok && wrong.error.code).toBe('IDENTITY_PASSPHRASE_WRONG')
    const names = await credentials.list()
    expect(names.ok && names.value).not.toContain('signing-cagla')
    expect(existsSync(dir)).toBe(false)
  })

  it('never overwrites an identity on import unless told to replace it', async () => {
    const p12File = path.join(root, 'zoe.p12')
    const options = {
      dir: identityDir,
      p12File,
      passphrase: 'zoe-passphrase',
      credentials,
      name: 'Zoë Example',
    }
    const again = await importIdentity(options)
    expect(!again.ok && again.error.code).toBe('IDENTITY_EXISTS')
    const replaced = unwrap(await importIdentity({ ...options, replace: true }))
    expect(replaced.summary.fingerprint).toBe(identity.summary.fingerprint)
  })

  // Under CI=true a missing openssl fails this test by name instead of skipping it (test/helpers/tools.ts).
  it.skipIf(!haveTools('P12 made by OpenSSL', 'openssl'))(
    'imports a P12 made by OpenSSL with its default (AES-256, SHA-256 MAC) protection',
    async () => {
      const dir = path.join(root, 'openssl')
      mkdirSync(dir)
      const p12File = opensslP12(dir, 'bundle', '/CN=Olli OpenSSL', 'openssl-pass')
      const imported = unwrap(
        await importIdentity({
          dir: path.join(root, 'imported-openssl'),
          p12File,
          passphrase: 'openssl-pass',
          credentials,
          name: 'Olli',
        }),
      )
      const report = await verifyPdf(
        unwrap(await signPdf(await renderPdf(1, { placeholder: true }), imported)),
      )
      expect(report.status).toBe('valid')
      expect(report.signer?.name).toBe('Olli OpenSSL')
    },
  )
})

/** Length of the DER CMS at the start of the /Contents hex string at `gapStart`. */
function cmsLength(pdf: Buffer, gapStart: number): number {
  const head = Buffer.from(pdf.toString('latin1', gapStart + 1, gapStart + 1 + 8), 'hex')
  // 30 82 LL LL: a SEQUENCE with a two-byte length.
  return 4 + head.readUInt16BE(2)
}

/** A P12 for `name`, issued by "Test signing root — <name>", made with forge the way other tools make them. */
function makeP12(name: string, email: string | undefined, passphrase: string): Buffer {
  const newKey = (): forge.pki.rsa.PrivateKey =>
    forge.pki.privateKeyFromPem(
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    ) as forge.pki.rsa.PrivateKey
  const caKey = newKey()
  const key = newKey()
  const cn = (value: string): forge.pki.CertificateField =>
    ({ shortName: 'CN', value, valueTagClass: forge.asn1.Type.UTF8 as number }) as forge.pki.CertificateField
  const caName = [cn(`Test signing root — ${name}`)]
  const cert = (
    subject: forge.pki.CertificateField[],
    pub: forge.pki.rsa.PrivateKey,
    ca: boolean,
  ): forge.pki.Certificate => {
    const c = forge.pki.createCertificate()
    c.publicKey = forge.pki.setRsaPublicKey(pub.n, pub.e)
    c.serialNumber = ca ? '01' : '02'
    c.validity.notBefore = new Date(Date.now() - 86_400_000)
    c.validity.notAfter = new Date(Date.now() + 30 * 86_400_000)
    c.setSubject(subject)
    c.setIssuer(caName)
    c.setExtensions(
      ca
        ? [
            { name: 'basicConstraints', cA: true },
            { name: 'keyUsage', keyCertSign: true },
          ]
        : [{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }],
    )
    c.sign(caKey, forge.md.sha256.create())
    return c
  }
  const caCert = cert(caName, caKey, true)
  const leaf = cert([cn(name), ...(email ? [{ name: 'emailAddress', value: email }] : [])], key, false)
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [leaf, caCert], passphrase, { algorithm: '3des' })
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')
}
