// SARIF 2.1.0 export of a run, for code-scanning dashboards.
import type { CheckResult, Run, Severity } from '../core/types'
import { CATALOGUE } from '../catalogue/catalogue'
import { checkById } from '../checks/registry'
import type { Change, Diff } from '../diff/diff'
import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif'

// SARIF §3.27.24: how a result compares with the baseline it was diffed against.
const BASELINE_STATE: Record<Change, NonNullable<SarifResult['baselineState']>> = {
  new: 'new',
  regressed: 'updated',
  fixed: 'updated',
  unchanged: 'unchanged',
  'check-changed': 'unchanged',
  gone: 'absent',
}

const LEVEL: Record<Severity, Exclude<SarifResult.level, 'none'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

function level(r: CheckResult): SarifResult.level {
  if (r.status === 'warn') return 'note'
  // SARIF §3.27.9: only kind "fail" carries a level; could-not-observe results are "open" at level none.
  if (r.status === 'error') return 'none'
  if (r.status === 'fail') return r.severity ? LEVEL[r.severity] : 'warning'
  return 'none'
}

function location(subject: string): { uri: string } {
  const host = subject.replace(/:443$/, '')
  if (/^https?:\/\//.test(host)) return { uri: host }
  // Only dotted names are hosts; "engagement" or "release baseline" are not places on the web.
  return {
    uri: /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(host)
      ? `https://${host}/`
      : `handover:${encodeURIComponent(subject)}`,
  }
}

/**
 * The SARIF log: one rule per check that ran, one result per fail, warn or error. With a baseline diff each
 * result carries its baselineState and change, and `properties` land on the SARIF run (e.g. the drift headline).
 */
export function toSarif(run: Run, baseline?: { diff: Diff; properties?: Record<string, unknown> }): Log {
  const changes = new Map(baseline?.diff.entries.map((e) => [e.fingerprint, e.change]))
  const ids = Object.keys(run.checks).sort()
  const rules = ids.map((id): ReportingDescriptor => {
    const text = CATALOGUE[id]
    const check = checkById(id)
    return {
      id,
      name: text?.name ?? id,
      shortDescription: { text: text?.name ?? id },
      fullDescription: { text: text?.purpose ?? id },
      properties: { stage: check?.stage, mode: check?.mode, version: run.checks[id] },
    }
  })
  const results = run.results
    .filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error')
    .map((r): SarifResult => ({
      ruleId: r.check,
      ruleIndex: ids.indexOf(r.check),
      level: level(r),
      kind: r.status === 'error' ? 'open' : 'fail',
      message: { text: `${r.title}: ${r.summary}` },
      locations: [{ physicalLocation: { artifactLocation: location(r.subject) } }],
      partialFingerprints: { handoverFingerprint: r.fingerprint },
      ...(changes.has(r.fingerprint) ? { baselineState: BASELINE_STATE[changes.get(r.fingerprint)!] } : {}),
      properties: {
        status: r.status,
        severity: r.severity,
        outcome: r.outcome,
        code: r.code,
        remediation: r.remediation,
        ...(changes.has(r.fingerprint) ? { change: changes.get(r.fingerprint) } : {}),
      },
    }))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Handover',
            version: run.engine,
            informationUri: 'https://github.com/handover-app/handover',
            rules,
          },
        },
        automationDetails: { id: `handover/${run.id}` },
        invocations: [
          {
            executionSuccessful: run.status === 'complete',
            startTimeUtc: run.startedAt,
            endTimeUtc: run.finishedAt,
          },
        ],
        results,
        ...(baseline?.properties ? { properties: baseline.properties } : {}),
      },
    ],
  }
}
