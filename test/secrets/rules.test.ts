// Every rule carries its own true and false positives (after gitleaks); this runs them through the whole engine.
import { describe, expect, it } from 'vitest'
import { FindingKey, RULES, scanSecrets } from '../../src/secrets'

const { key } = FindingKey.generate()

describe('the rule set', () => {
  it('covers at least 60 providers with unique rule ids', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length)
    expect(new Set(RULES.map((r) => r.provider)).size).toBeGreaterThanOrEqual(60)
  })

  it.each(RULES.map((r) => [r.id, r] as const))('%s has a risk, rotation steps and samples', (_id, rule) => {
    expect(rule.risk.length).toBeGreaterThan(10)
    expect(rule.rotation.length).toBeGreaterThan(0)
    expect(rule.samples.positive.length).toBeGreaterThan(0)
    expect(rule.keywords.length).toBeGreaterThan(0)
  })
})

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it.each(rule.samples.positive.map((s, i) => [i, s] as const))('finds true positive %i', (_i, sample) => {
    expect(scanSecrets(sample, { key }).map((f) => f.rule)).toContain(id)
  })
  if (rule.samples.negative.length > 0)
    it.each(rule.samples.negative.map((s, i) => [i, s] as const))(
      'reports no secret in false positive %i',
      (_i, sample) => {
        expect(scanSecrets(sample, { key }).filter((f) => f.exposure === 'secret')).toEqual([])
      },
    )
})
