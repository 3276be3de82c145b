// Credentials live only in the OS keychain; without one we stop, never fall back to plaintext (DESIGN.md §8).
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring'
import { failure, ok, type Result } from '../core/result'
import type { Redactor } from '../network/redact'
import { KEYCHAIN } from './codes'
import type { KeychainCode } from './codes'

/** The keychain service under which Handover keeps its credentials. */
export const SERVICE = 'handover'

const REF = /^keychain:([A-Za-z0-9._-]{1,128})$/

/** Where credential values come from. Values never leave this interface except at the moment of use. */
export interface CredentialStore {
  readonly description: string
  get(name: string): Promise<Result<string, KeychainCode>>
  set(name: string, value: string): Promise<Result<void, KeychainCode>>
  delete(name: string): Promise<Result<boolean, KeychainCode>>
  /** Names only; a value is never listed. */
  list(): Promise<Result<string[], KeychainCode>>
}

/** Turns the library's platform errors into one sentence a person can act on. */
export function explainKeychainError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  let why = message
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch/i.test(message))
    why = 'no D-Bus session bus is running (DBUS_SESSION_BUS_ADDRESS is not set)'
  else if (/org\.freedesktop\.secrets was not provided|ServiceUnknown/i.test(message))
    why = 'no Secret Service provider (such as gnome-keyring or KeePassXC) is running'
  else if (/no result found|Object does not exist|locked/i.test(message))
    why = 'the keyring is locked; unlock it and try again'
  return `No usable OS keychain: ${why}. Handover keeps credentials only in the keychain and stops rather than store them in plaintext.`
}

const entryOptions = { linux: { store: 'secret-service' as const } }

/** The OS keychain through @napi-rs/keyring: Secret Service on Linux (pinned), Keychain on macOS, Credential Manager on Windows. */
export class OsKeychain implements CredentialStore {
  readonly description =
    process.platform === 'darwin'
      ? 'macOS Keychain'
      : process.platform === 'win32'
        ? 'Windows Credential Manager'
        : 'Secret Service'

  constructor(private readonly service = SERVICE) {}

  private entry(name: string): AsyncEntry {
    return new AsyncEntry(this.service, name, entryOptions)
  }

  async get(name: string): Promise<Result<string, KeychainCode>> {
    try {
      const value = await this.entry(name).getPassword()
      if (value === null) {
        return failure(
          KEYCHAIN.CREDENTIAL_MISSING,
          `The keychain has no credential named "${name}"; store it with \`handover creds set ${name}\`.`,
        )
      }
      return ok(value)
    } catch (err) {
      return failure(KEYCHAIN.KEYCHAIN_UNAVAILABLE, explainKeychainError(err))
    }
  }

  async set(name: string, value: string): Promise<Result<void, KeychainCode>> {
    try {
      await this.entry(name).setPassword(value)
      return ok(undefined)
    } catch (err) {
      return failure(KEYCHAIN.KEYCHAIN_UNAVAILABLE, explainKeychainError(err))
    }
  }

  async delete(name: string): Promise<Result<boolean, KeychainCode>> {
    try {
      return ok(await this.entry(name).deleteCredential())
    } catch (err) {
      return failure(KEYCHAIN.KEYCHAIN_UNAVAILABLE, explainKeychainError(err))
    }
  }

  async list(): Promise<Result<string[], KeychainCode>> {
    // findCredentials cannot be pinned to a store: prove the Secret Service answers first, so an
    // unavailable keychain is an error rather than an empty list from another backend.
    const probe = await this.get('\u0000probe')
    if (!probe.ok && probe.error.code === KEYCHAIN.KEYCHAIN_UNAVAILABLE) return probe
    try {
      const found = await findCredentialsAsync(this.service)
      return ok(found.map((c) => c.account).sort())
    } catch (err) {
      return failure(KEYCHAIN.KEYCHAIN_UNAVAILABLE, explainKeychainError(err))
    }
  }
}

/** Credentials held in memory only, for the demo lab's throw-away accounts. */
export class MemoryCredentials implements CredentialStore {
  private readonly values = new Map<string, string>()

  constructor(
    initial: Record<string, string> = {},
    private readonly fallback?: CredentialStore,
    readonly description = 'demo lab (in memory)',
  ) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v)
  }

  async get(name: string): Promise<Result<string, KeychainCode>> {
    const value = this.values.get(name)
    if (value !== undefined) return ok(value)
    if (this.fallback) return this.fallback.get(name)
    return failure(KEYCHAIN.CREDENTIAL_MISSING, `No credential named "${name}" in ${this.description}.`)
  }

  async set(name: string, value: string): Promise<Result<void, KeychainCode>> {
    this.values.set(name, value)
    return ok(undefined)
  }

  async delete(name: string): Promise<Result<boolean, KeychainCode>> {
    return ok(this.values.delete(name))
  }

  async list(): Promise<Result<string[], KeychainCode>> {
    return ok([...this.values.keys()].sort())
  }
}

/** Every `keychain:NAME` reference in an engagement, with the field path that uses it. */
export function credentialRefs(value: unknown, at = ''): { name: string; usedBy: string }[] {
  if (typeof value === 'string') {
    const name = refName(value)
    return name ? [{ name, usedBy: at }] : []
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => credentialRefs(v, `${at}[${i}]`))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => credentialRefs(v, at ? `${at}.${k}` : k))
  return []
}

/** The name inside a `keychain:<name>` reference, or undefined when it is not one. */
export function refName(ref: string): string | undefined {
  return REF.exec(ref)?.[1]
}

/** Resolves a reference at the moment of use and teaches the redactor its value. */
export async function resolveRef(
  ref: string,
  store: CredentialStore,
  redactor: Redactor,
): Promise<Result<string, KeychainCode>> {
  const name = refName(ref)
  if (!name) return failure(KEYCHAIN.CREDENTIAL_REF, `"${ref}" is not a keychain:<name> reference.`)
  const value = await store.get(name)
  if (value.ok) redactor.addSecret(value.value, name)
  return value
}
