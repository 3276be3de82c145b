// A consultant's signing identity: a PKCS#12 file in a folder outside every workspace, opened with a passphrase
// that lives only in the OS keychain (DESIGN.md §8). Issuing (issue.ts), PKCS#12 (p12.ts) and the folder
// (identity-store.ts) are their own files; this one decides when to create, load or import.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import forge from 'node-forge'
import { failure, ok, type Result } from '../../core/result'
import type { CredentialStore } from '../../keychain/keychain'
import { certificatesFromPem, issuerDerOf, readCertificate } from './certificate'
import { identityFiles, prepareIdentityDir, writeIdentityFiles, type IdentityFiles } from './identity-store'
import { issueIdentity } from './issue'
import { certDer, isSelfSigned, openP12, p12Bytes, type OpenedP12 } from './p12'
import { ExactIssuerP12Signer } from './p12-signer'

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
    const cert = readCertificate(certificatesFromPem(this.certificatePem)[0]!)
    if (!cert) throw new Error('the identity holds an unreadable signer certificate')
    return new ExactIssuerP12Signer(this.#p12, this.#passphrase, issuerDerOf(cert))
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

function toIdentity(
  name: string,
  files: IdentityFiles,
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

async function writeIdentity(
  files: IdentityFiles,
  identity: SigningIdentity,
  p12: Buffer,
): Promise<Result<SigningIdentity>> {
  const root = identity.summary.rootFile ? identity.chainPem[identity.chainPem.length - 1] : undefined
  const written = await writeIdentityFiles(files, {
    p12,
    certificatePem: identity.certificatePem,
    rootPem: root,
  })
  return written.ok ? ok(identity) : written
}

async function loadIdentity(
  name: string,
  files: IdentityFiles,
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
  const files = identityFiles(options.dir, identitySlug(options.name))
  const running = pending.get(files.p12)
  if (running) return running
  const work = ensureIdentityOnce(options, files).finally(() => pending.delete(files.p12))
  pending.set(files.p12, work)
  return work
}

async function ensureIdentityOnce(
  options: EnsureIdentityOptions,
  files: IdentityFiles,
): Promise<Result<SigningIdentity>> {
  const now = options.now ?? new Date()
  const ready = await prepareIdentityDir(options.dir)
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
  const files = identityFiles(options.dir, identitySlug(options.name))
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
  const ready = await prepareIdentityDir(options.dir)
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
