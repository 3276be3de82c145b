// Severity, titles and remediation live here, keyed by outcome, apart from detection (STYLE.md).
import type { CheckResult, Severity } from '../core/types'
import { SEVERITIES } from '../core/types'
import type { CheckDefinition, Finding } from '../checks/check'
import { isNoCredential } from '../keychain/codes'
import type { CheckText, OutcomeText } from './types'
import { TEXTS } from './texts'

/** The whole catalogue, by check id. */
export const CATALOGUE: Readonly<Record<string, CheckText>> = TEXTS

/**
 * Outcomes shared by every check. A credential missing from the keychain (or no usable keychain, `isNoCredential`)
 * is the generic `error` for every check that needed it, with the remedy of storing it (README, "Credentials").
 */
export function genericText(
  outcome: string,
  check: CheckText,
  worst: Severity,
  code?: string,
): OutcomeText | undefined {
  switch (outcome) {
    case 'error':
      return {
        status: 'error',
        severity: worst,
        title: `${check.name}: could not observe`,
        summary: 'The probe for {subject} did not complete ({code}): {reason}',
        remediation: isNoCredential(code)
          ? 'Store the credential it names with `handover creds set NAME` (in CI, map it with --credentials-from-env ENV=NAME) or make the OS keychain usable, then run the audit again.'
          : 'Make sure the host answers from where the audit runs (DNS, firewall, network overrides in handover.json), then run the audit again.',
      }
    case 'no-consent':
      return {
        status: 'skipped',
        title: `${check.name}: not run without consent`,
        summary:
          'This active test sends attack-like traffic and runs only when its family ({family}) is listed in scope.active.',
        remediation:
          'Add the family to scope.active in handover.json once the portal owner agrees to active testing.',
      }
    case 'not-configured':
      return {
        status: 'skipped',
        title: `${check.name}: nothing to test`,
        summary: '{reason}',
        remediation: 'Describe the missing part in handover.json to include this check.',
      }
    default:
      return undefined
  }
}

/** Fills `{name}` placeholders; unknown names stay visible so a missing fact is noticed. */
export function render(template: string, facts: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, key: string) =>
    key in facts ? String(facts[key]) : whole,
  )
}

/** The worst severity any of a check's outcomes can have. */
export function worstSeverity(text: CheckText): Severity {
  const severities = Object.values(text.outcomes)
    .map((o) => o.severity)
    .filter((s): s is Severity => s !== undefined)
  return SEVERITIES.find((s) => severities.includes(s)) ?? 'medium'
}

/** The catalogue entry for an outcome, generic ones included (`code`: the error's code, which may change its remedy). */
export function outcomeText(checkId: string, outcome: string, code?: string): OutcomeText | undefined {
  const text = CATALOGUE[checkId]
  if (!text) return undefined
  return text.outcomes[outcome] ?? genericText(outcome, text, worstSeverity(text), code)
}

/** Turns a finding into a stored result. */
export function toResult(check: CheckDefinition, finding: Finding): CheckResult {
  const text = outcomeText(check.id, finding.outcome, finding.code)
  if (!text) throw new Error(`catalogue has no entry for ${check.id}/${finding.outcome}`)
  const facts: Record<string, string | number> = {
    subject: finding.subject,
    family: check.family ?? '',
    code: finding.code ?? '',
    ...finding.facts,
  }
  const result: CheckResult = {
    check: check.id,
    checkVersion: check.version,
    stage: check.stage,
    subject: finding.subject,
    status: text.status,
    outcome: finding.outcome,
    title: render(text.title, facts),
    summary: render(text.summary, facts),
    evidence: finding.evidence ?? [],
    remediation: render(text.remediation, facts),
    fingerprint: `${check.id}|${finding.subject}`,
  }
  if (text.severity && (text.status === 'fail' || text.status === 'error' || text.status === 'warn'))
    result.severity = text.severity
  if (finding.code) result.code = finding.code
  return result
}
