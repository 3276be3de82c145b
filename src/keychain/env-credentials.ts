// `--credentials-from-env`: a CI's secret store hands credentials over as environment variables; an explicit
// mapping says which variable stands for which keychain:NAME. Values stay in memory and are never written down.
import { failure, ok, type Result } from '../core/result'
import { MemoryCredentials, type CredentialStore } from './keychain'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
const KEYCHAIN_NAME = /^[A-Za-z0-9._-]{1,128}$/

/** One `ENV=NAME` pair of the mapping. */
export interface EnvMapping {
  env: string
  name: string
}

/**
 * Parses `ENV=NAME[,ENV=NAME…]` (the option may be repeated; an empty value maps nothing). `NAME` may be
 * written `keychain:NAME`. Each keychain name may come from one variable only.
 */
export function parseEnvMapping(specs: readonly string[]): Result<EnvMapping[]> {
  const pairs: EnvMapping[] = []
  for (const spec of specs) {
    for (const raw of spec.split(',')) {
      const item = raw.trim()
      if (item === '') continue
      const eq = item.indexOf('=')
      const env = eq > 0 ? item.slice(0, eq) : ''
      const name = eq > 0 ? item.slice(eq + 1).replace(/^keychain:/, '') : ''
      if (!ENV_NAME.test(env) || !KEYCHAIN_NAME.test(name))
        return failure(
          'CREDENTIAL_MAPPING',
          `--credentials-from-env: "${item}" is not ENV_VAR=keychain-name (such as CF_API_TOKEN=cloudflare-token)`,
        )
      const clash = pairs.find((p) => p.name === name && p.env !== env)
      if (clash)
        return failure(
          'CREDENTIAL_MAPPING',
          `--credentials-from-env: keychain:${name} is mapped from both ${clash.env} and ${env}`,
        )
      if (!pairs.some((p) => p.name === name)) pairs.push({ env, name })
    }
  }
  return ok(pairs)
}

/** The environment variable a keychain name is read from in generated CI files: `HANDOVER_` + NAME in capitals. */
export function envNameFor(keychainName: string): string {
  return `HANDOVER_${keychainName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
}

/**
 * A credential store that answers the mapped names from the environment (read once, kept in memory) and every
 * other name from `fallback`. A mapped variable that is unset or empty is an error: a missing CI secret must
 * stop the gate, not silently skip a check.
 */
export function credentialsFromEnv(
  mapping: readonly EnvMapping[],
  env: NodeJS.ProcessEnv,
  fallback: CredentialStore,
): Result<CredentialStore> {
  const values: Record<string, string> = {}
  for (const { env: variable, name } of mapping) {
    const value = env[variable]
    if (value === undefined || value === '')
      return failure(
        'CREDENTIAL_ENV_MISSING',
        `--credentials-from-env: ${variable} (for keychain:${name}) is not set or is empty in the environment`,
      )
    values[name] = value
  }
  return ok(new MemoryCredentials(values, fallback, 'credentials from the environment'))
}
