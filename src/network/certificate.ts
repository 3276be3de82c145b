// What a certificate and a finished handshake show, read defensively: a valid certificate may lack a subject
// (RFC 5280 §4.1.2.6, SAN critical) or a SAN, and neither may crash the audit.
import tls from 'node:tls'
import { X509Certificate } from 'node:crypto'
import forge from 'node-forge'

/** A certificate as seen in a handshake. */
export interface CertificateFacts {
  /** The subject DN, `''` when the certificate has an empty subject. */
  subject: string
  commonName?: string
  subjectAltNames: string[]
  issuer: string
  issuerOrganization?: string
  issuerCommonName?: string
  notBefore: string
  notAfter: string
  serialNumber: string
  fingerprint256: string
  selfSigned: boolean
  isCA: boolean
  keyType?: string
  keyBits?: number
  lifetimeDays: number
  /** The signature algorithm, e.g. `sha256WithRSAEncryption` (read from the DER; Node 20 does not expose it). */
  signatureAlgorithm?: string
  /** The digest of that signature: `sha1`, `sha256`, `md5`…; absent for Ed25519 or an unknown algorithm. */
  signatureHash?: string
}

/** Why the leaf does not cover the host: no SAN at all (the CN is never used), or no SAN that matches. */
export type HostnameCode = 'NO_SAN' | 'NAME_MISMATCH'

/** What a completed TLS handshake showed. */
export interface TlsFacts {
  protocol: string | null
  cipher: string
  alpn: string | false | null
  authorized: boolean
  /** OpenSSL's verification error code, when the chain is not trusted. */
  authorizationError?: string
  /** Set when the leaf does not cover the host name. */
  hostnameError?: string
  /** The reason behind `hostnameError`. */
  hostnameCode?: HostnameCode
  /**
   * Only when not authorized: whether the presented chain still reaches a trusted root by its signatures alone.
   * True means the chain is sound and the refusal is a policy of the verifier (a SHA-1 digest, a small key).
   */
  reachesTrustedRoot?: boolean
  chain: CertificateFacts[]
}

/** Fields of a DN as Node prints it (`CN=x\nO=y`); an empty subject is `undefined` in Node 20. */
function field(dn: string | undefined, key: string): string | undefined {
  return (dn ?? '')
    .split('\n')
    .map((line) => line.split('='))
    .find(([k]) => k === key)?.[1]
}

const oneLine = (dn: string | undefined): string => (dn ?? '').replace(/\n/g, ', ')

const SIGNATURES: Record<string, { name: string; hash?: string }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'sha256' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
}

/** The outer signatureAlgorithm of a DER certificate (RFC 5280 §4.1.1.2), or undefined when unreadable. */
export function signatureOf(der: Buffer): { name: string; hash?: string } | undefined {
  try {
    const root = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false)
    const parts = root.value as forge.asn1.Asn1[]
    const algorithm = (parts[1]?.value as forge.asn1.Asn1[] | undefined)?.[0]
    if (!algorithm || typeof algorithm.value !== 'string') return undefined
    const oid = forge.asn1.derToOid(algorithm.value)
    return SIGNATURES[oid] ?? { name: oid }
  } catch {
    return undefined
  }
}

function curveBits(curve: string): number | undefined {
  const m = /(\d{3})/.exec(curve)
  return m ? Number(m[1]) : undefined
}

