// CMS SignedData (RFC 5652) as PDF signatures use it: detached content, signed attributes, embedded certificates.
import { constants, createHash, verify as verifySignature } from 'node:crypto'
import { failure, ok, type Result } from '../../core/result'
import { parseCertificate, type CertificateFacts } from './certificate'
import {
  MalformedDer,
  TAG,
  childrenOf,
  contentOf,
  expectUniversal,
  isContext,
  oidOf,
  rawOf,
  readTlv,
  timeOf,
  type Tlv,
} from './der'

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaPss: '1.2.840.113549.1.1.10',
} as const

/** Digest algorithms by OID; SHA-1 is recognised only to be refused. */
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
}

type SignatureScheme = { kind: 'rsa' | 'ecdsa'; hash?: string } | { kind: 'ed25519' } | { kind: 'pss' }

const SIGNATURE_ALGORITHMS: Record<string, SignatureScheme> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { kind: 'pss' },
  '1.2.840.10045.2.1': { kind: 'ecdsa' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
  '1.3.101.112': { kind: 'ed25519' },
}

/** The parts of a CMS SignedData that a PDF signature check needs. */
export interface CmsSignedData {
  /** Node hash name of the digest algorithm, or the OID when unknown. */
  digestAlgorithm: string
  certificates: CertificateFacts[]
  /** Certificates in the signature that could not be read. */
  unreadableCertificates: number
  /** The signer's certificate, found by issuer and serial number or by key identifier. */
  signer: CertificateFacts | undefined
  signedAttributes:
    { der: Buffer; contentType?: string; messageDigest?: Buffer; signingTime?: Date } | undefined
  signatureAlgorithm: string
  signatureParameters: Buffer | undefined
  signature: Buffer
  /** True when the content is embedded rather than detached. */
  hasEmbeddedContent: boolean
  encapsulatedContentType: string
}

function algorithm(
  buf: Buffer,
  tlv: Tlv | undefined,
  what: string,
): { oid: string; params: Buffer | undefined } {
  const [id, params] = childrenOf(buf, expectUniversal(tlv, TAG.SEQUENCE, what))
  const hasParams = params !== undefined && !(params.cls === 0 && params.tag === TAG.NULL)
  return { oid: oidOf(buf, id!), params: hasParams ? rawOf(buf, params) : undefined }
}

function parseSignedAttributes(buf: Buffer, tlv: Tlv): NonNullable<CmsSignedData['signedAttributes']> {
  // The signature covers the attributes re-tagged as a universal SET (RFC 5652 §5.4).
  const der = Buffer.from(rawOf(buf, tlv))
  der[0] = 0x31
  const out: NonNullable<CmsSignedData['signedAttributes']> = { der }
  for (const attr of childrenOf(buf, tlv)) {
    const [type, values] = childrenOf(buf, expectUniversal(attr, TAG.SEQUENCE, 'an attribute'))
    const oid = oidOf(buf, type!)
    const first = childrenOf(buf, expectUniversal(values, TAG.SET, 'attribute values'))[0]
    if (!first) continue
    if (oid === OID.contentType) out.contentType = oidOf(buf, first)
    else if (oid === OID.messageDigest)
      out.messageDigest = contentOf(buf, expectUniversal(first, TAG.OCTET_STRING, 'a digest'))
    else if (oid === OID.signingTime) out.signingTime = timeOf(buf, first)
  }
  return out
}

function findSigner(buf: Buffer, sid: Tlv, certificates: CertificateFacts[]): CertificateFacts | undefined {
  if (isContext(sid, 0)) {
    const keyId = contentOf(buf, sid)
    return certificates.find((c) => c.subjectKeyId?.equals(keyId))
  }
  const [issuer, serial] = childrenOf(buf, expectUniversal(sid, TAG.SEQUENCE, 'an issuer and serial number'))
  const issuerDer = rawOf(buf, expectUniversal(issuer, TAG.SEQUENCE, 'an issuer name'))
  const serialBytes = contentOf(buf, expectUniversal(serial, TAG.INTEGER, 'a serial number'))
  return certificates.find((c) => c.issuerDer.equals(issuerDer) && c.serial.equals(serialBytes))
}

