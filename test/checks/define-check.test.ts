// defineCheck holds a check to the catalogue at compile time: each `@ts-expect-error` below is a mistake that must
// fail `tsc` (npm test's typecheck step fails on an unused directive, so a rule that stopped holding is noticed).
import { describe, expect, it } from 'vitest'
import { CATALOGUE } from '../../src/catalogue/catalogue'
import { defineCheck, type FactsOf, type FindingOf, type OutcomeOf } from '../../src/checks/define'
import { CHECKS } from '../../src/checks/registry'
import { hsts } from '../../src/checks/tls.hsts'

const base = { version: 1, stage: 4 as const, mode: 'passive' as const, needs: () => [] }

describe('defineCheck', () => {
  it('refuses, at compile time, an outcome the catalogue does not list for the check', () => {
    const check = defineCheck({
      ...base,
      id: 'tls.hsts',
      // @ts-expect-error 'strnog' is not an outcome of tls.hsts in the catalogue
      outcomes: ['strong', 'strnog'],
      evaluate: () => [],
    })
    expect(check.outcomes).toEqual(['strong', 'strnog'])
  })

  it('refuses a finding whose outcome the check did not declare', () => {
    const check = defineCheck({
      ...base,
      id: 'tls.hsts',
      outcomes: ['missing'],
      // @ts-expect-error 'strong' is in the catalogue but not among this check's outcomes
      evaluate: () => [{ subject: 'a.test', outcome: 'strong', facts: { maxAge: 1, days: 0, extras: '' } }],
    })
    expect(check.id).toBe('tls.hsts')
  })

  it('refuses a finding that lacks a fact its texts name ({days} of tls.hsts/strong)', () => {
    const findings: FindingOf<'tls.hsts'>[] = [
      // @ts-expect-error the summary of tls.hsts/strong names {maxAge}, {days} and {extras}; {days} is missing
      { subject: 'a.test', outcome: 'strong', facts: { maxAge: 31_536_000, extras: '' } },
      { subject: 'a.test', outcome: 'strong', facts: { maxAge: 31_536_000, days: 365, extras: '' } },
      // @ts-expect-error the generic error outcome names {reason}
      { subject: 'a.test', outcome: 'error', facts: {} },
    ]
    expect(findings).toHaveLength(3)
  })

  it('refuses an id the catalogue has no texts for', () => {
    // @ts-expect-error 'tls.hstss' has no catalogue entry
    const check = defineCheck({ ...base, id: 'tls.hstss', outcomes: [], evaluate: () => [] })
    expect(CATALOGUE[check.id]).toBeUndefined()
  })

  it('reads outcome ids and template facts from the catalogue texts themselves', () => {
    const outcomes: OutcomeOf<'tls.hsts'>[] = [
      'strong',
      'short-max-age',
      'missing',
      'invalid',
      'untrusted-certificate',
    ]
    const facts: FactsOf<'tls.hsts', 'invalid'>[] = ['header', 'reason']
    expect(Object.keys(CATALOGUE['tls.hsts']!.outcomes).sort()).toEqual([...outcomes].sort())
    expect(CATALOGUE['tls.hsts']!.outcomes.invalid!.summary).toContain(`{${facts[0]}}`)
  })

  it('returns a plain check definition that the registry runs as before', () => {
    expect(CHECKS).toContain(hsts)
    expect(hsts.outcomes).toEqual(['strong', 'short-max-age', 'missing', 'invalid', 'untrusted-certificate'])
  })
})
