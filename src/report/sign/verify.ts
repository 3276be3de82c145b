// Verifies PDF signatures in plain TypeScript (no poppler at run time): byte-range coverage, the CMS digest and
// signature, the signer's certificate chain and whether it reaches a root the user trusts.
import { checkSignerSignature, digestOf, isAcceptedDigest, parseCms, type CmsSignedData } from './cms'
import {
  certificatesFromPem,
  formatFingerprint,
  issued,
  nameText,
  nameValue,
  parseCertificate,
  type CertificateFacts,
} from './certificate'
import { MalformedDer } from './der'
import { scanSignatures, type SignatureDictionary } from './locate'

/** Outcome of a verification. */
export type VerifyStatus = 'valid' | 'invalid' | 'tampered' | 'unsigned'

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
  anchor?: 'trusted' | 'known-identity'
}

/** The signer as named by their certificate. */
export interface Signer {
  name: string
  email?: string
  organization?: string
  certificateFingerprint: string
}

/** The verification of one signature. */
export interface SignatureVerification {
  status: Exclude<VerifyStatus, 'unsigned'>
  reasons: string[]
  signer?: Signer
  /** Signing time from the signed attributes (the signer's clock; there is no timestamp authority). */
  signedAt?: string
  byteRange: number[]
  subFilter?: string
  digestAlgorithm?: string
  coversWholeFile: boolean
  modifiedAfterSigning: boolean
  /** Bytes after the end of the signed range. */
  appendedBytes: number
  trust: Trust
  chain: ChainCertificate[]
  /** What the signer wrote into the signature field. */
  details: { name?: string; reason?: string; location?: string; contactInfo?: string }
}

/** The verdict on a PDF: its latest signature, with the overall status; every signature is in `signatures`. */
export interface VerifyReport {
  status: VerifyStatus
  reasons: string[]
  signer?: Signer
  signedAt?: string
  coversWholeFile: boolean
  modifiedAfterSigning: boolean
  trust: Trust
  chain: ChainCertificate[]
  signatures: SignatureVerification[]
}

/** Roots and certificates the verdict on trust is based on. */
export interface VerifyOptions {
  /** Root certificates the user trusts (PEM; a string may hold several). */
  trustedRootsPem?: string[]
  /** Certificates of known identities, e.g. from readIdentityCertificates(identity folder). */
  knownIdentityPem?: string[]
  /** Clock used when a signature carries no signing time. */
  now?: Date
}

interface Anchor {
  cert: CertificateFacts
  kind: 'trusted' | 'known-identity'
}

const SUPPORTED_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached'])

function anchorsFrom(pems: string[] | undefined, kind: Anchor['kind']): Anchor[] {
  const out: Anchor[] = []
  for (const der of (pems ?? []).flatMap(certificatesFromPem)) {
    try {
      out.push({ cert: parseCertificate(der), kind })
    } catch (err) {
      // A PEM block that is not a certificate cannot anchor anything; the others still count.
      if (!(err instanceof MalformedDer)) throw err
    }
  }
  return out
}

function summarise(
  cert: CertificateFacts,
  at: Date,
  source: ChainCertificate['source'],
  anchor?: Anchor['kind'],
): ChainCertificate {
  return {
    subject: nameText(cert.subject),
    issuer: nameText(cert.issuer),
    serialNumber: cert.serial.toString('hex'),
    fingerprintSha256: cert.fingerprintSha256,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    ca: cert.ca,
    selfSigned: cert.selfSigned,
    validAtSigning: cert.notBefore <= at && at <= cert.notAfter,
    source,
    ...(anchor ? { anchor } : {}),
  }
}

