// What the verifier reads from an X.509 certificate, through pkijs' parsed form: names, dates, the extensions
// path validation needs, and the exact bytes for fingerprints.
import { createHash } from 'node:crypto'
import * as asn1js from 'asn1js'
import {
  AltName,
  BasicConstraints,
  Certificate,
  ExtKeyUsage,
  type Extension,
  type RelativeDistinguishedNames,
} from 'pkijs'

/** Extension OIDs (RFC 5280 §4.2). */
export const EXTENSION = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
} as const

const NAME_TYPES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'emailAddress',
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const

/** A key-usage bit name (RFC 5280 §4.2.1.3). */
type KeyUsageBit = (typeof KEY_USAGE_BITS)[number]

const ders = new WeakMap<Certificate, Buffer>()

/** Parses one DER certificate, or undefined when the bytes are not one. */
export function readCertificate(der: Uint8Array): Certificate | undefined {
  try {
    const cert = Certificate.fromBER(new Uint8Array(der))
    ders.set(cert, Buffer.from(der))
    return cert
  } catch {
    // pkijs throws on anything that is not a certificate: it then simply is not one.
    return undefined
  }
}

/** The certificate's encoding (as read; pkijs keeps the signed part byte for byte). */
function derOf(cert: Certificate): Buffer {
  let der = ders.get(cert)
  if (!der) {
    der = Buffer.from(cert.toSchema(false).toBER(false))
    ders.set(cert, der)
  }
  return der
}

/** SHA-256 of the certificate, hex. */
export function fingerprintOf(cert: Certificate): string {
  return createHash('sha256').update(derOf(cert)).digest('hex')
}

/** Whether two parsed certificates are the same certificate, byte for byte. */
export function sameCertificate(a: Certificate, b: Certificate): boolean {
  return a === b || derOf(a).equals(derOf(b))
}

/** The exact DER of the issuer name, as a CMS signer must repeat it. */
export function issuerDerOf(cert: Certificate): Buffer {
  return Buffer.from(cert.issuer.valueBeforeDecode)
}

/** Serial number as encoded, hex. */
export function serialHexOf(cert: Certificate): string {
  return Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex')
}

/** "CN=…, O=…" in certificate order, for people to read. */
export function nameText(name: RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_TYPES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
    .join(', ')
}

/** The first value of one attribute type ("CN", "O", "emailAddress"). */
export function nameValue(name: RelativeDistinguishedNames, type: string): string | undefined {
  const tv = name.typesAndValues.find((t) => (NAME_TYPES[t.type] ?? t.type) === type)
  return tv ? String(tv.value.valueBlock.value) : undefined
}

/** The extension with this OID, if the certificate has it. */
function extensionOf(cert: Certificate, oid: string): Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)
}

/** E-mail addresses: the subject's emailAddress first, then the rfc822Name alternative names. */
export function emailsOf(cert: Certificate): string[] {
  const out: string[] = []
  const inSubject = nameValue(cert.subject, 'emailAddress')
  if (inSubject) out.push(inSubject)
  const san = extensionOf(cert, EXTENSION.subjectAltName)?.parsedValue
  if (san instanceof AltName) {
    for (const n of san.altNames)
      if (n.type === 1 && !out.includes(String(n.value))) out.push(String(n.value))
  }
  return out
}

/** Named key-usage bits, or undefined when the extension is absent (any use allowed). */
export function keyUsageOf(cert: Certificate): Set<KeyUsageBit> | undefined {
  const value = extensionOf(cert, EXTENSION.keyUsage)?.parsedValue
  if (!(value instanceof asn1js.BitString)) return undefined
  const bytes = value.valueBlock.valueHexView
  return new Set(KEY_USAGE_BITS.filter((_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0))
}

/** Extended key-usage purposes (OIDs), or undefined when the extension is absent. */
export function extendedKeyUsageOf(cert: Certificate): string[] | undefined {
  const value = extensionOf(cert, EXTENSION.extKeyUsage)?.parsedValue
  return value instanceof ExtKeyUsage ? value.keyPurposes : undefined
}

/** Basic constraints: whether the certificate is a CA, and its path length limit if it sets one. */
export function basicConstraintsOf(cert: Certificate): { ca: boolean; pathLength: number | undefined } {
  const value = extensionOf(cert, EXTENSION.basicConstraints)?.parsedValue
  if (!(value instanceof BasicConstraints)) return { ca: false, pathLength: undefined }
  const limit = value.pathLenConstraint
  return {
    ca: value.cA === true,
    pathLength: limit instanceof asn1js.Integer ? limit.valueBlock.valueDec : limit,
  }
}

/** The subjectKeyIdentifier extension's key id. */
export function subjectKeyIdOf(cert: Certificate): Uint8Array | undefined {
  const value = extensionOf(cert, EXTENSION.subjectKeyIdentifier)?.parsedValue
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView : undefined
}

/** All certificates in a PEM text (one or several blocks), as DER. */
export function certificatesFromPem(pem: string): Buffer[] {
  const out: Buffer[] = []
  for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'))
  }
  return out
}

/** Colon-separated upper-case hex, as certificate viewers show fingerprints. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':')
}
