// pkijs' WebCrypto engine, plus Ed25519 (RFC 8410/8419), which pkijs 4.0.0 does not map to WebCrypto.
import { createPublicKey, verify, webcrypto } from 'node:crypto'
import type * as asn1js from 'asn1js'
import { CryptoEngine, type AlgorithmIdentifier, type PublicKeyInfo } from 'pkijs'

/** id-Ed25519, as a signature algorithm of CMS signers and certificates. */
export const ED25519 = '1.3.101.112'

function bytesOf(data: BufferSource): Buffer {
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}

class VerifierCryptoEngine extends CryptoEngine {
  override async verifyWithPublicKey(
    data: BufferSource,
    signature: asn1js.BitString | asn1js.OctetString,
    publicKeyInfo: PublicKeyInfo,
    signatureAlgorithm: AlgorithmIdentifier,
    shaAlgorithm?: string,
  ): Promise<boolean> {
    if (signatureAlgorithm.algorithmId !== ED25519)
      return super.verifyWithPublicKey(data, signature, publicKeyInfo, signatureAlgorithm, shaAlgorithm)
    const key = createPublicKey({
      key: Buffer.from(publicKeyInfo.toSchema().toBER(false)),
      format: 'der',
      type: 'spki',
    })
    // With a null digest node:crypto would pick one for other key types: only an Ed25519 key may answer here.
    if (key.asymmetricKeyType !== 'ed25519') return false
    return verify(null, bytesOf(data), key, Buffer.from(signature.valueBlock.valueHexView))
  }
}

/** The engine every verification step is given explicitly, so no global pkijs engine is assumed or changed. */
export const verifierCrypto = new VerifierCryptoEngine({
  name: 'handover-verifier',
  crypto: webcrypto as unknown as Crypto,
})
