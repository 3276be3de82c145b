// CMS SignedData (RFC 5652) as PDF signatures use it — detached content, signed attributes, embedded
// certificates — read by asn1js (DER or BER) and checked by pkijs over the signed attributes' original bytes.
import { createHash } from 'node:crypto'
import * as asn1js from 'asn1js'
import {
  Certificate,
  ContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  type Attribute,
  type SignerInfo,
} from 'pkijs'
import { VERIFY_CODE, reason, type VerifyReason } from './codes'
import { subjectKeyIdOf } from './certificate'
import { ED25519, verifierCrypto } from './crypto-engine'

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const

/** WebCrypto hash names accepted for signatures; SHA-1 and MD5 are known only to be refused. */
const ACCEPTED_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512'])

/** node:crypto's name for a WebCrypto hash name: "SHA-256" → "sha256". */
const nodeHash = (name: string): string => name.toLowerCase().replace('-', '')

/** What the signature check found: its reasons against, and the facts the report shows. */
interface CmsCheck {
  reasons: VerifyReason[]
  /** The certificates carried in the signature. */
  certificates: Certificate[]
  signer?: Certificate
  /** Node hash name of the digest algorithm ("sha256"), or its OID when unknown. */
  digestAlgorithm?: string
  /** The signer's claimed signing time, from the signed attributes. */
  signingTime?: Date
}

/** A parsed SignedData with its single signer, or the reason it cannot be read. */
type Parsed =
  { ok: true; signedData: SignedData; signerInfo: SignerInfo } | { ok: false; reason: VerifyReason }

function parse(der: Uint8Array): Parsed {
  const malformed = (why: string): Parsed => ({
    ok: false,
    reason: reason(VERIFY_CODE.CMS_MALFORMED, `The signature value is not valid CMS: ${why}.`),
  })
  // Only the first element counts: PDF signature values are padded with zeros after it.
  const asn = asn1js.fromBER(der)
  if (asn.offset === -1) return malformed(asn.result.error || 'unreadable ASN.1')
  let info: ContentInfo
  try {
    info = new ContentInfo({ schema: asn.result })
  } catch {
    return malformed('not a CMS ContentInfo')
  }
  if (info.contentType !== OID.signedData) {
    const why = 'The signature value is not CMS SignedData.'
    return { ok: false, reason: reason(VERIFY_CODE.CMS_NOT_SIGNED_DATA, why) }
  }
  let signedData: SignedData
  try {
    signedData = new SignedData({ schema: info.content })
  } catch {
    return malformed('its SignedData does not follow RFC 5652')
  }
  const [signerInfo, ...more] = signedData.signerInfos
  if (!signerInfo || more.length > 0) {
    const why = `The signature holds ${signedData.signerInfos.length} signers; exactly one is expected.`
    return { ok: false, reason: reason(VERIFY_CODE.CMS_SIGNER_COUNT, why) }
  }
  return { ok: true, signedData, signerInfo }
}

/** The signer's certificate: by issuer and serial number, or by the subjectKeyIdentifier extension (§5.3). */
function findSigner(signerInfo: SignerInfo, certificates: Certificate[]): Certificate | undefined {
  const sid = signerInfo.sid
  if (sid instanceof IssuerAndSerialNumber) {
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber))
  }
  // [0] IMPLICIT SubjectKeyIdentifier: the octets of the primitive element, or of its one child if constructed.
  const block = sid instanceof asn1js.Constructed ? sid.valueBlock.value[0] : sid
  const keyId = block instanceof asn1js.Primitive ? Buffer.from(block.valueBlock.valueHexView) : undefined
  if (!keyId || keyId.length === 0) return undefined
  return certificates.find((c) => {
    const ski = subjectKeyIdOf(c)
    return ski !== undefined && keyId.equals(ski)
  })
}

function attribute(attrs: Attribute[] | undefined, type: string): asn1js.AsnType | undefined {
  return attrs?.find((a) => a.type === type)?.values[0]
}

function hashName(oid: string): string | undefined {
  const algorithm = verifierCrypto.getAlgorithmByOID(oid)
  return 'name' in algorithm && typeof algorithm.name === 'string' ? algorithm.name : undefined
}

