// A consultant's signing identity: a PKCS#12 file in a folder outside every workspace, opened with a passphrase
// that lives only in the OS keychain (DESIGN.md §8).
import { generateKeyPair, randomBytes, createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import forge from 'node-forge'
import { failure, ok, type Result } from '../../core/result'
import type { CredentialStore } from '../../keychain/keychain'
import { writeFileAtomic } from '../../store/atomic'
import { ENGAGEMENT_FILE } from '../../store/workspace'
import { certificatesFromPem, parseCertificate } from './certificate'
import { ExactIssuerP12Signer } from './p12-signer'

const generateKeyPairAsync = promisify(generateKeyPair)

const DAY = 86_400_000
const YEAR = 365 * DAY
/** RSA size for new identities: 3072 bits is the NIST recommendation beyond 2030. */
const KEY_BITS = 3072
/** id-kp-documentSigning (RFC 9336); forge knows no name for it, so it is given as an OID. */
const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36'
/** PKCS#12 bag types (RFC 7292). */
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'
const CERT_BAG = '1.2.840.113549.1.12.10.1.3'

/** The public parts of a signing identity, safe to show, log or send to the renderer. */
export interface IdentitySummary {
  name: string
  email: string | undefined
  /** Keychain entry holding the P12 passphrase. */
  credentialName: string
  p12File: string
  /** PEM file of the root certificate users can choose to trust, when the identity has one. */
  rootFile: string | undefined
  certificateFile: string
  /** SHA-256 of the signer certificate, hex. */
  fingerprint: string
  /** SHA-256 of the root certificate, hex, when the identity has one. */
  rootFingerprint: string | undefined
  notAfter: string
}

/**
 * A signing identity ready to sign. The passphrase and P12 stay in private fields so that serialising the
 * identity (JSON, IPC, logs) can only ever show the public summary.
 */
export class SigningIdentity {
  readonly #p12: Buffer
  readonly #passphrase: string

  /** Signer certificate first, then its issuers as bundled. */
  readonly chainPem: string[]

  constructor(
    readonly summary: IdentitySummary,
    chainPem: string[],
    p12: Buffer,
    passphrase: string,
  ) {
    this.chainPem = chainPem
    this.#p12 = p12
    this.#passphrase = passphrase
  }

  /** The signer certificate, PEM. */
  get certificatePem(): string {
    return this.chainPem[0]!
  }

  /** A @signpdf signer over this identity's P12; used only by signPdf. */
  signer(): ExactIssuerP12Signer {
    const issuer = parseCertificate(certificatesFromPem(this.certificatePem)[0]!).issuerDer
    return new ExactIssuerP12Signer(this.#p12, this.#passphrase, issuer)
  }

  toJSON(): IdentitySummary {
    return this.summary
  }
}

/** Where an identity lives and how to reach its passphrase. */
export interface IdentityLocation {
  /** The identity folder, outside any workspace (e.g. ~/.local/share/handover/identity). */
  dir: string
  credentials: CredentialStore
}

/** Lower-case ASCII file and keychain name for a person's name. */
export function identitySlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || createHash('sha256').update(name).digest('hex').slice(0, 12)
}

function filesFor(
  dir: string,
  slug: string,
): { p12: string; root: string; cert: string; credential: string } {
  return {
    p12: path.join(dir, `${slug}.p12`),
    root: path.join(dir, `${slug}.root.pem`),
    cert: path.join(dir, `${slug}.cert.pem`),
    credential: `signing-${slug}`,
  }
}

/** Refuses a folder that is, or is inside, a workspace: key material must never travel with a workspace. */
function outsideWorkspaces(dir: string): Result<void> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, ENGAGEMENT_FILE))) {
      return failure(
        'IDENTITY_IN_WORKSPACE',
        `The identity folder ${dir} is inside the workspace ${d}; keep signing keys outside workspaces (for example ~/.local/share/handover/identity).`,
      )
    }
    if (path.dirname(d) === d) return ok(undefined)
  }
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

function pemToForgeKey(pem: string): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey
}

function publicOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e)
}

async function newRsaKey(): Promise<forge.pki.rsa.PrivateKey> {
  // node:crypto makes the key in native code off the main thread; forge would take seconds.
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: KEY_BITS })
  return pemToForgeKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
}

