// The signer's certificate path: built and validated by pkijs (issuer matching, certificate signatures,
// validity, CA flags, policies, name constraints), plus the RFC 5280 rules pkijs 4.0.0 leaves to its caller —
// path length, the signer's key usage and extended key usage, and critical extensions nobody here understands.
import { CertificateChainValidationEngine, type Certificate } from 'pkijs'
import { VERIFY_CODE, reason, type VerifyReason } from './codes'
import {
  EXTENSION,
  basicConstraintsOf,
  extendedKeyUsageOf,
  fingerprintOf,
  keyUsageOf,
  nameText,
  sameCertificate,
  serialHexOf,
} from './certificate'
import { verifierCrypto } from './crypto-engine'

/** A certificate the caller vouches for: a root they trust, or an identity kept on this computer. */
export interface Anchor {
  cert: Certificate
  kind: 'trusted' | 'known-identity'
}

/** Whether the signer's chain reaches a root the caller trusts, one of the known identities, or neither. */
export type Trust = 'trusted' | 'known-identity' | 'unknown'

/** One certificate of the signer's chain, signer first. */
export interface ChainCertificate {
  subject: string
  issuer: string
  serialNumber: string
  fingerprintSha256: string
  notBefore: string
  notAfter: string
  ca: boolean
  selfSigned: boolean
  /** Whether the certificate was within its validity period at the signing time. */
  validAtSigning: boolean
  /** Where the certificate came from: the signature itself, or the caller's trusted roots / known identities. */
  source: 'signature' | 'trusted-root' | 'known-identity'
  /** Set when this certificate is one of the caller's trust anchors. */
  anchor?: Anchor['kind']
}

/** The verdict on the signer's chain. */
interface ChainCheck {
  chain: ChainCertificate[]
  trust: Trust
  reasons: VerifyReason[]
}

/** Deeper than any real signing chain; a crafted loop of cross-certificates gets no further. */
const MAX_DEPTH = 10

/** Extensions whose rules are applied here or by pkijs; any other critical one makes the certificate unusable. */
const UNDERSTOOD_EXTENSIONS = new Set<string>(Object.values(EXTENSION))

/**
 * Purposes that allow signing documents: emailProtection (what NSS and so pdfsig require), documentSigning
 * (RFC 9336), Adobe's PDF signing, Microsoft's document signing, and anyExtendedKeyUsage.
 */
const SIGNING_PURPOSES = new Set([
  '1.3.6.1.5.5.7.3.4',
  '1.3.6.1.5.5.7.3.36',
  '1.2.840.113583.1.1.5',
  '1.3.6.1.4.1.311.10.3.12',
  '2.5.29.37.0',
])

async function selfSigned(cert: Certificate): Promise<boolean> {
  if (!cert.subject.isEqual(cert.issuer)) return false
  try {
    return await cert.verify(undefined, verifierCrypto)
  } catch {
    return false
  }
}

function anchorOf(cert: Certificate, anchors: Anchor[]): Anchor['kind'] | undefined {
  const kinds = anchors.filter((a) => sameCertificate(a.cert, cert)).map((a) => a.kind)
  return kinds.includes('trusted') ? 'trusted' : kinds[0]
}

/** A certificate path, signer first, and whether its top certificate is self-signed. */
interface CertificatePath {
  certs: Certificate[]
  selfSignedTop: boolean
}

/**
 * Walks up from the signer with pkijs' issuer finder (names or key identifiers, then the issuer's signature),
 * preferring the caller's anchors, until a self-signed certificate, a trusted root, or no issuer.
 */
async function buildPath(
  signer: Certificate,
  pool: Certificate[],
  anchors: Anchor[],
): Promise<CertificatePath> {
  const trusted = anchors.filter((a) => a.kind === 'trusted').map((a) => a.cert)
  const finder = new CertificateChainValidationEngine({
    trustedCerts: [...trusted, ...anchors.filter((a) => a.kind !== 'trusted').map((a) => a.cert)],
    certs: pool,
  })
  const path = [signer]
  for (let current = signer; path.length < MAX_DEPTH;) {
    // A trusted root ends the path whether or not it is self-signed; only then is that asked separately.
    if (anchorOf(current, anchors) === 'trusted')
      return { certs: path, selfSignedTop: await selfSigned(current) }
    const issuers = await finder.defaultFindIssuer(current, finder, verifierCrypto)
    if (issuers.some((c) => sameCertificate(c, current))) return { certs: path, selfSignedTop: true }
    const next = issuers.find((c) => !path.some((p) => sameCertificate(p, c)))
    if (!next) break
    path.push(next)
    current = next
  }
  return { certs: path, selfSignedTop: false }
}

function describeCert(cert: Certificate): string {
  return `"${nameText(cert.subject)}"`
}

