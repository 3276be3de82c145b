// The verifier against signatures it did not make: CMS from `openssl cms -sign` (EC P-256, RSA-PSS, SHA-384,
// BER streaming, signer by key id) in a PDF's signature field, Ed25519 from the JDK's jarsigner (OpenSSL 3.0
// cannot CMS-sign with Ed25519), and tampered copies of each. All keys and certificates are made here.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as asn1js from 'asn1js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERIFY_CODE, type VerifyCode } from '../../src/report/sign/codes'
import { verifyDetachedCms, verifyPdf } from '../../src/report/sign/verify'
import { cli } from '../helpers/cli'
import {
  OpenSslPki,
  SIGNER_EXTENSIONS,
  flipContentByte,
  newNssDb,
  pdfsig,
  testPdf,
  signWithCms,
  withCms,
  type CmsOptions,
  type Issued,
} from '../helpers/pdf'
import { haveTools } from '../helpers/tools'

const codes = (report: { reasons: { code: VerifyCode }[] }): VerifyCode[] => report.reasons.map((r) => r.code)

/** Where an element sits in the CMS bytes: asn1js keeps a view of each element in its copy of the input. */
function span(cms: Buffer, block: asn1js.BaseBlock): { start: number; end: number } {
  const view = block.valueBeforeDecodeView
  const start = view.byteOffset
  const end = start + view.byteLength
  if (!cms.subarray(start, end).equals(view)) throw new Error('asn1js view does not map onto the input')
  return { start, end }
}

const READ_ATTRIBUTES = [
  '1.2.840.113549.1.9.3', // contentType
  '1.2.840.113549.1.9.4', // messageDigest
  '1.2.840.113549.1.9.5', // signingTime
]

