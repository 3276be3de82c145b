// The SPF engine's public surface: check_host(), the linter, record and macro parsing.
export { checkHost, spfDomainProblem, spfIdentity } from './check-host'
export type { SpfCheckInput, SpfCheckOptions, SpfOutcome, SpfResult } from './check-host'
export { lintSpf } from './lint'
export type {
  SpfLint,
  SpfLintCode,
  SpfLintFinding,
  SpfLintOptions,
  SpfLookupTerm,
  SpfSenderCheck,
} from './lint'
export { isSpfRecord, parseSpfRecord, parseSpfTerms, selectSpfRecords } from './record'
export type {
  SpfDirective,
  SpfMechanism,
  SpfQualifier,
  SpfRecord,
  SpfSyntaxProblem,
  SpfTermKind,
} from './record'
export { expandMacros, parseDomainSpec, parseMacroString, urlEscape } from './macro'
export type { DomainSpec, MacroToken, MacroValues } from './macro'
