// Signs a rendered PDF: the renderer reserves the signature field, then signPdf fills it with a detached
// CMS (PKCS#7) SHA-256 signature over every byte except the signature itself.
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit'
import { SignPdf, SignPdfError } from '@signpdf/signpdf'
import type {} from 'pdfkit' // brings @types/pdfkit's global PDFKit namespace into scope
import { failure, ok, type Result } from '../../core/result'
import type { SigningIdentity } from './signing-identity'
import { verifyPdf } from './verify'

/**
 * Bytes reserved for the CMS signature (the file holds twice as many hex digits). A 3-certificate RSA-4096
 * chain needs about 6 KB; the rest leaves room for a timestamp token later.
 */
export const SIGNATURE_LENGTH = 16_384

/** The subfilter written into the signature dictionary: CMS detached, what Adobe and poppler expect. */
export const SUBFILTER = 'adbe.pkcs7.detached'

/** Who signs and why, as shown by PDF viewers in the signature panel. */
export interface SignatureMeta {
  name: string
  reason: string
  location: string
  contactInfo?: string
}

/** Adds an invisible signature field with an empty signature; call before `doc.end()`. */
export function addSignaturePlaceholder(doc: PDFKit.PDFDocument, meta: SignatureMeta): void {
  pdfkitAddPlaceholder({
    pdf: doc,
    // The typings require it; the function never reads it.
    pdfBuffer: Buffer.alloc(0),
    name: meta.name,
    reason: meta.reason,
    location: meta.location,
    contactInfo: meta.contactInfo ?? '',
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER,
    appName: 'Handover',
  })
}

/**
 * Signs a PDF that carries a placeholder. The result is checked with verifyPdf before it is returned,
 * so a signature that would not verify never leaves this function.
 */
export async function signPdf(
  pdf: Buffer,
  identity: SigningIdentity,
  signedAt = new Date(),
): Promise<Result<Buffer>> {
  let signed: Buffer
  try {
    signed = await new SignPdf().sign(pdf, identity.signer(), signedAt)
  } catch (err) {
    if (!(err instanceof SignPdfError)) throw err
    if (/No ByteRangeStrings/.test(err.message)) {
      return failure(
        'PDF_NO_PLACEHOLDER',
        'The PDF has no signature placeholder; render it with addSignaturePlaceholder.',
      )
    }
    if (/exceeds placeholder length/.test(err.message)) {
      return failure('SIGNATURE_TOO_LARGE', `The signature does not fit the placeholder: ${err.message}.`)
    }
    return failure('SIGNING_FAILED', `The PDF could not be signed: ${err.message}.`)
  }
  const check = await verifyPdf(signed)
  if (check.status !== 'valid') {
    const why = check.reasons.map((r) => r.message).join(' ')
    return failure('SIGNATURE_SELF_CHECK', `The signed PDF does not verify: ${why}`)
  }
  return ok(signed)
}
