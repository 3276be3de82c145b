// @signpdf's P12 signer with one repair: node-forge re-encodes the signer's issuer name from its parsed form
// and UTF-8-encodes non-ASCII values twice, so for an issuer like "Handover signing root — Zoë" the CMS
// names a certificate that does not exist and pdfsig reports "Unknown Validation Failure". The issuer is
// outside the signed attributes, so writing the certificate's exact issuer bytes back leaves the signature intact.
import { P12Signer } from '@signpdf/signer-p12'
import forge from 'node-forge'

function child(node: forge.asn1.Asn1, index: number): forge.asn1.Asn1 {
  const value = Array.isArray(node.value) ? node.value[index] : undefined
  if (!value) throw new Error(`CMS written by forge lacks element ${index}`)
  return value
}

/** Replaces the issuer in the single SignerInfo's IssuerAndSerialNumber with the exact DER given. */
export function withIssuer(cms: Buffer, issuerDer: Buffer): Buffer {
  const contentInfo = forge.asn1.fromDer(cms.toString('binary'))
  const signedData = child(child(contentInfo, 1), 0)
  const parts = signedData.value as forge.asn1.Asn1[]
  const signerInfo = child(parts[parts.length - 1]!, 0)
  const sid = child(signerInfo, 1)
  ;(sid.value as forge.asn1.Asn1[])[0] = forge.asn1.fromDer(issuerDer.toString('binary'))
  return Buffer.from(forge.asn1.toDer(contentInfo).getBytes(), 'binary')
}

/** A P12 signer whose CMS names the signer certificate by its exact issuer bytes. */
export class ExactIssuerP12Signer extends P12Signer {
  readonly #issuerDer: Buffer

  constructor(p12: Buffer, passphrase: string, issuerDer: Buffer) {
    super(p12, { passphrase })
    this.#issuerDer = issuerDer
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    return withIssuer(await super.sign(pdf, signingTime), this.#issuerDer)
  }
}