/** The parts of a CMS the tampering tests aim at. */
function cmsParts(cms: Buffer): {
  root: asn1js.Sequence
  certificates: asn1js.Constructed
  encapsulated: asn1js.Sequence
  signerId: asn1js.BaseBlock
  /** A signed attribute only the signature protects (SMIMECapabilities, CMSAlgorithmProtection). */
  unreadAttribute: asn1js.BaseBlock
  signature: asn1js.BaseBlock
} {
  const root = asn1js.fromBER(new Uint8Array(cms)).result as asn1js.Sequence
  const signedData = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence
  const parts = signedData.valueBlock.value
  const certificates = parts.find((p) => p.idBlock.tagClass === 3 && p.idBlock.tagNumber === 0)
  const signerInfos = parts.filter((p) => p.idBlock.tagClass === 1 && p.idBlock.tagNumber === 17)[1]
  const fields = ((signerInfos as asn1js.Set).valueBlock.value[0] as asn1js.Sequence).valueBlock.value
  // version, sid, digestAlgorithm, then [0] signedAttrs when present.
  const attrs = fields[3] as asn1js.Constructed
  const unread = attrs.valueBlock.value.find((a) => {
    const type = (a as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier
    return !READ_ATTRIBUTES.includes(type.getValue())
  })
  return {
    root,
    certificates: certificates as asn1js.Constructed,
    encapsulated: parts[2] as asn1js.Sequence,
    signerId: fields[1]!,
    unreadAttribute: unread!,
    signature: fields.find((f, i) => i > 3 && f instanceof asn1js.OctetString)!,
  }
}

/** `openssl cms -sign -stream` embeds the content; its ancestors have indefinite lengths, so it can be cut out. */
function detachStreamed(cms: Buffer): Buffer {
  const eContent = cmsParts(cms).encapsulated.valueBlock.value[1]!
  const { start, end } = span(cms, eContent)
  expect(cms.subarray(0, 2).toString('hex')).toBe('3080')
  return Buffer.concat([cms.subarray(0, start), cms.subarray(end)])
}

/** Changes the last byte of a signed attribute that nothing but the signature vouches for. */
function tamperSignedAttribute(cms: Buffer): Buffer {
  const { end } = span(cms, cmsParts(cms).unreadAttribute)
  const copy = Buffer.from(cms)
  copy[end - 1]! ^= 0x01
  return copy
}

/** Changes one byte inside the signature value. */
function tamperSignatureValue(cms: Buffer): Buffer {
  const { end } = span(cms, cmsParts(cms).signature)
  const copy = Buffer.from(cms)
  copy[end - 5]! ^= 0x01
  return copy
}

/** Puts `forged` where the signer's certificate was, re-encoding only the lengths around it. */
function swapCertificate(cms: Buffer, signerPem: string, forged: Issued): Buffer {
  const der = (pem: string): Buffer => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')
  const parts = cmsParts(cms)
  expect(Buffer.from(parts.root.toBER()).equals(cms)).toBe(true) // asn1js round-trips this DER exactly
  const list = parts.certificates.valueBlock.value
  const i = list.findIndex((c) => Buffer.from(c.valueBeforeDecodeView).equals(der(signerPem)))
  expect(i).toBeGreaterThanOrEqual(0)
  list[i] = asn1js.fromBER(new Uint8Array(der(forged.pem))).result
  return Buffer.from(parts.root.toBER())
}

describe.skipIf(
  !haveTools(
    'foreign signatures (openssl, jarsigner, pdfsig)',
    'openssl',
    'jarsigner',
    'jar',
    'pdfsig',
    'certutil',
  ),
)('signatures made by other tools', () => {
  let dir: string
  let pki: OpenSslPki
  let root: Issued
  const trust = (): { trustedRootsPem: string[] } => ({ trustedRootsPem: [root.pem] })
  const fixtures = new Map<string, { pdf: Buffer; cms: Buffer; signer: Issued }>()
  /** Forged twins of the signers: same names, serial and extensions (so the same key id), another key. */
  const twins = new Map<string, Issued>()

  async function foreignPdf(
    name: string,
    signer: Issued,
    options: CmsOptions & { detach?: boolean } = {},
  ): Promise<{ pdf: Buffer; cms: Buffer; signer: Issued }> {
    let cms: Buffer = Buffer.alloc(0)
    const pdf = await signWithCms(await testPdf(2, { title: name }), (signed) => {
      const made = pki.cms(signed, signer, { certfile: [root], ...options })
      cms = options.detach ? detachStreamed(made) : made
      return cms
    })
    const fixture = { pdf, cms, signer }
    fixtures.set(name, fixture)
    return fixture
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'handover-foreign-'))
    pki = new OpenSslPki(dir)
    root = pki.ca('root', '/CN=Foreign Root CA/O=Elsewhere Ltd')
    const ec = pki.issue('ec', '/CN=Erin Elliptic/emailAddress=erin@elsewhere.test', root)
    const rsa = pki.issue('rsa', '/CN=Pat Pss/O=Elsewhere Ltd', root, { type: 'rsa' })
    // A key id that is not SHA-1 of the key: found only through the subjectKeyIdentifier extension.
    const ski = randomBytes(16).toString('hex')
    const keyid = pki.issue('keyid', '/CN=Kim Keyid', root, {
      extensions: SIGNER_EXTENSIONS.map((e) =>
        e.startsWith('subjectKeyIdentifier') ? `subjectKeyIdentifier=${ski}` : e,
      ),
    })
    // Made before the signatures, so that they too were valid at the signing time.
    const fakeRoot = pki.ca('fake-root', root.subject)
    for (const [name, signer, type] of [
      ['ec', ec, 'ec'],
      ['rsa-pss', rsa, 'rsa'],
      ['keyid', keyid, 'ec'],
    ] as const) {
      const { subject, extensions, serial } = signer
      twins.set(name, pki.issue(`twin-${name}`, subject, fakeRoot, { type, extensions, serial }))
    }
    await foreignPdf('ec', ec)
    await foreignPdf('rsa-pss', rsa, { pss: true })
    await foreignPdf('ec-sha384', ec, { md: 'sha384' })
    await foreignPdf('ber-stream', ec, { stream: true, detach: true })
    await foreignPdf('keyid', keyid, { keyid: true })
    await foreignPdf('ber-embedded', ec, { stream: true })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['ec', 'Erin Elliptic', 'sha256'],
    ['rsa-pss', 'Pat Pss', 'sha256'],
    ['ec-sha384', 'Erin Elliptic', 'sha384'],
    ['ber-stream', 'Erin Elliptic', 'sha256'],
    ['keyid', 'Kim Keyid', 'sha256'],
  ])('verifies an openssl %s signature as valid and trusted', async (name, signer, digest) => {
    const report = await verifyPdf(fixtures.get(name)!.pdf, trust())
    expect(codes(report)).toEqual([])
    expect(report.status).toBe('valid')
    expect(report.coversWholeFile).toBe(true)
    expect(report.trust).toBe('trusted')
    expect(report.signer?.name).toBe(signer)
    expect(report.signatures[0]?.digestAlgorithm).toBe(digest)
    expect(report.chain.map((c) => c.source)).toEqual(['signature', 'signature'])
    expect(report.chain[1]?.anchor).toBe('trusted')
  })

  it('carries the shapes it claims: PSS parameters, BER indefinite lengths, a key-id signer', () => {
    const der = (name: string): Buffer => fixtures.get(name)!.cms
    // id-RSASSA-PSS as the signer's signature algorithm.
    expect(der('rsa-pss').includes(Buffer.from('06092a864886f70d01010a', 'hex'))).toBe(true)
    // Indefinite lengths, and no embedded copy of the document left.
    expect(der('ber-stream').subarray(0, 2).toString('hex')).toBe('3080')
    expect(cmsParts(der('ber-stream')).encapsulated.valueBlock.value).toHaveLength(1)
    // [0] subjectKeyIdentifier rather than an IssuerAndSerialNumber sequence.
    const sid = cmsParts(der('keyid')).signerId.idBlock
    expect([sid.tagClass, sid.tagNumber]).toEqual([3, 0])
    expect(cmsParts(der('ec')).signerId.idBlock.tagNumber).toBe(16)
  })

  it('refuses a streamed signature that still embeds the document (not detached)', async () => {
    const report = await verifyPdf(fixtures.get('ber-embedded')!.pdf, trust())
    expect(codes(report)).toEqual([VERIFY_CODE.CMS_NOT_DETACHED])
    expect(report.status).toBe('invalid')
  })

  it('reports the signer unknown without the root, naming the root to compare', async () => {
    const report = await verifyPdf(fixtures.get('ec')!.pdf)
    expect(report.status).toBe('valid')
    expect(report.trust).toBe('unknown')
    expect(report.chain[1]?.subject).toBe('CN=Foreign Root CA, O=Elsewhere Ltd')
    expect(report.chain[1]?.selfSigned).toBe(true)
  })

  it('goes through `handover verify` as a founder would run it', async () => {
    const file = path.join(dir, 'foreign-ec.pdf')
    writeFileSync(file, fixtures.get('ec')!.pdf)
    const ours = await cli(['verify', file, '--trust', root.cert])
    expect(ours.code, ours.stderr).toBe(0)
    expect(ours.stdout).toMatch(/^Signature valid\.$/m)
    expect(ours.stdout).toContain('Signed by Erin Elliptic <erin@elsewhere.test>.')
    expect(ours.stdout).toContain('chains to your trusted root "CN=Foreign Root CA, O=Elsewhere Ltd"')
    const tampered = path.join(dir, 'foreign-ec-tampered.pdf')
    writeFileSync(tampered, withCms(fixtures.get('ec')!.pdf, tamperSignatureValue(fixtures.get('ec')!.cms)))
    const refused = await cli(['verify', tampered, '--trust', root.cert])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/^Signature NOT valid\.$/m)
  })

  it('agrees with pdfsig on the foreign EC signature', () => {
    const file = path.join(dir, 'foreign-ec-pdfsig.pdf')
    writeFileSync(file, fixtures.get('ec')!.pdf)
    const out = pdfsig(file, newNssDb(path.join(dir, 'nss'), root.pem))
    expect(out).toContain('Signature is Valid.')
    expect(out).toContain('Total document signed')
    expect(out).toContain('Certificate is Trusted.')
  })

  const TAMPERED = ['ec', 'rsa-pss', 'ber-stream', 'keyid'] as const

  it.each(TAMPERED)('reports one changed byte of the %s document as tampered', async (name) => {
    const report = await verifyPdf(flipContentByte(fixtures.get(name)!.pdf), trust())
    expect(codes(report)).toEqual([VERIFY_CODE.DIGEST_MISMATCH])
    expect(report.status).toBe('tampered')
  })

  it.each(TAMPERED)('reports one changed byte of the %s signed attributes as invalid', async (name) => {
    const { pdf, cms } = fixtures.get(name)!
    const report = await verifyPdf(withCms(pdf, tamperSignedAttribute(cms)), trust())
    expect(codes(report)).toEqual([VERIFY_CODE.SIGNATURE_MISMATCH])
    expect(report.status).toBe('invalid')
  })

  it.each(TAMPERED)('reports one changed byte of the %s signature value as invalid', async (name) => {
    const { pdf, cms } = fixtures.get(name)!
    const report = await verifyPdf(withCms(pdf, tamperSignatureValue(cms)), trust())
    expect(codes(report)).toEqual([VERIFY_CODE.SIGNATURE_MISMATCH])
  })

  it.each(['ec', 'rsa-pss', 'keyid'] as const)(
    'reports the %s signer certificate swapped for a forged twin as invalid',
    async (name) => {
      const { pdf, cms, signer } = fixtures.get(name)!
      const twin = twins.get(name)!
      const report = await verifyPdf(withCms(pdf, swapCertificate(cms, signer.pem, twin)), trust())
      expect(codes(report)).toEqual([VERIFY_CODE.SIGNATURE_MISMATCH])
      expect(report.signer?.certificateFingerprint).not.toBe(undefined)
      expect(report.trust).toBe('unknown')
    },
  )

  describe("Ed25519 from the JDK (CMS level: jarsigner signs the jar's signature file)", () => {
    let cms: Buffer
    let content: Buffer

    beforeAll(() => {
      const ed = pki.issue('ed25519', '/CN=Eddie Edwards', root, { type: 'ed25519' })
      const p12 = path.join(dir, 'ed.p12')
      execFileSync(
        'openssl',
        [
          'pkcs12',
          '-export',
          '-inkey',
          ed.key,
          '-in',
          ed.cert,
          '-certfile',
          root.cert,
          '-name',
          'eddie',
          '-out',
          p12,
          '-passout',
          'pass:jdk-pass',
        ],
        { stdio: 'ignore' },
      )
      const jarDir = path.join(dir, 'jar')
      execFileSync('sh', ['-c', `mkdir -p "${jarDir}" && printf 'handover pack\\n' > "${jarDir}/pack.txt"`])
      const jar = path.join(dir, 'pack.jar')
      execFileSync('jar', ['cf', jar, '-C', jarDir, 'pack.txt'], { stdio: 'ignore' })
      execFileSync(
        'jarsigner',
        [
          '-keystore',
          p12,
          '-storetype',
          'PKCS12',
          '-storepass',
          'jdk-pass',
          '-sigalg',
          'Ed25519',
          jar,
          'eddie',
        ],
        { stdio: 'ignore' },
      )
      const out = path.join(dir, 'unjar')
      execFileSync('sh', ['-c', `mkdir -p "${out}" && cd "${out}" && jar xf "${jar}" META-INF`])
      const meta = path.join(out, 'META-INF')
      const files = readdirSync(meta)
      cms = readFileSync(
        path.join(
          meta,
          files.find((f) => f.endsWith('.EC'))!,
        ),
      )
      content = readFileSync(
        path.join(
          meta,
          files.find((f) => f.endsWith('.SF'))!,
        ),
      )
    })

    it('verifies as valid and trusted, with a SHA-512 digest', async () => {
      const report = await verifyDetachedCms(cms, content, trust())
      expect(codes(report)).toEqual([])
      expect(report.signer?.name).toBe('Eddie Edwards')
      expect(report.digestAlgorithm).toBe('sha512')
      expect(report.trust).toBe('trusted')
    })

    it('refuses its tampered copies: content, signed attribute, signature value', async () => {
      const changed = Buffer.from(content)
      changed[3]! ^= 0x01
      expect(codes(await verifyDetachedCms(cms, changed, trust()))).toEqual([VERIFY_CODE.DIGEST_MISMATCH])
      expect(codes(await verifyDetachedCms(tamperSignedAttribute(cms), content, trust()))).toEqual([
        VERIFY_CODE.SIGNATURE_MISMATCH,
      ])
      expect(codes(await verifyDetachedCms(tamperSignatureValue(cms), content, trust()))).toEqual([
        VERIFY_CODE.SIGNATURE_MISMATCH,
      ])
    })
  })
})