/** Builds the chain upwards from the signer, through the signature's certificates and then the anchors. */
function buildChain(
  signer: CertificateFacts,
  cms: CmsSignedData,
  anchors: Anchor[],
  at: Date,
): ChainCertificate[] {
  const anchorOf = (c: CertificateFacts): Anchor['kind'] | undefined => {
    const match = anchors.filter((a) => a.cert.der.equals(c.der))
    return match.some((a) => a.kind === 'trusted') ? 'trusted' : match[0]?.kind
  }
  const used: CertificateFacts[] = [signer]
  const chain = [summarise(signer, at, 'signature', anchorOf(signer))]
  for (let current = signer; chain.length < 10 && !current.selfSigned;) {
    const fromCms = cms.certificates.find((c) => !used.some((u) => u.der.equals(c.der)) && issued(c, current))
    const fromAnchors = fromCms ? undefined : anchors.find((a) => issued(a.cert, current))
    const next = fromCms ?? fromAnchors?.cert
    if (!next) break
    used.push(next)
    const source: ChainCertificate['source'] = fromCms
      ? 'signature'
      : fromAnchors!.kind === 'trusted'
        ? 'trusted-root'
        : 'known-identity'
    chain.push(summarise(next, at, source, anchorOf(next)))
    current = next
  }
  return chain
}

function trustOf(chain: ChainCertificate[]): Trust {
  if (chain.some((c) => c.anchor === 'trusted')) return 'trusted'
  if (chain.some((c) => c.anchor === 'known-identity')) return 'known-identity'
  return 'unknown'
}

/** Checks that the byte range covers everything but the /Contents hex string, up to its end; returns gaps. */
function checkCoverage(
  pdf: Buffer,
  dict: SignatureDictionary,
  range: number[],
): { gaps: string[]; appended: number } {
  const tampering: string[] = []
  const [start, gapStart, gapEnd, tailLength] = range as [number, number, number, number]
  const end = gapEnd + tailLength
  if (start !== 0) tampering.push(`The first ${start} bytes of the file are not covered by the signature.`)
  if (!dict.contents) tampering.push('The signature dictionary has no /Contents hex string.')
  else if (gapStart !== dict.contents.start || gapEnd !== dict.contents.end) {
    tampering.push(
      `The unsigned gap (bytes ${gapStart}–${gapEnd}) is not exactly the signature value (bytes ${dict.contents.start}–${dict.contents.end}): part of the document is not covered.`,
    )
  }
  if (end > pdf.length)
    tampering.push(
      `The signed range ends at byte ${end}, past the end of the file (${pdf.length} bytes): the file was cut.`,
    )
  return { gaps: tampering, appended: Math.max(0, pdf.length - end) }
}