/** A root CA and a signer certificate issued by it; the root's key is used once here and never stored. */
async function issueIdentity(
  name: string,
  email: string | undefined,
  now: Date,
): Promise<{ key: forge.pki.rsa.PrivateKey; signer: forge.pki.Certificate; root: forge.pki.Certificate }> {
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

function certDer(cert: forge.pki.Certificate): Buffer {
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

function isSelfSigned(cert: forge.pki.Certificate): boolean {
  return issuedBy(cert, cert)
}

interface OpenedP12 {
  key: forge.pki.rsa.PrivateKey
  /** Signer first, then issuers (as far as the bundle goes). */
  chain: forge.pki.Certificate[]
}

/** Opens a P12 the way @signpdf/signer-p12 will: an encrypted RSA key bag and the certificate that matches it. */
function openP12(p12: Buffer, passphrase: string, file: string): Result<OpenedP12> {
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

function toIdentity(
  name: string,
  files: ReturnType<typeof filesFor>,
  opened: OpenedP12,
  p12: Buffer,
  passphrase: string,
): SigningIdentity {
  const [leaf] = opened.chain
  const top = opened.chain[opened.chain.length - 1]!
  const root = isSelfSigned(top) && top !== leaf ? top : undefined
  const emailField = leaf!.subject.getField({ name: 'emailAddress' }) as { value?: string } | null
  const summary: IdentitySummary = {
    name,
    email: emailField?.value,
    credentialName: files.credential,
    p12File: files.p12,
    rootFile: root ? files.root : undefined,
    certificateFile: files.cert,
    fingerprint: createHash('sha256').update(certDer(leaf!)).digest('hex'),
    rootFingerprint: root ? createHash('sha256').update(certDer(root)).digest('hex') : undefined,
    notAfter: leaf!.validity.notAfter.toISOString(),
  }
  return new SigningIdentity(
    summary,
    opened.chain.map((c) => forge.pki.certificateToPem(c)),
    p12,
    passphrase,
  )
}

function checkUsable(leaf: forge.pki.Certificate, file: string, now: Date): Result<void> {
  if (leaf.validity.notAfter < now) {
    return failure(
      'IDENTITY_EXPIRED',
      `The signing certificate in ${file} expired on ${leaf.validity.notAfter.toISOString().slice(0, 10)}; import a new one.`,
    )
  }
  const usage = leaf.getExtension('keyUsage') as {
    digitalSignature?: boolean
    nonRepudiation?: boolean
  } | null
  if (usage && !usage.digitalSignature && !usage.nonRepudiation) {
    return failure(
      'IDENTITY_NOT_FOR_SIGNING',
      `The certificate in ${file} is not allowed to sign (key usage).`,
    )
  }
  return ok(undefined)
}

async function prepareDir(dir: string): Promise<Result<void>> {
  const outside = outsideWorkspaces(dir)
  if (!outside.ok) return outside
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    return ok(undefined)
  } catch (err) {
    return failure(
      'IDENTITY_DIR',
      `Cannot create the identity folder ${dir}: ${err instanceof Error ? err.message : String(err)}.`,
    )
  }
}

async function loadIdentity(
  name: string,
  files: ReturnType<typeof filesFor>,
  credentials: CredentialStore,
  now: Date,
): Promise<Result<SigningIdentity>> {
  const passphrase = await credentials.get(files.credential)
  if (!passphrase.ok) {
    if (passphrase.error.code === 'CREDENTIAL_MISSING') {
      return failure(
        'IDENTITY_PASSPHRASE_MISSING',
        `${credentials.description} has no passphrase "${files.credential}" for ${files.p12}; import the identity again, or move the file away to create a new one.`,
      )
    }
    return passphrase
  }
  let p12: Buffer
  try {
    p12 = await readFile(files.p12)
  } catch (err) {
    return failure(
      'IDENTITY_P12_UNREADABLE',
      `Cannot read ${files.p12}: ${err instanceof Error ? err.message : String(err)}.`,
    )
  }
  const opened = openP12(p12, passphrase.value, files.p12)
  if (!opened.ok) return opened
  const usable = checkUsable(opened.value.chain[0]!, files.p12, now)
  if (!usable.ok) return usable
  return ok(toIdentity(name, files, opened.value, p12, passphrase.value))
}

// One creation at a time per P12 file in this process, so two callers cannot race two keys into the keychain.
const pending = new Map<string, Promise<Result<SigningIdentity>>>()

/** Options for ensureIdentity. */
export interface EnsureIdentityOptions extends IdentityLocation {
  /** The consultant's name, shown as the signer. */
  name: string
  email?: string
  /** Clock for tests. */
  now?: Date
}

/**
 * Loads the consultant's identity from `dir`, or creates one on first use: a local root CA, a signer
 * certificate it issues, a P12 (mode 600) whose random passphrase goes only to the keychain, and the
 * root certificate as PEM for people who want to trust it. An existing identity is reused as it is.
 */
export async function ensureIdentity(options: EnsureIdentityOptions): Promise<Result<SigningIdentity>> {
  const files = filesFor(options.dir, identitySlug(options.name))
  const running = pending.get(files.p12)
  if (running) return running
  const work = ensureIdentityOnce(options, files).finally(() => pending.delete(files.p12))
  pending.set(files.p12, work)
  return work
}

async function ensureIdentityOnce(
  options: EnsureIdentityOptions,
  files: ReturnType<typeof filesFor>,
): Promise<Result<SigningIdentity>> {
  const now = options.now ?? new Date()
  const ready = await prepareDir(options.dir)
  if (!ready.ok) return ready
  if (existsSync(files.p12)) return loadIdentity(options.name, files, options.credentials, now)
  // Ask the keychain before spending seconds on keys it could not protect.
  const probe = await options.credentials.get(files.credential)
  if (!probe.ok && probe.error.code !== 'CREDENTIAL_MISSING') return probe

  const { key, signer, root } = await issueIdentity(options.name, options.email, now)
  const passphrase = randomBytes(32).toString('base64url')
  const p12 = p12Bytes(key, [signer, root], passphrase, identitySlug(options.name))
  // Keychain first: if it is unavailable nothing is written and the passphrase is gone with this call.
  const stored = await options.credentials.set(files.credential, passphrase)
  if (!stored.ok) return stored
  const identity = toIdentity(options.name, files, { key, chain: [signer, root] }, p12, passphrase)
  return writeIdentity(files, identity, p12)
}

async function writeIdentity(
  files: ReturnType<typeof filesFor>,
  identity: SigningIdentity,
  p12: Buffer,
): Promise<Result<SigningIdentity>> {
  try {
    await writeFileAtomic(files.p12, p12, 0o600)
    await writeFileAtomic(files.cert, identity.certificatePem, 0o644)
    const root = identity.chainPem[identity.chainPem.length - 1]
    if (identity.summary.rootFile && root) await writeFileAtomic(files.root, root, 0o644)
    return ok(identity)
  } catch (err) {
    return failure(
      'IDENTITY_WRITE',
      `Cannot write the signing identity to ${path.dirname(files.p12)}: ${err instanceof Error ? err.message : String(err)}.`,
    )
  }
}

function p12Bytes(
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

/** Options for importIdentity. */
export interface ImportIdentityOptions extends IdentityLocation {
  /** The consultant's existing PKCS#12 file. */
  p12File: string
  passphrase: string
  /** Name the identity is kept under (and shown as). */
  name: string
  /** Replace an identity already kept under this name; without it an existing one is never overwritten. */
  replace?: boolean
  now?: Date
}

/**
 * Copies a consultant's existing P12 into `dir` (mode 600) and keeps its passphrase in the keychain.
 * The P12 must hold an encrypted RSA key and its certificate.
 */
export async function importIdentity(options: ImportIdentityOptions): Promise<Result<SigningIdentity>> {
  const now = options.now ?? new Date()
  const files = filesFor(options.dir, identitySlug(options.name))
  let p12: Buffer
  try {
    p12 = await readFile(options.p12File)
  } catch (err) {
    return failure(
      'IDENTITY_P12_UNREADABLE',
      `Cannot read ${options.p12File}: ${err instanceof Error ? err.message : String(err)}.`,
    )
  }
  const opened = openP12(p12, options.passphrase, options.p12File)
  if (!opened.ok) return opened
  const usable = checkUsable(opened.value.chain[0]!, options.p12File, now)
  if (!usable.ok) return usable
  const ready = await prepareDir(options.dir)
  if (!ready.ok) return ready
  if (existsSync(files.p12) && !options.replace) {
    return failure(
      'IDENTITY_EXISTS',
      `${files.p12} already holds a signing identity named "${options.name}"; import with replace to overwrite it (its key is then gone for good).`,
    )
  }
  const stored = await options.credentials.set(files.credential, options.passphrase)
  if (!stored.ok) return stored
  return writeIdentity(files, toIdentity(options.name, files, opened.value, p12, options.passphrase), p12)
}

/**
 * The certificates (PEM) kept in an identity folder — roots and signer certificates — for verifyPdf's
 * `knownIdentityPem`. A missing folder holds none.
 */
export async function readIdentityCertificates(dir: string): Promise<string[]> {
  let names: string[]
  try {
    if (!(await stat(dir)).isDirectory()) return []
    names = await readdir(dir)
  } catch {
    return []
  }
  const pems = names.filter((n) => n.endsWith('.pem')).sort()
  // An unreadable file simply adds no certificate: the verdict then errs towards "unknown".
  const texts = await Promise.all(pems.map((n) => readFile(path.join(dir, n), 'utf8').catch(() => '')))
  return texts.filter(Boolean)
}
