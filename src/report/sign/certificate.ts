// What the verifier needs to know about an X.509 certificate: node:crypto checks signatures (RSA, EC, Ed25519),
// the DER reader supplies the fields node:crypto does not expose (key usage, exact names, validity as dates).
import { X509Certificate, createHash } from 'node:crypto'
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
  stringOf,
  timeOf,
  type Tlv,
} from './der'

/** One attribute of a distinguished name, in certificate order. */
export interface NameAttribute {
  type: string
  value: string
}

/** The facts about one certificate that a signature check relies on. */
export interface CertificateFacts {
  der: Buffer
  x509: X509Certificate
  subject: NameAttribute[]
  issuer: NameAttribute[]
  /** Exact DER of the subject and issuer names, for chain building and signer lookup. */
  subjectDer: Buffer
  issuerDer: Buffer
  /** Serial number content bytes, as encoded. */
  serial: Buffer
  notBefore: Date
  notAfter: Date
  ca: boolean
  /** Named key-usage bits, or undefined when the extension is absent (any use allowed). */
  keyUsage: Set<string> | undefined
  emails: string[]
  subjectKeyId: Buffer | undefined
  fingerprintSha256: string
  selfSigned: boolean
}

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
]

function parseName(buf: Buffer, name: Tlv): NameAttribute[] {
  const out: NameAttribute[] = []
  for (const rdn of childrenOf(buf, expectUniversal(name, TAG.SEQUENCE, 'a name'))) {
    for (const atv of childrenOf(buf, expectUniversal(rdn, TAG.SET, 'a relative distinguished name'))) {
      const [type, value] = childrenOf(buf, expectUniversal(atv, TAG.SEQUENCE, 'a name attribute'))
      if (!type || !value) throw new MalformedDer('incomplete name attribute')
      const oid = oidOf(buf, type)
      out.push({ type: NAME_TYPES[oid] ?? oid, value: stringOf(buf, value) })
    }
  }
  return out
}

/** "CN=…, O=…" in certificate order, for people to read. */
export function nameText(name: NameAttribute[]): string {
  return name.map((a) => `${a.type}=${a.value}`).join(', ')
}

/** The first value of one attribute type. */
export function nameValue(name: NameAttribute[], type: string): string | undefined {
  return name.find((a) => a.type === type)?.value
}

function parseKeyUsage(value: Buffer): Set<string> {
  const bits = expectUniversal(readTlv(value, 0), TAG.BIT_STRING, 'a key-usage bit string')
  const bytes = contentOf(value, bits).subarray(1)
  const out = new Set<string>()
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bytes[i >> 3]
    if (byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0) out.add(name)
  })
  return out
}

function parseEmails(value: Buffer): string[] {
  const names = expectUniversal(readTlv(value, 0), TAG.SEQUENCE, 'general names')
  // rfc822Name is [1] IMPLICIT IA5String.
  return childrenOf(value, names)
    .filter((n) => isContext(n, 1) && !n.constructed)
    .map((n) => contentOf(value, n).toString('latin1'))
}

/** Parses a DER certificate; throws MalformedDer when it is not one. */
export function parseCertificate(der: Buffer): CertificateFacts {
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(der)
  } catch (err) {
    throw new MalformedDer(`not an X.509 certificate (${err instanceof Error ? err.message : String(err)})`)
  }
  const cert = expectUniversal(readTlv(der, 0), TAG.SEQUENCE, 'a certificate')
  const tbs = expectUniversal(childrenOf(der, cert)[0], TAG.SEQUENCE, 'a to-be-signed certificate')
  const fields = childrenOf(der, tbs)
  let i = isContext(fields[0], 0) ? 1 : 0
  const serial = expectUniversal(fields[i++], TAG.INTEGER, 'a serial number')
  i++ // signature algorithm, repeated outside tbsCertificate
  const issuer = expectUniversal(fields[i++], TAG.SEQUENCE, 'an issuer name')
  const validity = childrenOf(der, expectUniversal(fields[i++], TAG.SEQUENCE, 'a validity period'))
  const subject = expectUniversal(fields[i++], TAG.SEQUENCE, 'a subject name')
  if (!validity[0] || !validity[1]) throw new MalformedDer('incomplete validity period')

  let ca = false
  let keyUsage: Set<string> | undefined
  const emails: string[] = []
  let subjectKeyId: Buffer | undefined
  const extensions = fields.find((f) => isContext(f, 3))
  if (extensions) {
    const list = expectUniversal(childrenOf(der, extensions)[0], TAG.SEQUENCE, 'extensions')
    for (const ext of childrenOf(der, list)) {
      const parts = childrenOf(der, expectUniversal(ext, TAG.SEQUENCE, 'an extension'))
      const oid = oidOf(der, parts[0]!)
      const value = contentOf(
        der,
        expectUniversal(parts[parts.length - 1], TAG.OCTET_STRING, 'an extension value'),
      )
      if (oid === '2.5.29.19') {
        const constraints = childrenOf(
          value,
          expectUniversal(readTlv(value, 0), TAG.SEQUENCE, 'basic constraints'),
        )
        const flag = constraints[0]
        ca =
          flag !== undefined && flag.cls === 0 && flag.tag === TAG.BOOLEAN && value[flag.contentStart] !== 0
      } else if (oid === '2.5.29.15') keyUsage = parseKeyUsage(value)
      else if (oid === '2.5.29.17') emails.push(...parseEmails(value))
      else if (oid === '2.5.29.14')
        subjectKeyId = contentOf(value, expectUniversal(readTlv(value, 0), TAG.OCTET_STRING, 'a key id'))
    }
  }

  const subjectNames = parseName(der, subject)
  const emailInSubject = nameValue(subjectNames, 'emailAddress')
  if (emailInSubject && !emails.includes(emailInSubject)) emails.unshift(emailInSubject)
  const subjectDer = rawOf(der, subject)
  const issuerDer = rawOf(der, issuer)
  let selfSigned = false
  if (subjectDer.equals(issuerDer)) {
    try {
      selfSigned = x509.verify(x509.publicKey)
    } catch {
      selfSigned = false
    }
  }
  return {
    der,
    x509,
    subject: subjectNames,
    issuer: parseName(der, issuer),
    subjectDer,
    issuerDer,
    serial: contentOf(der, serial),
    notBefore: timeOf(der, validity[0]),
    notAfter: timeOf(der, validity[1]),
    ca,
    keyUsage,
    emails,
    subjectKeyId,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    selfSigned,
  }
}

/** Whether `issuer` issued `cert`: names match, the issuer may sign certificates, and the signature checks out. */
export function issued(issuer: CertificateFacts, cert: CertificateFacts): boolean {
  if (!issuer.subjectDer.equals(cert.issuerDer)) return false
  if (!issuer.ca) return false
  if (issuer.keyUsage && !issuer.keyUsage.has('keyCertSign')) return false
  try {
    return cert.x509.verify(issuer.x509.publicKey)
  } catch {
    return false
  }
}

/** All certificates in a PEM text (one or several blocks). */
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