function checkOne(
  pdf: Buffer,
  dict: SignatureDictionary,
  anchors: Anchor[],
  latest: boolean,
  now: Date,
): SignatureVerification {
  const tampering: string[] = []
  const problems: string[] = []
  const details = {
    name: dict.name,
    reason: dict.reason,
    location: dict.location,
    contactInfo: dict.contactInfo,
  }
  const range = dict.byteRange === 'placeholder' ? [] : dict.byteRange
  const base: SignatureVerification = {
    status: 'invalid',
    reasons: [],
    byteRange: range,
    ...(dict.subFilter ? { subFilter: dict.subFilter } : {}),
    coversWholeFile: false,
    modifiedAfterSigning: false,
    appendedBytes: 0,
    trust: 'unknown',
    chain: [],
    details: Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== '')),
  }
  const done = (): SignatureVerification => {
    base.reasons = [...tampering, ...problems]
    base.status = tampering.length > 0 ? 'tampered' : problems.length > 0 ? 'invalid' : 'valid'
    return base
  }

  if (range.length !== 4 || range.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    problems.push(`The signature's /ByteRange [${range.join(' ')}] is not four non-negative integers.`)
    return done()
  }
  const coverage = checkCoverage(pdf, dict, range)
  base.appendedBytes = coverage.appended
  base.modifiedAfterSigning = coverage.appended > 0
  base.coversWholeFile = coverage.gaps.length === 0 && coverage.appended === 0
  tampering.push(...coverage.gaps)
  // An earlier signature in a multiply signed file covers its own revision; later ones answer for the rest.
  if (latest && coverage.appended > 0) {
    tampering.push(
      `The document was modified after signing: ${coverage.appended} bytes were appended after the signed range (an incremental update).`,
    )
  }

  if (dict.subFilter && !SUPPORTED_SUBFILTERS.has(dict.subFilter)) {
    problems.push(
      `The signature format ${dict.subFilter} is not supported (only adbe.pkcs7.detached and ETSI.CAdES.detached).`,
    )
    return done()
  }
  if (!dict.contents) return done()
  const parsed = parseCms(dict.contents.bytes)
  if (!parsed.ok) {
    problems.push(parsed.error.message)
    return done()
  }
  const cms = parsed.value
  base.digestAlgorithm = cms.digestAlgorithm
  if (cms.hasEmbeddedContent)
    problems.push('The signature embeds its content instead of signing the document (not detached).')

  const [, gapStart, gapEnd, tailLength] = range as [number, number, number, number]
  const inFile = gapEnd + tailLength <= pdf.length && gapStart <= gapEnd
  const chunks = inFile ? [pdf.subarray(0, gapStart), pdf.subarray(gapEnd, gapEnd + tailLength)] : []
  if (!isAcceptedDigest(cms.digestAlgorithm)) {
    problems.push(
      `The signature uses the digest ${cms.digestAlgorithm}, which is not accepted (SHA-256 or stronger).`,
    )
  } else if (cms.signedAttributes) {
    const { messageDigest, contentType } = cms.signedAttributes
    if (!messageDigest) problems.push('The signed attributes carry no message digest.')
    else if (inFile && !digestOf(cms.digestAlgorithm, chunks).equals(messageDigest)) {
      tampering.push("The document's bytes do not match the signed digest: it was changed after signing.")
    }
    if (contentType !== undefined && contentType !== cms.encapsulatedContentType) {
      problems.push('The signed content type does not match the signature content.')
    }
  }

  if (cms.unreadableCertificates > 0)
    problems.push(`${cms.unreadableCertificates} certificate(s) in the signature cannot be read.`)
  const signer = cms.signer
  const at = cms.signedAttributes?.signingTime ?? now
  if (cms.signedAttributes?.signingTime) base.signedAt = cms.signedAttributes.signingTime.toISOString()
  if (signer) {
    const name = nameValue(signer.subject, 'CN') ?? nameText(signer.subject)
    const email = signer.emails[0]
    const organization = nameValue(signer.subject, 'O')
    base.signer = {
      name,
      ...(email ? { email } : {}),
      ...(organization ? { organization } : {}),
      certificateFingerprint: signer.fingerprintSha256,
    }
    if (
      signer.keyUsage &&
      !signer.keyUsage.has('digitalSignature') &&
      !signer.keyUsage.has('nonRepudiation')
    ) {
      problems.push("The signer's certificate is not allowed to sign (its key usage excludes signatures).")
    }
    base.chain = buildChain(signer, cms, anchors, at)
    base.trust = trustOf(base.chain)
    for (const c of base.chain.filter((c) => !c.validAtSigning)) {
      problems.push(
        `The certificate "${c.subject}" was not valid at the signing time (valid ${c.notBefore} to ${c.notAfter}).`,
      )
    }
  }
  if (inFile || cms.signedAttributes) {
    const check = checkSignerSignature(cms, chunks)
    if (!check.valid) {
      problems.push(
        check.reason
          ? `The signature cannot be accepted: ${check.reason}.`
          : "The signature does not match the signer's certificate: the signature value or its signed attributes were altered.",
      )
    }
  }
  return done()
}

const RANK: Record<VerifyStatus, number> = { valid: 0, unsigned: 1, invalid: 2, tampered: 3 }

