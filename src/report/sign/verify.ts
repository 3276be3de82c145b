// Verifies PDF signatures without poppler at run time: the byte range and incremental updates here, the CMS
// signature and the signer's chain through pkijs (cms.ts, chain.ts), every reason with a stable code.
import { checkChain, type Anchor, type ChainCertificate, type Trust } from './chain'
import { checkCms } from './cms'
import { VERIFY_CODE, isTampering, reason, type VerifyReason } from './codes'
import {
  certificatesFromPem,
  emailsOf,
  fingerprintOf,
  nameText,
  nameValue,
  readCertificate,
} from './certificate'
import { scanSignatures, type SignatureDictionary } from './locate'

/** Outcome of a verification. */
export type VerifyStatus = 'valid' | 'invalid' | 'tampered' | 'unsigned'

/** The signer as named by their certificate. */
export interface Signer {
  name: string
  email?: string
  organization?: string
  certificateFingerprint: string
}

/** The verdict on one CMS signature and its signer's chain. */
export interface CmsVerification {
  status: Exclude<VerifyStatus, 'unsigned'>
  /** Why it is not valid, tampering first; empty when valid. */
  reasons: VerifyReason[]
  signer?: Signer
  /** Signing time from the signed attributes (the signer's clock; there is no timestamp authority). */
  signedAt?: string
  digestAlgorithm?: string
  trust: Trust
  chain: ChainCertificate[]
}

/** The verification of one signature in a PDF. */
export interface SignatureVerification extends CmsVerification {
  byteRange: number[]
  subFilter?: string
  coversWholeFile: boolean
  modifiedAfterSigning: boolean
  /** Bytes after the end of the signed range. */
  appendedBytes: number
  /** What the signer wrote into the signature field. */
  details: { name?: string; reason?: string; location?: string; contactInfo?: string }
}