/** Plain facts of one DER certificate; never throws on a certificate Node could parse. */
export function certificateFacts(der: Buffer): CertificateFacts {
  const cert = new X509Certificate(der)
  const notBefore = new Date(cert.validFrom)
  const notAfter = new Date(cert.validTo)
  const details = cert.publicKey.asymmetricKeyDetails
  let selfSigned = false
  try {
    selfSigned = (cert.subject ?? '') === (cert.issuer ?? '') && cert.verify(cert.publicKey)
  } catch {
    // an unverifiable signature is simply not a self-signature
  }
  const signature = signatureOf(der)
  const facts: CertificateFacts = {
    subject: oneLine(cert.subject),
    subjectAltNames: (cert.subjectAltName ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    issuer: oneLine(cert.issuer),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned,
    isCA: cert.ca,
    lifetimeDays: Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000),
  }
  const optional: Partial<CertificateFacts> = {
    commonName: field(cert.subject, 'CN'),
    issuerOrganization: field(cert.issuer, 'O'),
    issuerCommonName: field(cert.issuer, 'CN'),
    keyType: cert.publicKey.asymmetricKeyType,
    keyBits: details?.modulusLength ?? (details?.namedCurve ? curveBits(details.namedCurve) : undefined),
    signatureAlgorithm: signature?.name,
    signatureHash: signature?.hash,
  }
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(facts, { [k]: v })
  return facts
}

/**
 * Whether the leaf covers `host`, by its subjectAltNames only: browsers and the CA/Browser Forum ignore the CN,
 * while Node's checkServerIdentity falls back to it when a certificate has no SAN.
 */
export function hostnameProblem(
  host: string,
  peer: tls.PeerCertificate,
): { code: HostnameCode; message: string } | undefined {
  if (!peer.subjectaltname) {
    const cn = peer.subject?.CN
    return {
      code: 'NO_SAN',
      message: `the certificate has no subjectAltName, and names are matched against SANs only${cn ? ` (its CN "${String(cn)}" is ignored, as browsers ignore it)` : ''}`,
    }
  }
  const err = tls.checkServerIdentity(host, peer)
  return err ? { code: 'NAME_MISMATCH', message: err.message } : undefined
}

let anchors: X509Certificate[] | undefined

function parsedAnchors(extraCa: readonly string[]): X509Certificate[] {
  anchors ??= tls.rootCertificates.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)]
    } catch {
      return []
    }
  })
  const extra = extraCa.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)]
    } catch {
      return []
    }
  })
  return [...anchors, ...extra]
}

const issued = (child: X509Certificate, parent: X509Certificate): boolean => {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey)
  } catch {
    return false
  }
}

/**
 * Walks the presented chain by signatures (no digest or key-size policy) and says whether it ends at a trust
 * anchor: the system roots plus the engagement's extra CA.
 */
export function chainReachesAnchor(chain: readonly Buffer[], extraCa: readonly string[]): boolean {
  const certs = chain.map((der) => new X509Certificate(der))
  const trusted = parsedAnchors(extraCa)
  const isAnchor = (c: X509Certificate): boolean => trusted.some((a) => a.fingerprint256 === c.fingerprint256)
  for (let i = 0; i < certs.length; i++) {
    const cert = certs[i]!
    if (isAnchor(cert)) return true
    if (trusted.some((a) => issued(cert, a))) return true
    const next = certs[i + 1]
    if (!next || !issued(cert, next)) return false
  }
  return false
}

/** Reads protocol, cipher, trust and the whole presented chain from a finished handshake. */
export function tlsFacts(socket: tls.TLSSocket, host: string, extraCa: readonly string[] = []): TlsFacts {
  const peer = socket.getPeerCertificate(true)
  const chain: CertificateFacts[] = []
  const ders: Buffer[] = []
  const seen = new Set<string>()
  let current: tls.DetailedPeerCertificate | undefined =
    peer && Object.keys(peer).length > 0 ? peer : undefined
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256)
    ders.push(current.raw)
    chain.push(certificateFacts(current.raw))
    current = current.issuerCertificate
  }
  const name = peer?.raw ? hostnameProblem(host, peer) : undefined
  const authError = socket.authorizationError as unknown
  const facts: TlsFacts = {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? '',
    alpn: socket.alpnProtocol,
    authorized: socket.authorized,
    chain,
  }
  if (authError)
    facts.authorizationError =
      typeof authError === 'string' ? authError : String((authError as Error).message ?? authError)
  if (name) {
    facts.hostnameError = name.message
    facts.hostnameCode = name.code
  }
  if (!socket.authorized && ders.length > 0) facts.reachesTrustedRoot = chainReachesAnchor(ders, extraCa)
  return facts
}
