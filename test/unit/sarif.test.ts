// SARIF 2.1.0 export: the required shape (checked by hand; the official schema is not vendored) and its meaning.
import { describe, expect, it } from 'vitest'
import type { Severity } from '../../src/core/types'
import { toSarif } from '../../src/export/sarif'
import { resultOf, sampleResults, sampleRun } from './support/run'

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: string
  kind: string
  message: { text: string }
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[]
  partialFingerprints: Record<string, string>
  properties: Record<string, unknown>
}
interface SarifRule {
  id: string
  name: string
  shortDescription: { text: string }
  fullDescription: { text: string }
  properties: Record<string, unknown>
}
interface SarifLog {
  $schema: string
  version: string
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } }
    automationDetails: { id: string }
    invocations: { executionSuccessful: boolean; startTimeUtc?: string; endTimeUtc?: string }[]
    results: SarifResult[]
  }[]
}

/** The log as a consumer reads it: after JSON serialisation. */
const sarifOf = (run = sampleRun()): SarifLog => JSON.parse(JSON.stringify(toSarif(run))) as SarifLog
const firstRun = (log: SarifLog): SarifLog['runs'][number] => log.runs[0]!

describe('toSarif', () => {
  it('writes a SARIF 2.1.0 log with a schema and exactly one run', () => {
    const log = sarifOf()
    expect(log.version).toBe('2.1.0')
    expect(new URL(log.$schema).protocol).toBe('https:')
    expect(log.$schema).toMatch(/sarif-2\.1\.0/)
    expect(log.runs).toHaveLength(1)
  })

  it('names the tool and its version in the driver', () => {
    const { driver } = firstRun(sarifOf()).tool
    expect(driver.name).toBe('Handover')
    expect(driver.version).toBe('0.1.0')
    expect(() => new URL(driver.informationUri)).not.toThrow()
  })

  it('declares one rule per check that ran, sorted, each with an id and descriptions', () => {
    const run = sampleRun()
    const { rules } = firstRun(sarifOf(run)).tool.driver
    expect(rules.map((r) => r.id)).toEqual(Object.keys(run.checks).sort())
    for (const rule of rules) {
      expect(rule.shortDescription.text.length, rule.id).toBeGreaterThan(0)
      expect(rule.fullDescription.text.length, rule.id).toBeGreaterThan(0)
      expect(rule.properties).toMatchObject({ version: run.checks[rule.id] })
    }
  })

  it('points every result at its rule by ruleId and ruleIndex', () => {
    const sarif = firstRun(sarifOf())
    const { rules } = sarif.tool.driver
    for (const r of sarif.results) {
      expect(rules[r.ruleIndex]?.id, r.ruleId).toBe(r.ruleId)
    }
  })

  it('reports fail, warn and error results only, with a message, a location and a fingerprint each', () => {
    const run = sampleRun()
    const sarif = firstRun(sarifOf(run))
    const reported = run.results.filter(
      (r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error',
    )
    expect(sarif.results.map((r) => r.partialFingerprints.handoverFingerprint)).toEqual(
      reported.map((r) => r.fingerprint),
    )
    for (const r of sarif.results) {
      expect(r.message.text.length).toBeGreaterThan(0)
      expect(r.locations).toHaveLength(1)
      expect(() => new URL(r.locations[0]!.physicalLocation.artifactLocation.uri)).not.toThrow()
    }
  })

  it.each([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['info', 'note'],
  ] as [Severity, string][])('gives a %s failure the level %s', (severity, level) => {
    const failing = {
      ...resultOf('tls.hsts', { subject: 'acme.test', outcome: 'missing', facts: { status: 200 } }),
      severity,
    }
    const [result] = firstRun(sarifOf(sampleRun([failing]))).results
    expect(result?.level).toBe(level)
    expect(result?.kind).toBe('fail')
  })

  it('gives a warning the level note', () => {
    const sarif = firstRun(sarifOf())
    expect(sarif.results.find((r) => r.ruleId === 'tls.cert-expiry')?.level).toBe('note')
  })

  it('locates a host:443 subject at its https:// URL and any other subject under handover:', () => {
    const uris = Object.fromEntries(
      firstRun(sarifOf()).results.map((r) => [
        r.ruleId,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
      ]),
    )
    expect(uris['tls.cert-valid']).toBe('https://docs.acme.test/')
    expect(uris['tls.hsts']).toBe('https://www.acme.test/')
    expect(uris['handover.baseline']).toBe('handover:release%20baseline')
  })

  it('records whether the run completed and when it started and ended', () => {
    const [invocation] = firstRun(sarifOf()).invocations
    expect(invocation).toEqual({
      executionSuccessful: true,
      startTimeUtc: '2026-11-29T12:37:02.345Z',
      endTimeUtc: '2026-11-29T12:37:04.690Z',
    })
    expect(
      firstRun(sarifOf({ ...sampleRun(), status: 'cancelled' })).invocations[0]?.executionSuccessful,
    ).toBe(false)
  })

  it('identifies the run in automationDetails', () => {
    expect(firstRun(sarifOf()).automationDetails.id).toBe('handover/20261129T123702Z-5829')
  })

  it('writes an empty results array, not a missing one, for a clean run', () => {
    const passing = sampleResults().filter((r) => r.status === 'pass')
    expect(firstRun(sarifOf(sampleRun(passing))).results).toEqual([])
  })

  // Bug: location() takes any single label for a host, so a manual check's failure (subject "engagement") is
  // located at https://engagement/. Fix: in sarif.ts only treat subjects with a dot as hosts:
  // /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.
  it('locates the failure of a manual check under handover:, not at a made-up https:// host', () => {
    const attested = resultOf('handover.rollback', {
      subject: 'engagement',
      outcome: 'attested-fail',
      facts: { by: 'Dana Reviewer', at: '2026-11-28', note: 'no runbook' },
    })
    const [result] = firstRun(sarifOf(sampleRun([attested]))).results
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('handover:engagement')
  })

  // Bug: an error result is written with kind "review" and a level from its severity, but SARIF 2.1.0 §3.27.9
  // says "If level has any value other than "none" and kind is present, then kind SHALL have the value "fail"".
  // Fix: in sarif.ts write could-not-observe results as kind "open" with level "none" (severity stays in
  // properties), or as kind "fail" if dashboards must rank them.
  it('writes could-not-observe results with a kind and level that SARIF allows together', () => {
    const errors = firstRun(sarifOf()).results.filter((r) => r.properties.status === 'error')
    expect(errors).toHaveLength(1)
    for (const r of errors)
      expect(r.kind === 'fail' || r.level === 'none', `kind ${r.kind} with level ${r.level}`).toBe(true)
  })
})