/** The verdict on a PDF: its latest signature, with the overall status; every signature is in `signatures`. */
export interface VerifyReport {
  status: VerifyStatus
  reasons: VerifyReason[]
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

const SUPPORTED_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached'])

function anchorsFrom(pems: string[] | undefined, kind: Anchor['kind']): Anchor[] {
  // A PEM block that is not a certificate cannot anchor anything; the others still count.
  return (pems ?? []).flatMap(certificatesFromPem).flatMap((der) => {
    const cert = readCertificate(der)
    return cert ? [{ cert, kind }] : []
  })
}

function anchorsOf(options: VerifyOptions): Anchor[] {
  return [
    ...anchorsFrom(options.trustedRootsPem, 'trusted'),
    ...anchorsFrom(options.knownIdentityPem, 'known-identity'),
  ]
}

/** Checks that the byte range covers everything but the /Contents hex string, up to its end. */
function checkCoverage(
  pdf: Buffer,
  dict: SignatureDictionary,
  range: [number, number, number, number],
): { reasons: VerifyReason[]; appended: number } {
  const out: VerifyReason[] = []
  const [start, gapStart, gapEnd, tailLength] = range
  const end = gapEnd + tailLength
  if (start !== 0) {
    const why = `The first ${start} bytes of the file are not covered by the signature.`
    out.push(reason(VERIFY_CODE.RANGE_NOT_FROM_START, why))
  }
  if (!dict.contents) {
    out.push(reason(VERIFY_CODE.CONTENTS_MISSING, 'The signature dictionary has no /Contents hex string.'))
  } else if (gapStart !== dict.contents.start || gapEnd !== dict.contents.end) {
    const why = `The unsigned gap (bytes ${gapStart}–${gapEnd}) is not exactly the signature value (bytes ${dict.contents.start}–${dict.contents.end}): part of the document is not covered.`
    out.push(reason(VERIFY_CODE.RANGE_GAP_MISMATCH, why))
  }
  if (end > pdf.length) {
    const why = `The signed range ends at byte ${end}, past the end of the file (${pdf.length} bytes): the file was cut.`
    out.push(reason(VERIFY_CODE.RANGE_PAST_END, why))
  }
  return { reasons: out, appended: Math.max(0, pdf.length - end) }
}

/** Tampering first, then the rest; the status follows from the codes. */
function judged(reasons: VerifyReason[]): { status: CmsVerification['status']; reasons: VerifyReason[] } {
  const tampering = reasons.filter((r) => isTampering(r.code))
  const status = tampering.length > 0 ? 'tampered' : reasons.length > 0 ? 'invalid' : 'valid'
  return { status, reasons: [...tampering, ...reasons.filter((r) => !isTampering(r.code))] }
}

function finish(base: SignatureVerification, reasons: VerifyReason[]): SignatureVerification {
  return Object.assign(base, judged(reasons))
}

/** The CMS signature over `content` and the signer's chain, without the PDF around them. */
async function checkSignature(
  der: Uint8Array,
  content: Uint8Array | undefined,
  anchors: Anchor[],
  now: Date,
): Promise<Omit<CmsVerification, 'status'>> {
  const cms = await checkCms(der, content)
  const out: Omit<CmsVerification, 'status'> = { reasons: [...cms.reasons], trust: 'unknown', chain: [] }
  if (cms.digestAlgorithm) out.digestAlgorithm = cms.digestAlgorithm
  if (cms.signingTime) out.signedAt = cms.signingTime.toISOString()
  const signer = cms.signer
  if (!signer) return out
  const name = nameValue(signer.subject, 'CN') ?? nameText(signer.subject)
  const email = emailsOf(signer)[0]
  const organization = nameValue(signer.subject, 'O')
  out.signer = {
    name,
    ...(email ? { email } : {}),
    ...(organization ? { organization } : {}),
    certificateFingerprint: fingerprintOf(signer),
  }
  const chain = await checkChain(signer, cms.certificates, anchors, cms.signingTime ?? now)
  out.chain = chain.chain
  out.trust = chain.trust
  out.reasons.push(...chain.reasons)
  return out
}

/**
 * Verifies one detached CMS signature over `content` (undefined when the signed bytes are not at hand), with
 * the signer's chain: the PDF verifier's core, for signatures that do not sit in a PDF.
 */
export async function verifyDetachedCms(
  cms: Uint8Array,
  content: Uint8Array | undefined,
  options: VerifyOptions = {},
): Promise<CmsVerification> {
  const checked = await checkSignature(cms, content, anchorsOf(options), options.now ?? new Date())
  return { ...checked, ...judged(checked.reasons) }
}

async function checkOne(
  pdf: Buffer,
  dict: SignatureDictionary,
  anchors: Anchor[],
  latest: boolean,
  now: Date,
): Promise<SignatureVerification> {
  const reasons: VerifyReason[] = []
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

  if (range.length !== 4 || range.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    const why = `The signature's /ByteRange [${range.join(' ')}] is not four non-negative integers.`
    return finish(base, [reason(VERIFY_CODE.BYTE_RANGE_MALFORMED, why)])
  }
  const [, gapStart, gapEnd, tailLength] = range as [number, number, number, number]
  const coverage = checkCoverage(pdf, dict, range as [number, number, number, number])
  base.appendedBytes = coverage.appended
  base.modifiedAfterSigning = coverage.appended > 0
  base.coversWholeFile = coverage.reasons.length === 0 && coverage.appended === 0
  reasons.push(...coverage.reasons)
  // An earlier signature in a multiply signed file covers its own revision; later ones answer for the rest.
  if (latest && coverage.appended > 0) {
    const why = `The document was modified after signing: ${coverage.appended} bytes were appended after the signed range (an incremental update).`
    reasons.push(reason(VERIFY_CODE.MODIFIED_AFTER_SIGNING, why))
  }

  if (dict.subFilter && !SUPPORTED_SUBFILTERS.has(dict.subFilter)) {
    const why = `The signature format ${dict.subFilter} is not supported (only adbe.pkcs7.detached and ETSI.CAdES.detached).`
    return finish(base, [...reasons, reason(VERIFY_CODE.SUBFILTER_UNSUPPORTED, why)])
  }
  if (!dict.contents) return finish(base, reasons)
  const inFile = gapEnd + tailLength <= pdf.length && gapStart <= gapEnd
  const content = inFile
    ? Buffer.concat([pdf.subarray(0, gapStart), pdf.subarray(gapEnd, gapEnd + tailLength)])
    : undefined
  const signature = await checkSignature(dict.contents.bytes, content, anchors, now)
  const { reasons: signatureReasons, ...facts } = signature
  Object.assign(base, facts)
  reasons.push(...signatureReasons)
  return finish(base, reasons)
}

const RANK: Record<VerifyStatus, number> = { valid: 0, unsigned: 1, invalid: 2, tampered: 3 }

/**
 * Verifies every signature in a PDF and reports on the latest one, with the worst status of all. Expected
 * failures are reasons with codes in the report; it throws only on bugs.
 */
export async function verifyPdf(pdf: Buffer, options: VerifyOptions = {}): Promise<VerifyReport> {
  const anchors = anchorsOf(options)
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
      const why = 'The PDF has a signature whose dictionary cannot be read.'
      return { status: 'invalid', reasons: [reason(VERIFY_CODE.DICTIONARY_UNREADABLE, why)], ...empty }
    }
    const why =
      scan.dictionaries.length > 0
        ? reason(VERIFY_CODE.NEVER_SIGNED, 'The PDF has an empty signature field: it was never signed.')
        : reason(VERIFY_CODE.NO_SIGNATURE, 'The PDF has no signature.')
    return { status: 'unsigned', reasons: [why], ...empty }
  }
  const endOf = (d: SignatureDictionary): number => {
    const r = d.byteRange as number[]
    return (r[2] ?? 0) + (r[3] ?? 0)
  }
  const ordered = [...filled].sort((a, b) => endOf(a) - endOf(b))
  const signatures: SignatureVerification[] = []
  for (const [i, d] of ordered.entries())
    signatures.push(await checkOne(pdf, d, anchors, i === ordered.length - 1, now))
  const latest = signatures[signatures.length - 1]!
  const reasons = [...latest.reasons]
  let status: VerifyStatus = latest.status
  signatures.slice(0, -1).forEach((s, i) => {
    for (const r of s.reasons) reasons.push({ code: r.code, message: `Signature ${i + 1}: ${r.message}` })
    if (RANK[s.status] > RANK[status]) status = s.status
  })
  if (scan.unreadable.length > 0) {
    const why = 'Another signature dictionary in the PDF cannot be read.'
    reasons.push(reason(VERIFY_CODE.DICTIONARY_UNREADABLE, why))
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
