// One foreign fixture per verification rule, each next to a control that passes, so that a wrong rule fails a
// test either way: digest and signature hashes, signer lookup among decoys, and the RFC 5280 chain rules.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as asn1js from 'asn1js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Certificate } from 'pkijs'
import { nameText } from '../../src/report/sign/certificate'
import { VERIFY_CODE, type VerifyCode } from '../../src/report/sign/codes'
import { verifyPdf, type VerifyOptions, type VerifyReport } from '../../src/report/sign/verify'
import {
  CA_EXTENSIONS,
  OpenSslPki,
  SIGNER_EXTENSIONS,
  flipContentByte,
  testPdf,
  signWithCms,
  withCms,
  type CmsOptions,
  type Issued,
} from '../helpers/pdf'
import { haveTools } from '../helpers/tools'

const DAY = 86_400_000
const codes = (report: VerifyReport): VerifyCode[] => report.reasons.map((r) => r.code)

/** Extensions with one line replaced (by key) or added. */
function withExtension(base: string[], line: string): string[] {
  const key = line.slice(0, line.indexOf('='))
  return base.some((e) => e.startsWith(`${key}=`))
    ? base.map((e) => (e.startsWith(`${key}=`) ? line : e))
    : [...base, line]
}

/** The CMS after `change` edits its SignedData in place; asn1js re-encodes the lengths around the edit. */
function cmsWith(cms: Buffer, change: (signedData: asn1js.Sequence) => void): Buffer {
  const root = asn1js.fromBER(new Uint8Array(cms)).result as asn1js.Sequence
  expect(Buffer.from(root.toBER()).equals(cms)).toBe(true) // nothing but the edit changes
  change((root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence)
  return Buffer.from(root.toBER())
}

/** The CMS with its signer's signature algorithm OID replaced. */
function relabelSignatureAlgorithm(cms: Buffer, oid: string): Buffer {
  return cmsWith(cms, (sd) => {
    const signerInfos = sd.valueBlock.value[sd.valueBlock.value.length - 1] as asn1js.Set
    const fields = (signerInfos.valueBlock.value[0] as asn1js.Sequence).valueBlock.value
    const algorithm = fields[fields.length - 2] as asn1js.Sequence
    algorithm.valueBlock.value[0] = new asn1js.ObjectIdentifier({ value: oid })
  })
}

/** "subject|issuer" of each certificate the CMS carries, in its order. */
function certificateOrder(cms: Buffer): string[] {
  const root = asn1js.fromBER(new Uint8Array(cms)).result as asn1js.Sequence
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence
  const set = sd.valueBlock.value.find((p) => p.idBlock.tagClass === 3 && p.idBlock.tagNumber === 0)
  return (set as asn1js.Constructed).valueBlock.value.map((c) => {
    const cert = Certificate.fromBER(new Uint8Array(c.toBER()))
    return `${nameText(cert.subject)}|${nameText(cert.issuer)}`
  })
}

describe.skipIf(!haveTools('verifier rules (openssl)', 'openssl'))('each verification rule', () => {
  let dir: string
  let pki: OpenSslPki
  let root: Issued
  const trust = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({
    trustedRootsPem: [root.pem],
    ...extra,
  })

  async function signed(signer: Issued, options: CmsOptions = {}): Promise<{ pdf: Buffer; cms: Buffer }> {
    let cms: Buffer = Buffer.alloc(0)
    const pdf = await signWithCms(await testPdf(), (bytes) => {
      cms = pki.cms(bytes, signer, { certfile: [root], ...options })
      return cms
    })
    return { pdf, cms }
  }

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'handover-rules-'))
    pki = new OpenSslPki(dir)
    root = pki.ca('root', '/CN=Rules Root CA')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  describe('hash algorithms', () => {
    it('refuses a SHA-1 digest that would otherwise verify', async () => {
      const signer = pki.issue('sha1', '/CN=Old Hash', root)
      const report = await verifyPdf((await signed(signer, { md: 'sha1' })).pdf, trust())
      expect(codes(report)).toEqual([VERIFY_CODE.DIGEST_REFUSED])
      expect(report.signatures[0]?.digestAlgorithm).toBe('sha1')
    })

    it('computes the message digest with the signer’s own algorithm (SHA-512)', async () => {
      const signer = pki.issue('sha512', '/CN=Long Hash', root)
      const report = await verifyPdf((await signed(signer, { md: 'sha512' })).pdf, trust())
      expect(codes(report)).toEqual([])
      expect(report.signatures[0]?.digestAlgorithm).toBe('sha512')
    })

    it('refuses a signature algorithm that names SHA-1, before asking pkijs', async () => {
      const signer = pki.issue('relabel', '/CN=Relabelled', root)
      const { pdf, cms } = await signed(signer)
      const sha1 = relabelSignatureAlgorithm(cms, '1.2.840.10045.4.1') // ecdsa-with-SHA1
      expect(codes(await verifyPdf(withCms(pdf, sha1), trust()))).toEqual([
        VERIFY_CODE.SIGNATURE_HASH_REFUSED,
      ])
      const unknown = relabelSignatureAlgorithm(cms, '1.2.3.4.5')
      expect(codes(await verifyPdf(withCms(pdf, unknown), trust()))).toEqual([
        VERIFY_CODE.SIGNATURE_ALGORITHM_UNSUPPORTED,
      ])
      // Relabelled as SHA-384 the algorithm is accepted, and the signature (made over SHA-256) fails.
      const other = relabelSignatureAlgorithm(cms, '1.2.840.10045.4.3.3')
      expect(codes(await verifyPdf(withCms(pdf, other), trust()))).toEqual([VERIFY_CODE.SIGNATURE_MISMATCH])
    })
  })

  describe('signer lookup', () => {
    it('finds the signer by issuer and serial among decoys sharing its issuer or its serial number', async () => {
      const signer = pki.issue('real', '/CN=Real Signer', root)
      // Short names make short certificates, which DER's sorted SET OF puts before the signer's.
      const sameIssuer = pki.issue('decoy-issuer', '/CN=D', root)
      const otherCa = pki.ca('other-ca', '/CN=O')
      const sameSerial = pki.issue('decoy-serial', '/CN=D', otherCa, { serial: signer.serial })
      const { pdf, cms } = await signed(signer, { certfile: [sameIssuer, sameSerial, root] })
      const order = certificateOrder(cms)
      const at = order.indexOf('CN=Real Signer|CN=Rules Root CA')
      expect(order.indexOf('CN=D|CN=Rules Root CA')).toBeLessThan(at)
      expect(order.indexOf('CN=D|CN=O')).toBeLessThan(at)
      const report = await verifyPdf(pdf, trust())
      expect(codes(report)).toEqual([])
      expect(report.signer?.name).toBe('Real Signer')
    })

    it('refuses a signature whose signed content type differs from the content it claims', async () => {
      const signer = pki.issue('ctype', '/CN=Content Type', root)
      const { pdf, cms } = await signed(signer)
      // eContentType is not signed: relabelling it leaves the signature intact but contradicts the attribute.
      const relabelled = cmsWith(cms, (sd) => {
        const encapsulated = sd.valueBlock.value[2] as asn1js.Sequence
        encapsulated.valueBlock.value[0] = new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.5' })
      })
      expect(codes(await verifyPdf(withCms(pdf, relabelled), trust()))).toEqual([
        VERIFY_CODE.CONTENT_TYPE_MISMATCH,
      ])
    })

    it('finds the signer by subjectKeyIdentifier among certificates with other key ids', async () => {
      const signer = pki.issue('by-keyid', '/CN=Key Id Signer', root)
      const decoy = pki.issue('decoy-keyid', '/CN=Key Id Decoy', root)
      const { pdf } = await signed(signer, { keyid: true, certfile: [decoy, root] })
      const report = await verifyPdf(pdf, trust())
      expect(codes(report)).toEqual([])
      expect(report.signer?.name).toBe('Key Id Signer')
    })

    it('says so when the signer certificate is not in the signature', async () => {
      const signer = pki.issue('absent', '/CN=Absent Signer', root)
      const { pdf, cms } = await signed(signer)
      // Drop every certificate: the CMS names a signer it no longer carries.
      const bare = cmsWith(cms, (sd) => {
        sd.valueBlock.value = sd.valueBlock.value.filter(
          (p) => !(p.idBlock.tagClass === 3 && p.idBlock.tagNumber === 0),
        )
      })
      const report = await verifyPdf(withCms(pdf, bare), trust())
      expect(codes(report)).toEqual([VERIFY_CODE.SIGNER_NOT_FOUND])
      expect(report.signer).toBeUndefined()
    })
  })

  describe('chain rules', () => {
    /** root (its path length given) → intermediate CA → signer, all carried in the signature. */
    async function threeLevels(name: string, pathLength: number | undefined, intermediate = CA_EXTENSIONS) {
      const top = pki.ca(
        `${name}-root`,
        `/CN=${name} Root`,
        pathLength === undefined
          ? CA_EXTENSIONS
          : withExtension(CA_EXTENSIONS, `basicConstraints=critical,CA:TRUE,pathlen:${pathLength}`),
      )
      const middle = pki.issue(`${name}-ica`, `/CN=${name} Intermediate`, top, { extensions: intermediate })
      const leaf = pki.issue(`${name}-leaf`, `/CN=${name} Signer`, middle)
      let cms: Buffer = Buffer.alloc(0)
      const pdf = await signWithCms(await testPdf(), (bytes) => {
        cms = pki.cms(bytes, leaf, { certfile: [top, middle] })
        return cms
      })
      return verifyPdf(pdf, { trustedRootsPem: [top.pem] })
    }

    it('refuses an intermediate below a root that allows none (pathLen 0), and accepts it under pathLen 1', async () => {
      const refused = await threeLevels('Strict', 0)
      expect(codes(refused)).toEqual([VERIFY_CODE.CHAIN_PATH_LENGTH])
      expect(refused.trust).toBe('unknown')
      const accepted = await threeLevels('Loose', 1)
      expect(codes(accepted)).toEqual([])
      expect(accepted.trust).toBe('trusted')
      expect(accepted.chain.map((c) => c.subject)).toEqual([
        'CN=Loose Signer',
        'CN=Loose Intermediate',
        'CN=Loose Root',
      ])
    })

    it('refuses an issuer that is not a CA, or whose key usage lacks keyCertSign', async () => {
      const notCa = await threeLevels('NotCa', undefined, SIGNER_EXTENSIONS)
      expect(codes(notCa)).toEqual([VERIFY_CODE.CHAIN_ISSUER_NOT_CA])
      const noCertSign = await threeLevels(
        'NoCertSign',
        undefined,
        withExtension(CA_EXTENSIONS, 'keyUsage=critical,digitalSignature,cRLSign'),
      )
      expect(codes(noCertSign)).toEqual([VERIFY_CODE.CHAIN_ISSUER_NOT_CA])
      expect(noCertSign.trust).toBe('unknown')
    })

    it('refuses a signer whose key usage excludes signatures', async () => {
      const signer = pki.issue('ku', '/CN=Encipher Only', root, {
        extensions: withExtension(SIGNER_EXTENSIONS, 'keyUsage=critical,keyEncipherment,keyAgreement'),
      })
      // openssl cms signs with whatever certificate it is given: the key usage is the verifier's to judge.
      const report = await verifyPdf((await signed(signer)).pdf, trust())
      expect(codes(report)).toEqual([VERIFY_CODE.CERT_KEY_USAGE])
      expect(report.trust).toBe('unknown')
      const nonRepudiation = pki.issue('ku-nr', '/CN=Non Repudiation', root, {
        extensions: withExtension(SIGNER_EXTENSIONS, 'keyUsage=critical,nonRepudiation'),
      })
      expect(codes(await verifyPdf((await signed(nonRepudiation)).pdf, trust()))).toEqual([])
    })

    it('refuses a signer whose extended key usage is for TLS servers only, and accepts documentSigning', async () => {
      const server = pki.issue('eku', '/CN=Web Server', root, {
        extensions: withExtension(SIGNER_EXTENSIONS, 'extendedKeyUsage=serverAuth,clientAuth'),
      })
      const refused = await verifyPdf((await signed(server)).pdf, trust())
      expect(codes(refused)).toEqual([VERIFY_CODE.CERT_EXTENDED_KEY_USAGE])
      const documents = pki.issue('eku-doc', '/CN=Document Signer', root, {
        extensions: withExtension(SIGNER_EXTENSIONS, 'extendedKeyUsage=serverAuth,1.3.6.1.5.5.7.3.36'),
      })
      expect(codes(await verifyPdf((await signed(documents)).pdf, trust()))).toEqual([])
    })

    it('refuses a certificate with a critical extension it does not know, and ignores it when not critical', async () => {
      const critical = pki.issue('crit', '/CN=Critical Unknown', root, {
        extensions: [...SIGNER_EXTENSIONS, '1.3.6.1.4.1.55555.1=critical,ASN1:NULL'],
      })
      expect(codes(await verifyPdf((await signed(critical)).pdf, trust()))).toEqual([
        VERIFY_CODE.CERT_UNKNOWN_CRITICAL_EXTENSION,
      ])
      const plain = pki.issue('noncrit', '/CN=Plain Unknown', root, {
        extensions: [...SIGNER_EXTENSIONS, '1.3.6.1.4.1.55555.1=ASN1:NULL'],
      })
      expect(codes(await verifyPdf((await signed(plain)).pdf, trust()))).toEqual([])
      const criticalCa = await threeLevels('CritCa', undefined, [
        ...CA_EXTENSIONS,
        '1.3.6.1.4.1.55555.2=critical,ASN1:NULL',
      ])
      expect(codes(criticalCa)).toEqual([VERIFY_CODE.CERT_UNKNOWN_CRITICAL_EXTENSION])
    })

    it('judges validity at the signing time: without a signed time, at the clock it is given', async () => {
      // -noattr: no signing time, no message digest; the signature covers the document itself.
      const signer = pki.issue('dates', '/CN=Dated Signer', root)
      const { pdf } = await signed(signer, { noattr: true })
      const inside = await verifyPdf(pdf, trust({ now: new Date(Date.now() + DAY) }))
      expect(codes(inside)).toEqual([])
      expect(inside.signedAt).toBeUndefined()
      const after = await verifyPdf(pdf, trust({ now: new Date(Date.now() + 40 * DAY) }))
      expect(codes(after)).toEqual([
        VERIFY_CODE.CERT_NOT_VALID_AT_SIGNING,
        VERIFY_CODE.CERT_NOT_VALID_AT_SIGNING,
      ])
      expect(after.chain.map((c) => c.validAtSigning)).toEqual([false, false])
      const before = await verifyPdf(pdf, trust({ now: new Date(Date.now() - DAY) }))
      expect(codes(before)).toContain(VERIFY_CODE.CERT_NOT_VALID_AT_SIGNING)
      // A lone self-signed signer has no chain for pkijs to judge: the date rule is ours alone.
      const alone = pki.ca('alone', '/CN=Self Signed Signer', [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'subjectKeyIdentifier=hash',
      ])
      let cms: Buffer = Buffer.alloc(0)
      const lone = await signWithCms(
        await testPdf(),
        (bytes) => (cms = pki.cms(bytes, alone, { noattr: true })),
      )
      expect(cms.length).toBeGreaterThan(0)
      expect(codes(await verifyPdf(lone, { now: new Date(Date.now() + DAY) }))).toEqual([])
      expect(codes(await verifyPdf(lone, { now: new Date(Date.now() + 40 * DAY) }))).toEqual([
        VERIFY_CODE.CERT_NOT_VALID_AT_SIGNING,
      ])
    })

    it('without signed attributes, shows a changed document as a signature mismatch', async () => {
      const signer = pki.issue('noattr', '/CN=No Attributes', root)
      const { pdf } = await signed(signer, { noattr: true })
      expect(codes(await verifyPdf(flipContentByte(pdf), trust()))).toEqual([VERIFY_CODE.SIGNATURE_MISMATCH])
    })
  })
})