/** The hash the signature algorithm signs with, when it names one; checked before pkijs is asked to verify. */
function signatureHash(signerInfo: SignerInfo, digest: string): VerifyReason | undefined {
  const algorithm = signerInfo.signatureAlgorithm
  if (algorithm.algorithmId === ED25519) return undefined
  const hash =
    algorithm.algorithmId === OID.rsaEncryption ? digest : verifierCrypto.getHashAlgorithm(algorithm)
  if (!hash) {
    const why = `The signature algorithm ${algorithm.algorithmId} is not supported.`
    return reason(VERIFY_CODE.SIGNATURE_ALGORITHM_UNSUPPORTED, why)
  }
  if (!ACCEPTED_HASHES.has(hash)) {
    const why = `The signature is made over ${hash}, which is not accepted (SHA-256 or stronger).`
    return reason(VERIFY_CODE.SIGNATURE_HASH_REFUSED, why)
  }
  return undefined
}

/** Copies the bytes into an ArrayBuffer of their own, the form pkijs takes detached content in. */
function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return copy.buffer
}

/**
 * Checks a detached CMS signature over `content` (undefined when the signed bytes are not all in the file):
 * the digest algorithm, the content-type and message-digest attributes, the signer's certificate and the
 * signature itself. Certificates and their chain are judged separately (chain.ts).
 */
export async function checkCms(der: Uint8Array, content: Uint8Array | undefined): Promise<CmsCheck> {
  const parsed = parse(der)
  if (!parsed.ok) return { reasons: [parsed.reason], certificates: [] }
  const { signedData, signerInfo } = parsed
  const certificates = (signedData.certificates ?? []).filter((c) => c instanceof Certificate)
  const signer = findSigner(signerInfo, certificates)
  const out: CmsCheck = { reasons: [], certificates, ...(signer ? { signer } : {}) }
  const problem = (code: VerifyReason['code'], message: string): CmsCheck => {
    out.reasons.push(reason(code, message))
    return out
  }
  const attrs = signerInfo.signedAttrs?.attributes
  const time = attribute(attrs, OID.signingTime)
  if (time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime)
    out.signingTime = time.toDate()

  if (signedData.encapContentInfo.eContent) {
    problem(
      VERIFY_CODE.CMS_NOT_DETACHED,
      'The signature embeds its content instead of signing the document (not detached).',
    )
  }
  const digestOid = signerInfo.digestAlgorithm.algorithmId
  const digest = hashName(digestOid)
  out.digestAlgorithm = digest ? nodeHash(digest) : digestOid
  if (!digest)
    return problem(VERIFY_CODE.DIGEST_UNSUPPORTED, `The digest algorithm ${digestOid} is not supported.`)
  if (!ACCEPTED_HASHES.has(digest)) {
    const why = `The signature uses the digest ${digest}, which is not accepted (SHA-256 or stronger).`
    return problem(VERIFY_CODE.DIGEST_REFUSED, why)
  }

  if (attrs) {
    const type = attribute(attrs, OID.contentType)
    const messageDigest = attribute(attrs, OID.messageDigest)
    if (!(type instanceof asn1js.ObjectIdentifier))
      return problem(VERIFY_CODE.CONTENT_TYPE_MISSING, 'The signed attributes carry no content type.')
    if (type.valueBlock.toString() !== signedData.encapContentInfo.eContentType)
      problem(
        VERIFY_CODE.CONTENT_TYPE_MISMATCH,
        'The signed content type does not match the signature content.',
      )
    if (!(messageDigest instanceof asn1js.OctetString))
      return problem(VERIFY_CODE.MESSAGE_DIGEST_MISSING, 'The signed attributes carry no message digest.')
    const actual = content && createHash(nodeHash(digest)).update(content).digest()
    if (actual && !actual.equals(messageDigest.valueBlock.valueHexView)) {
      const why = "The document's bytes do not match the signed digest: it was changed after signing."
      return problem(VERIFY_CODE.DIGEST_MISMATCH, why)
    }
  }
  if (!signer)
    return problem(VERIFY_CODE.SIGNER_NOT_FOUND, 'The signer certificate is not included in the signature.')
  const unsupported = signatureHash(signerInfo, digest)
  if (unsupported) return problem(unsupported.code, unsupported.message)
  if (!content) return out

  // pkijs matches a key id against SHA-1 of the key, not the certificate's subjectKeyIdentifier (RFC 5652
  // §5.3); naming the certificate found above by issuer and serial makes it check exactly that one.
  signerInfo.sid = new IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber })
  let verified = false
  try {
    const result = await signedData.verify(
      { signer: 0, data: arrayBufferOf(content), extendedMode: true, checkChain: false },
      verifierCrypto,
    )
    verified = result.signatureVerified === true
  } catch {
    // A signature value that does not even decode (or a key unfit for its algorithm) is simply not valid.
    verified = false
  }
  if (!verified) {
    problem(
      VERIFY_CODE.SIGNATURE_MISMATCH,
      "The signature does not match the signer's certificate: the signature value or its signed attributes were altered.",
    )
  }
  return out
}