/** Reads a DER (or BER) CMS ContentInfo holding SignedData with one signer; trailing zero padding is ignored. */
export function parseCms(der: Buffer): Result<CmsSignedData> {
  try {
    const info = expectUniversal(readTlv(der, 0), TAG.SEQUENCE, 'a CMS ContentInfo')
    const [type, wrapped] = childrenOf(der, info)
    if (oidOf(der, type!) !== OID.signedData)
      return failure('CMS_NOT_SIGNED_DATA', 'The signature value is not CMS SignedData.')
    if (!isContext(wrapped, 0)) throw new MalformedDer('missing SignedData')
    const signedData = expectUniversal(childrenOf(der, wrapped)[0], TAG.SEQUENCE, 'SignedData')
    const parts = childrenOf(der, signedData)
    const encap = childrenOf(der, expectUniversal(parts[2], TAG.SEQUENCE, 'encapsulated content info'))
    const certificates: CertificateFacts[] = []
    let unreadableCertificates = 0
    let rest = parts.slice(3)
    if (isContext(rest[0], 0)) {
      for (const c of childrenOf(der, rest[0])) {
        if (c.cls !== 0 || c.tag !== TAG.SEQUENCE) continue
        try {
          certificates.push(parseCertificate(Buffer.from(rawOf(der, c))))
        } catch (err) {
          if (!(err instanceof MalformedDer)) throw err
          unreadableCertificates++
        }
      }
      rest = rest.slice(1)
    }
    if (isContext(rest[0], 1)) rest = rest.slice(1)
    const signerInfos = childrenOf(der, expectUniversal(rest[0], TAG.SET, 'signer infos'))
    if (signerInfos.length !== 1) {
      return failure(
        'CMS_SIGNER_COUNT',
        `The signature holds ${signerInfos.length} signers; exactly one is expected.`,
      )
    }
    const info0 = childrenOf(der, expectUniversal(signerInfos[0], TAG.SEQUENCE, 'a signer info'))
    let i = 1
    const sid = info0[i++]!
    const digest = algorithm(der, info0[i++], 'a digest algorithm')
    let signedAttributes: CmsSignedData['signedAttributes']
    if (isContext(info0[i], 0)) signedAttributes = parseSignedAttributes(der, info0[i++]!)
    const sigAlg = algorithm(der, info0[i++], 'a signature algorithm')
    const signature = contentOf(der, expectUniversal(info0[i++], TAG.OCTET_STRING, 'a signature value'))
    return ok({
      digestAlgorithm: DIGESTS[digest.oid] ?? digest.oid,
      certificates,
      unreadableCertificates,
      signer: findSigner(der, sid, certificates),
      signedAttributes,
      signatureAlgorithm: sigAlg.oid,
      signatureParameters: sigAlg.params,
      signature,
      hasEmbeddedContent: isContext(encap[1], 0),
      encapsulatedContentType: oidOf(der, encap[0]!),
    })
  } catch (err) {
    if (err instanceof MalformedDer)
      return failure('CMS_MALFORMED', `The signature value is not valid CMS: ${err.message}.`)
    throw err
  }
}

/** Whether the digest algorithm is one we accept for new signatures. */
export function isAcceptedDigest(name: string): boolean {
  return ['sha256', 'sha384', 'sha512'].includes(name)
}

/** Hash of the given byte chunks with a node hash name. */
export function digestOf(algorithm: string, chunks: Buffer[]): Buffer {
  const hash = createHash(algorithm)
  for (const c of chunks) hash.update(c)
  return hash.digest()
}

function pssOptions(params: Buffer | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1'
  let saltLength = 20
  if (params) {
    for (const field of childrenOf(
      params,
      expectUniversal(readTlv(params, 0), TAG.SEQUENCE, 'PSS parameters'),
    )) {
      const inner = childrenOf(params, field)[0]
      if (isContext(field, 0) && inner)
        hash = DIGESTS[oidOf(params, childrenOf(params, inner)[0]!)] ?? 'unknown'
      if (isContext(field, 2) && inner)
        saltLength = contentOf(params, inner).readUIntBE(
          0,
          Math.min(6, inner.contentEnd - inner.contentStart),
        )
    }
  }
  return { hash, saltLength }
}

/**
 * Checks the signer's signature: over the signed attributes when present, else over the content itself.
 * Returns false for a wrong signature and for algorithms it cannot check; `reason` says which.
 */
export function checkSignerSignature(
  cms: CmsSignedData,
  content: Buffer[],
): { valid: boolean; reason?: string } {
  if (!cms.signer) return { valid: false, reason: 'the signer certificate is not included in the signature' }
  const scheme = SIGNATURE_ALGORITHMS[cms.signatureAlgorithm]
  if (!scheme)
    return { valid: false, reason: `the signature algorithm ${cms.signatureAlgorithm} is not supported` }
  const data = cms.signedAttributes ? cms.signedAttributes.der : Buffer.concat(content)
  const key = cms.signer.x509.publicKey
  try {
    if (scheme.kind === 'ed25519') return { valid: verifySignature(null, data, key, cms.signature) }
    if (scheme.kind === 'pss') {
      const { hash, saltLength } = pssOptions(cms.signatureParameters)
      const padding = constants.RSA_PKCS1_PSS_PADDING
      return { valid: verifySignature(hash, data, { key, padding, saltLength }, cms.signature) }
    }
    const hash = scheme.hash ?? cms.digestAlgorithm
    if (!isAcceptedDigest(hash))
      return { valid: false, reason: `the signature uses ${hash}, which is not accepted` }
    const options = scheme.kind === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : { key }
    return { valid: verifySignature(hash, data, options, cms.signature) }
  } catch (err) {
    // A key that does not fit the algorithm, or malformed parameters: the signature cannot be valid.
    const why = err instanceof Error ? err.message : String(err)
    return { valid: false, reason: `the signature could not be checked (${why})` }
  }
}
