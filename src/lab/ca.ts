// Certificates for the demo lab: a lab CA created on first start, and leaf certificates made on every start.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import forge from 'node-forge'

/** A certificate authority the lab signs with. */
export interface Authority {
  certPem: string
  keyPem: string
  name: string
}

/** A key and certificate chain for one TLS server. */
export interface ServerIdentity {
  keyPem: string
  /** Leaf first, then the issuing CA. */
  certPem: string
}

const DAY = 86_400_000

/** An RSA key made by node:crypto (fast), in PEM. */
export function newRsaKey(bits = 2048): string {
  return generateKeyPairSync('rsa', { modulusLength: bits })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()
}

function serial(): string {
  // Positive, 16 random bytes.
  return `01${randomBytes(15).toString('hex')}`
}

/** A self-signed CA certificate valid for `days`. */
export function makeAuthority(
  name: string,
  keyPem: string,
  days = 3650,
  organization = 'Handover demo lab',
): Authority {
  const key = forge.pki.privateKeyFromPem(keyPem)
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = serial()
  cert.validity.notBefore = new Date(Date.now() - DAY)
  cert.validity.notAfter = new Date(Date.now() + days * DAY)
  const attrs = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: organization },
  ]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(key, forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem, name }
}

/** What a lab leaf certificate should say: names, validity, digest and the shape of its subject and SAN. */
export interface LeafSpec {
  /** Names in the subject alternative name extension (the first is also the CN). */
  names: string[]
  notBefore: Date
  notAfter: Date
  /** The CA's digest (default sha256); sha1 makes a chain that sound verifiers refuse. */
  digest?: 'sha256' | 'sha1'
  /** `cn` (default): CN = first name; `empty`: no subject at all, valid when the SAN is critical (RFC 5280 §4.1.2.6). */
  subject?: 'cn' | 'empty'
  /** `plain` (default), `critical` (required with an empty subject), or `none`: a CN-only certificate. */
  san?: 'plain' | 'critical' | 'none'
}

/** A server certificate signed by `ca`, returned with the CA appended as its chain. */
export function issueLeaf(ca: Authority, leafKeyPem: string, spec: LeafSpec): ServerIdentity {
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem)
  const caCert = forge.pki.certificateFromPem(ca.certPem)
  const key = forge.pki.privateKeyFromPem(leafKeyPem)
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = serial()
  cert.validity.notBefore = spec.notBefore
  cert.validity.notAfter = spec.notAfter
  const san = spec.san ?? (spec.subject === 'empty' ? 'critical' : 'plain')
  cert.setSubject(
    spec.subject === 'empty' ? [] : [{ name: 'commonName', value: spec.names[0] ?? 'localhost' }],
  )
  cert.setIssuer(caCert.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    ...(san === 'none'
      ? []
      : [
          {
            name: 'subjectAltName',
            critical: san === 'critical',
            altNames: spec.names.map((value) => ({ type: 2, value })),
          },
        ]),
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ])
  cert.sign(caKey, spec.digest === 'sha1' ? forge.md.sha1.create() : forge.md.sha256.create())
  return { keyPem: leafKeyPem, certPem: forge.pki.certificateToPem(cert) + ca.certPem }
}

/** Reads a private key from `file`, creating it (mode 600) on first use. */
export async function persistentKey(file: string, bits = 2048): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
    const pem = newRsaKey(bits)
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err
    })
    await chmod(file, 0o600)
    return readFile(file, 'utf8')
  }
}

/** The lab's own CA: key and certificate kept in the lab's state folder, made on first start. */
export async function labAuthority(stateDir: string): Promise<Authority> {
  const keyPem = await persistentKey(path.join(stateDir, 'lab-ca.key'))
  const certFile = path.join(stateDir, 'lab-ca.pem')
  try {
    const certPem = await readFile(certFile, 'utf8')
    const cert = forge.pki.certificateFromPem(certPem)
    const key = forge.pki.privateKeyFromPem(keyPem)
    const matches = (cert.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n)
    if (matches && cert.validity.notAfter.getTime() > Date.now() + 365 * DAY)
      return { certPem, keyPem, name: 'Handover Lab Root CA' }
  } catch {
    // missing or unreadable: make a new one below
  }
  const ca = makeAuthority('Handover Lab Root CA', keyPem)
  await writeFile(certFile, ca.certPem, { mode: 0o644 })
  return ca
}