/** Verifies every signature in a PDF and reports on the latest one, with the worst status of all. */
export function verifyPdf(pdf: Buffer, options: VerifyOptions = {}): VerifyReport {
  const anchors = [
    ...anchorsFrom(options.trustedRootsPem, 'trusted'),
    ...anchorsFrom(options.knownIdentityPem, 'known-identity'),
  ]
  const now = options.now ?? new Date()
  const scan = scanSignatures(pdf)
  const filled = scan.dictionaries.filter((d) => d.byteRange !== 'placeholder')
  const empty = {
    coversWholeFile: false,
    modifiedAfterSigning: false,
    trust: 'unknown' as const,
    chain: [],
    signatures: [],
  }
  if (filled.length === 0) {
    if (scan.unreadable.length > 0 || (scan.mentionsSignature && scan.dictionaries.length === 0)) {
      return {
        status: 'invalid',
        reasons: ['The PDF has a signature whose dictionary cannot be read.'],
        ...empty,
      }
    }
    const why =
      scan.dictionaries.length > 0
        ? 'The PDF has an empty signature field: it was never signed.'
        : 'The PDF has no signature.'
    return { status: 'unsigned', reasons: [why], ...empty }
  }
  const endOf = (d: SignatureDictionary): number => {
    const r = d.byteRange as number[]
    return (r[2] ?? 0) + (r[3] ?? 0)
  }
  const ordered = [...filled].sort((a, b) => endOf(a) - endOf(b))
  const signatures = ordered.map((d, i) => checkOne(pdf, d, anchors, i === ordered.length - 1, now))
  const latest = signatures[signatures.length - 1]!
  const reasons = [...latest.reasons]
  let status: VerifyStatus = latest.status
  signatures.slice(0, -1).forEach((s, i) => {
    if (s.status !== 'valid') reasons.push(...s.reasons.map((r) => `Signature ${i + 1}: ${r}`))
    if (RANK[s.status] > RANK[status]) status = s.status
  })
  if (scan.unreadable.length > 0) {
    reasons.push('Another signature dictionary in the PDF cannot be read.')
    if (RANK.invalid > RANK[status]) status = 'invalid'
  }
  return {
    status,
    reasons,
    ...(latest.signer ? { signer: latest.signer } : {}),
    ...(latest.signedAt ? { signedAt: latest.signedAt } : {}),
    coversWholeFile: latest.coversWholeFile,
    modifiedAfterSigning: latest.modifiedAfterSigning,
    trust: latest.trust,
    chain: latest.chain,
    signatures,
  }
}

/** The CLI's exit code: 0 valid, 1 invalid or tampered, 2 not a signed PDF. */
export function verificationExitCode(report: VerifyReport): 0 | 1 | 2 {
  if (report.status === 'valid') return 0
  return report.status === 'unsigned' ? 2 : 1
}

function when(iso: string): string {
  return `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`
}

/** Plain-words lines for the CLI: who signed, when, whether the document changed, whether the signer is trusted. */
export function describeVerification(report: VerifyReport): string[] {
  if (report.status === 'unsigned') return ['Not signed: ' + report.reasons.join(' ')]
  const lines: string[] = []
  const verdict: Record<Exclude<VerifyStatus, 'unsigned'>, string> = {
    valid: 'Signature valid.',
    invalid: 'Signature NOT valid.',
    tampered: 'Document CHANGED after signing: the signature no longer vouches for what you see.',
  }
  lines.push(verdict[report.status])
  if (report.signer) {
    const who = report.signer.email ? `${report.signer.name} <${report.signer.email}>` : report.signer.name
    lines.push(`Signed by ${who}${report.signer.organization ? ` (${report.signer.organization})` : ''}.`)
  }
  if (report.signedAt)
    lines.push(`Signed on ${when(report.signedAt)}, by the signer's own clock (no timestamp authority).`)
  if (report.status === 'valid')
    lines.push('The document has not changed since it was signed: the signature covers the whole file.')
  for (const reason of report.reasons) lines.push(`- ${reason}`)
  const root = report.chain[report.chain.length - 1]
  if (report.trust === 'trusted')
    lines.push(`The signer is trusted: the certificate chains to your trusted root "${root?.subject}".`)
  else if (report.trust === 'known-identity')
    lines.push(`The signer is a known identity on this computer ("${root?.subject}").`)
  else if (root) {
    lines.push(
      `The signer is not trusted on this computer: anyone can make a certificate with any name. Compare the root "${root.subject}" fingerprint with the one the signer gave you:`,
      `  SHA-256 ${formatFingerprint(root.fingerprintSha256)}`,
    )
  }
  if (report.signatures.length > 1)
    lines.push(`The document carries ${report.signatures.length} signatures; the latest is described.`)
  return lines
}
