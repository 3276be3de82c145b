// The secret engine's public face: one shared scanner over every rule.
import { SecretScanner, type ScanOptions, type SecretFinding } from './engine'
import { RULES } from './rules'

export type { SecretFinding, ScanOptions } from './engine'
export { FindingKey } from './redaction'
export { RULES } from './rules'

let shared: SecretScanner | undefined

/** The scanner over every rule, compiled on first use. */
export function secretScanner(): SecretScanner {
  return (shared ??= new SecretScanner(RULES))
}

/** Every finding in a text or a byte buffer, redacted. */
export function scanSecrets(input: string | Uint8Array, options: ScanOptions): SecretFinding[] {
  return secretScanner().scan(input, options)
}

/** The rule with this id. */
export function ruleById(id: string): (typeof RULES)[number] | undefined {
  return RULES.find((r) => r.id === id)
}

/** The findings of a binary file that the text scan skips (a PKCS#12 keystore). */
export function scanBinarySecrets(bytes: Uint8Array, options: ScanOptions): SecretFinding[] {
  return secretScanner().scanBinary(bytes, options)
}
