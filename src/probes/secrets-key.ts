// The per-workspace key that hashes found secret values, kept in the keychain and made on first use.
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { refName, type CredentialStore } from '../keychain/keychain'
import { FindingKey } from '../secrets'
import type { ProbeResult } from './probe'
import { KEYCHAIN } from '../keychain/codes'

/** The keychain entry holding the findings key: `secrets.hashKey`, else `findings-key.<engagement name>`. */
export function findingKeyName(engagement: Pick<Engagement, 'name' | 'secrets'>): string {
  const configured = engagement.secrets?.hashKey ? refName(engagement.secrets.hashKey) : undefined
  if (configured) return configured
  const slug = engagement.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
  return `findings-key.${slug || 'workspace'}`
}

// Probes run concurrently: one promise per store and name, so two probes never make two different keys.
const pending = new WeakMap<CredentialStore, Map<string, Promise<ProbeResult<FindingKey>>>>()

/** The workspace's findings key from the keychain, created there when missing; no keychain, no key. */
export function findingKey(
  credentials: CredentialStore,
  engagement: Pick<Engagement, 'name' | 'secrets'>,
): Promise<ProbeResult<FindingKey>> {
  const name = findingKeyName(engagement)
  let byName = pending.get(credentials)
  if (!byName) pending.set(credentials, (byName = new Map()))
  let key = byName.get(name)
  if (!key) {
    key = load(credentials, name)
    byName.set(name, key)
    // A failure is not remembered: the next run may find the keychain unlocked.
    void key.then((r) => {
      if (!r.ok) byName.delete(name)
    })
  }
  return key
}

async function load(credentials: CredentialStore, name: string): Promise<ProbeResult<FindingKey>> {
  const stored = await credentials.get(name)
  if (stored.ok) return ok(FindingKey.fromStored(stored.value))
  // Without a keychain the key lives for this run only: hashes still compare within the run (env reuse),
  // and their key id tells later runs not to compare with them. Nothing is ever written in its place.
  if (stored.error.code === KEYCHAIN.KEYCHAIN_UNAVAILABLE) return ok(FindingKey.generate().key)
  if (stored.error.code !== KEYCHAIN.CREDENTIAL_MISSING) return stored
  const made = FindingKey.generate()
  const saved = await credentials.set(name, made.stored)
  if (!saved.ok && saved.error.code !== KEYCHAIN.KEYCHAIN_UNAVAILABLE)
    return failure(saved.error.code, saved.error.message)
  return ok(made.key)
}
