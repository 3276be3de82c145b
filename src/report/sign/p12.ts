// PKCS#12 files of signing identities, through node-forge: opened the way @signpdf/signer-p12 will read them,
// and written with AES-256 and a SHA-256 PRF.
import forge from 'node-forge'
import { failure, ok, type Result } from '../../core/result'

/** PKCS#12 bag types (RFC 7292). */
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'
const CERT_BAG = '1.2.840.113549.1.12.10.1.3'

/** The key and certificates of an opened P12. */
export interface OpenedP12 {
  key: forge.pki.rsa.PrivateKey
  /** Signer first, then issuers (as far as the bundle goes). */
  chain: forge.pki.Certificate[]
}

/** The certificate's DER. */
export function certDer(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary')
}

/** Whether `issuer` issued `cert`: forge's name check plus the signature, which also rejects a mere name clash. */
function issuedBy(cert: forge.pki.Certificate, issuer: forge.pki.Certificate): boolean {
  try {
    return cert.isIssuer(issuer) && issuer.verify(cert)
  } catch {
    // forge throws on signature algorithms it does not know: then it cannot be part of a usable chain.
    return false
  }
}

/** Whether the certificate is self-signed. */
export function isSelfSigned(cert: forge.pki.Certificate): boolean {
  return issuedBy(cert, cert)
}

/** Opens a P12 the way @signpdf/signer-p12 will: an encrypted RSA key bag and the certificate that matches it. */
export function openP12(p12: Buffer, passphrase: string, file: string): Result<OpenedP12> {
  let pfx: forge.pkcs12.Pkcs12Pfx
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    const wrong = /mac|password|invalid/i.test(why)
    return wrong
      ? failure('IDENTITY_PASSPHRASE_WRONG', `The passphrase does not open ${file} (${why}).`)
      : failure('IDENTITY_P12_UNREADABLE', `${file} is not a PKCS#12 file this tool can read (${why}).`)
  }
  const keyBags = pfx.getBags({ bagType: SHROUDED_KEY_BAG })[SHROUDED_KEY_BAG] ?? []
  const certBags = pfx.getBags({ bagType: CERT_BAG })[CERT_BAG] ?? []
  const key = keyBags[0]?.key
  if (keyBags.length !== 1 || !key || !('n' in key)) {
    return failure(
      'IDENTITY_P12_UNSUPPORTED',
      `${file} must hold exactly one encrypted RSA private key (found ${keyBags.length} encrypted key(s)).`,
    )
  }
  const certs = certBags.flatMap((b) => (b.cert ? [b.cert] : []))
  const leaf = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey
    return pub.n?.equals(key.n) && pub.e?.equals(key.e)
  })
  if (!leaf)
    return failure('IDENTITY_P12_UNSUPPORTED', `${file} has no certificate matching its private key.`)
  const chain = [leaf]
  for (let current = leaf; chain.length <= certs.length && !isSelfSigned(current);) {
    const issuer = certs.find((c) => !chain.includes(c) && issuedBy(current, c))
    if (!issuer) break
    chain.push(issuer)
    current = issuer
  }
  return ok({ key, chain })
}

/** A P12 holding the key (AES-256, PBES2 with SHA-256) and the chain, protected by `passphrase`. */
export function p12Bytes(
  key: forge.pki.rsa.PrivateKey,
  chain: forge.pki.Certificate[],
  passphrase: string,
  friendlyName: string,
): Buffer {
  // prfAlgorithm reaches forge's PBES2 key encryption though its typings omit it.
  const options: Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3] & forge.pki.EncryptionOptions = {
    algorithm: 'aes256',
    prfAlgorithm: 'sha256',
    friendlyName,
    generateLocalKeyId: true,
  }
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, chain, passphrase, options)
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')
}