/** The rules pkijs does not apply: dates of a lone certificate, signer key usages, path length, critical extensions. */
function ownRules(path: Certificate[], at: Date): VerifyReason[] {
  const out: VerifyReason[] = []
  const signer = path[0]!
  for (const cert of path) {
    if (cert.notBefore.value > at || cert.notAfter.value < at) {
      out.push(
        reason(
          VERIFY_CODE.CERT_NOT_VALID_AT_SIGNING,
          `The certificate ${describeCert(cert)} was not valid at the signing time (valid ${cert.notBefore.value.toISOString()} to ${cert.notAfter.value.toISOString()}).`,
        ),
      )
    }
    for (const ext of cert.extensions ?? []) {
      const parsed = ext.parsedValue as { parsingError?: string } | undefined
      if (ext.critical && (!UNDERSTOOD_EXTENSIONS.has(ext.extnID) || parsed?.parsingError)) {
        out.push(
          reason(
            VERIFY_CODE.CERT_UNKNOWN_CRITICAL_EXTENSION,
            `The certificate ${describeCert(cert)} has a critical extension ${ext.extnID} that cannot be honoured, so it must not be relied on.`,
          ),
        )
      }
    }
  }
  const usage = keyUsageOf(signer)
  if (usage && !usage.has('digitalSignature') && !usage.has('nonRepudiation')) {
    out.push(
      reason(
        VERIFY_CODE.CERT_KEY_USAGE,
        "The signer's certificate is not allowed to sign (its key usage excludes signatures).",
      ),
    )
  }
  const purposes = extendedKeyUsageOf(signer)
  if (purposes && !purposes.some((p) => SIGNING_PURPOSES.has(p))) {
    out.push(
      reason(
        VERIFY_CODE.CERT_EXTENDED_KEY_USAGE,
        "The signer's certificate is not meant for signing documents (its extended key usage names other purposes).",
      ),
    )
  }
  // RFC 5280 §6.1.4 (l)–(m): count the non-self-issued intermediates below each CA with a path length limit.
  for (let i = 2; i < path.length; i++) {
    const { pathLength } = basicConstraintsOf(path[i]!)
    if (pathLength === undefined) continue
    const below = path.slice(1, i).filter((c) => !c.subject.isEqual(c.issuer)).length
    if (below > pathLength) {
      out.push(
        reason(
          VERIFY_CODE.CHAIN_PATH_LENGTH,
          `The certificate ${describeCert(path[i]!)} allows ${pathLength} intermediate certificate(s) below it, but the chain has ${below}.`,
        ),
      )
    }
  }
  return out
}

/** pkijs' own path validation of the path found, anchored at its top; its failure codes mapped to ours. */
async function pkijsRules(path: Certificate[], at: Date): Promise<VerifyReason | undefined> {
  if (path.length < 2) return undefined
  const engine = new CertificateChainValidationEngine({
    trustedCerts: [path[path.length - 1]!],
    // pkijs takes the last of `certs` as the end-entity certificate.
    certs: [...path.slice(1, -1), path[0]!],
    checkDate: at,
    // The issuers' signatures were checked while the path was built: hand pkijs that same path.
    findIssuer: async (cert) => {
      const i = path.findIndex((p) => sameCertificate(p, cert))
      return i >= 0 && i + 1 < path.length ? [path[i + 1]!] : []
    },
  })
  const result = await engine.verify({}, verifierCrypto)
  if (result.result) return undefined
  if (result.resultCode === 8) {
    const why = 'A certificate in the chain was not valid at the signing time.'
    return reason(VERIFY_CODE.CERT_NOT_VALID_AT_SIGNING, why)
  }
  if (result.resultCode === 14) {
    const why =
      'A certificate that issued another in the chain is not allowed to (it is not a CA, or lacks keyCertSign).'
    return reason(VERIFY_CODE.CHAIN_ISSUER_NOT_CA, why)
  }
  return reason(VERIFY_CODE.CHAIN_INVALID, `The certificate chain is not valid: ${result.resultMessage}.`)
}

function summarise(
  cert: Certificate,
  at: Date,
  fromSignature: boolean,
  anchor: Anchor['kind'] | undefined,
  selfSignedCert: boolean,
): ChainCertificate {
  const source: ChainCertificate['source'] = fromSignature
    ? 'signature'
    : anchor === 'trusted'
      ? 'trusted-root'
      : 'known-identity'
  return {
    subject: nameText(cert.subject),
    issuer: nameText(cert.issuer),
    serialNumber: serialHexOf(cert),
    fingerprintSha256: fingerprintOf(cert),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    ca: basicConstraintsOf(cert).ca,
    selfSigned: selfSignedCert,
    validAtSigning: cert.notBefore.value <= at && at <= cert.notAfter.value,
    source,
    ...(anchor ? { anchor } : {}),
  }
}

/**
 * Builds and judges the signer's chain at the signing time `at`, from the certificates in the signature
 * (`pool`) and the caller's anchors. A chain that breaks a rule earns no trust, whatever it reaches.
 */
export async function checkChain(
  signer: Certificate,
  pool: Certificate[],
  anchors: Anchor[],
  at: Date,
): Promise<ChainCheck> {
  const { certs: path, selfSignedTop } = await buildPath(signer, pool, anchors)
  const reasons = ownRules(path, at)
  const library = await pkijsRules(path, at)
  if (library && !reasons.some((r) => r.code === library.code)) reasons.push(library)
  const kinds = path.map((c) => anchorOf(c, anchors))
  // The walk stops at the first self-signed certificate, so only the top can be one.
  const chain = path.map((c, i) => {
    const fromSignature = i === 0 || pool.some((p) => sameCertificate(p, c))
    return summarise(c, at, fromSignature, kinds[i], i === path.length - 1 && selfSignedTop)
  })
  const trust: Trust =
    reasons.length > 0
      ? 'unknown'
      : kinds.includes('trusted')
        ? 'trusted'
        : kinds.includes('known-identity')
          ? 'known-identity'
          : 'unknown'
  return { chain, trust, reasons }
}
