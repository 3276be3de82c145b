// Where signing identities are kept: a folder outside every workspace (mode 700) holding each identity's
// P12 (mode 600), its signer certificate and its root as PEM; the P12 passphrase lives in the keychain.
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { failure, ok, type Result } from '../../core/result'
import { writeFileAtomic } from '../../store/atomic'
import { ENGAGEMENT_FILE } from '../../store/workspace'

/** Where signing identities live: $HANDOVER_IDENTITY_DIR, else the XDG data folder — never a workspace. */
export function identityDir(): string {
  if (process.env.HANDOVER_IDENTITY_DIR) return path.resolve(process.env.HANDOVER_IDENTITY_DIR)
  const data = process.env.XDG_DATA_HOME ?? path.join(homedir(), '.local', 'share')
  return path.join(data, 'handover', 'identity')
}

/** The files and keychain entry of one identity in its folder. */
export interface IdentityFiles {
  p12: string
  root: string
  cert: string
  /** Keychain entry holding the P12 passphrase. */
  credential: string
}

/** The files of the identity kept under `slug` in `dir`. */
export function identityFiles(dir: string, slug: string): IdentityFiles {
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

/** Creates the identity folder (mode 700) after checking that it lies outside every workspace. */
export async function prepareIdentityDir(dir: string): Promise<Result<void>> {
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

/** Writes an identity's P12 (mode 600), its certificate and, when it has one, its root (mode 644). */
export async function writeIdentityFiles(
  files: IdentityFiles,
  content: { p12: Buffer; certificatePem: string; rootPem: string | undefined },
): Promise<Result<void>> {
  try {
    await writeFileAtomic(files.p12, content.p12, 0o600)
    await writeFileAtomic(files.cert, content.certificatePem, 0o644)
    if (content.rootPem) await writeFileAtomic(files.root, content.rootPem, 0o644)
    return ok(undefined)
  } catch (err) {
    return failure(
      'IDENTITY_WRITE',
      `Cannot write the signing identity to ${path.dirname(files.p12)}: ${err instanceof Error ? err.message : String(err)}.`,
    )
  }
}

/** The bytes of a P12 file; IDENTITY_P12_UNREADABLE when it cannot be read. */
export async function readP12File(file: string): Promise<Result<Buffer>> {
  try {
    return ok(await readFile(file))
  } catch (err) {
    return failure(
      'IDENTITY_P12_UNREADABLE',
      `Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}.`,
    )
  }
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
