// A consultant's signing identity: a PKCS#12 file in a folder outside every workspace, opened with a passphrase
// that lives only in the OS keychain (DESIGN.md §8). Issuing (issue.ts), PKCS#12 (p12.ts), the folder
// (identity-store.ts) and the identity itself (signing-identity.ts) are their own files; this one decides when to
// create, load or import.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { failure, ok, type Result } from '../../core/result'
import type { CredentialStore } from '../../keychain/keychain'
import {
  identityFiles,
  prepareIdentityDir,
  readP12File,
  writeIdentityFiles,
  type IdentityFiles,
} from './identity-store'
import { issueIdentity } from './issue'
import { openP12, p12Bytes, type OpenedP12 } from './p12'
import { checkUsable, toIdentity, type SigningIdentity } from './signing-identity'
import { KEYCHAIN } from '../../keychain/codes'

export type { SigningIdentity } from './signing-identity'

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

/** Reads and opens a P12 file and refuses a signer certificate that cannot sign now. */
async function openUsableP12(
  file: string,
  passphrase: string,
  now: Date,
): Promise<Result<{ p12: Buffer; opened: OpenedP12 }>> {
  const p12 = await readP12File(file)
  if (!p12.ok) return p12
  const opened = openP12(p12.value, passphrase, file)
  if (!opened.ok) return opened
  const usable = checkUsable(opened.value.chain[0]!, file, now)
  return usable.ok ? ok({ p12: p12.value, opened: opened.value }) : usable
}

async function loadIdentity(
  name: string,
  files: IdentityFiles,
  credentials: CredentialStore,
  now: Date,
): Promise<Result<SigningIdentity>> {
  const passphrase = await credentials.get(files.credential)
  if (!passphrase.ok) {
    if (passphrase.error.code === KEYCHAIN.CREDENTIAL_MISSING) {
      return failure(
        'IDENTITY_PASSPHRASE_MISSING',
        `${credentials.description} has no passphrase "${files.credential}" for ${files.p12}; import the identity again, or move the file away to create a new one.`,
      )
    }
    return passphrase
  }
  const opened = await openUsableP12(files.p12, passphrase.value, now)
  if (!opened.ok) return opened
  return ok(toIdentity(name, files, opened.value.opened, opened.value.p12, passphrase.value))
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
  if (!probe.ok && probe.error.code !== KEYCHAIN.CREDENTIAL_MISSING) return probe

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
  const opened = await openUsableP12(options.p12File, options.passphrase, now)
  if (!opened.ok) return opened
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
  const { p12 } = opened.value
  return writeIdentity(
    files,
    toIdentity(options.name, files, opened.value.opened, p12, options.passphrase),
    p12,
  )
}
