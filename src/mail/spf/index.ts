// The SPF engine's public surface: check_host() and the linter (record and macro parsing are imported by path).
export { checkHost, spfIdentity } from './check-host'
export type { SpfCheckOptions } from './check-host'
export { lintSpf } from './lint'
export type { SpfLint, SpfLintCode, SpfLintFinding } from './lint'
