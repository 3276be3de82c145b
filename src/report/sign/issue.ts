// Issuing a new signing identity: a local root CA and the signer certificate it issues, made with node-forge
// (which can also write the PKCS#12 that @signpdf's signer reads).
import { generateKeyPair, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import forge from 'node-forge'

const generateKeyPairAsync = promisify(generateKeyPair)

const DAY = 86_400_000
const YEAR = 365 * DAY
/** RSA size for new identities: 3072 bits is the NIST recommendation beyond 2030. */
const KEY_BITS = 3072
/** id-kp-documentSigning (RFC 9336); forge knows no name for it, so it is given as an OID. */
const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36'

/** A new identity's key, its certificate and the root that issued it. */
interface IssuedIdentity {
  key: forge.pki.rsa.PrivateKey
  signer: forge.pki.Certificate
  root: forge.pki.Certificate
}

function serialNumber(): string {
  // Positive (leading 01) and random: 16 bytes.
  return `01${randomBytes(15).toString('hex')}`
}

function utf8Attr(shortName: string, value: string): forge.pki.CertificateField {
  return { shortName, value, valueTagClass: forge.asn1.Type.UTF8 as number } as forge.pki.CertificateField
}

function emailAttr(value: string): forge.pki.CertificateField {
  // forge would default to PrintableString, which cannot hold '@'.
  return {
    name: 'emailAddress',
    value,
    valueTagClass: forge.asn1.Type.IA5STRING as number,
  } as forge.pki.CertificateField
}

function publicOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e)
}

async function newRsaKey(): Promise<forge.pki.rsa.PrivateKey> {
  // node:crypto makes the key in native code off the main thread; forge would take seconds.
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: KEY_BITS })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey
}

/** A root CA and a signer certificate issued by it; the root's key is used once here and never stored. */
export async function issueIdentity(
  name: string,
  email: string | undefined,
  now: Date,
): Promise<IssuedIdentity> {
  const [rootKey, key] = await Promise.all([newRsaKey(), newRsaKey()])
  const notBefore = new Date(now.getTime() - DAY)

  const root = forge.pki.createCertificate()
  root.publicKey = publicOf(rootKey)
  root.serialNumber = serialNumber()
  root.validity.notBefore = notBefore
  root.validity.notAfter = new Date(now.getTime() + 10 * YEAR)
  const rootName = [utf8Attr('CN', `Handover signing root — ${name}`), utf8Attr('O', 'Handover')]
  root.setSubject(rootName)
  root.setIssuer(rootName)
  root.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  root.sign(rootKey, forge.md.sha256.create())

  const signer = forge.pki.createCertificate()
  signer.publicKey = publicOf(key)
  signer.serialNumber = serialNumber()
  signer.validity.notBefore = notBefore
  // Inside the root's validity: some validators reject a child that outlives its issuer.
  signer.validity.notAfter = new Date(now.getTime() + 10 * YEAR - DAY)
  // No O=: the consultant does not work for "Handover", the tool that made the certificate.
  const subject = [utf8Attr('CN', name), ...(email ? [emailAttr(email)] : [])]
  signer.setSubject(subject)
  signer.setIssuer(rootName)
  signer.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    // emailProtection is what NSS (pdfsig) checks for signers; documentSigning (RFC 9336) names the intent.
    { name: 'extKeyUsage', emailProtection: true, [EKU_DOCUMENT_SIGNING]: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: root.generateSubjectKeyIdentifier().getBytes() },
    ...(email ? [{ name: 'subjectAltName', altNames: [{ type: 1, value: email }] }] : []),
  ])
  signer.sign(rootKey, forge.md.sha256.create())
  return { key, signer, root }
}
