// The one test that keeps the registry, the catalogue and the fixtures in step (STYLE.md): every outcome a check
// can produce has words and a fixture, and every fixture evaluates to the outcome its file is named after.
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CATALOGUE, outcomeText } from '../../src/catalogue/catalogue'
import { GENERIC_OUTCOMES, type CheckDefinition } from '../../src/checks/check'
import { CHECKS, checkById } from '../../src/checks/registry'
import type { Engagement } from '../../src/engagement/load'
import { PROBES } from '../../src/probes'
import { legacyProbeKey, probeKey } from '../../src/probes/probe'
import {
  engagementOf,
  evaluateFixture,
  fixtureFiles,
  fixtureFolders,
  FIXTURE_ROOT,
  readFixture,
  unfilled,
} from './fixtures'

/** An engagement that declares every kind of host a check may derive probes from. */
const SAMPLE = {
  domains: { apex: 'acme.test', www: true, subdomains: ['app', 'api', 'help'] },
  portal: { url: 'https://app.acme.test/', login: 'https://app.acme.test/login' },
  api: { base: 'https://api.acme.test/' },
  auth: { kind: 'form', login: { url: 'https://app.acme.test/session' } },
  monitoring: { health: 'https://api.acme.test/health', statusPage: 'https://status.acme.test/' },
  mail: { domain: 'acme.test', dkimSelectors: ['s1'], senders: ['app.acme.test'] },
}

let sample: Engagement
beforeAll(async () => {
  sample = await engagementOf(SAMPLE, FIXTURE_ROOT)
})

const FILES = fixtureFiles()
const producible = (check: CheckDefinition): string[] => [...check.outcomes, ...GENERIC_OUTCOMES]
const needsProbes = (check: CheckDefinition): boolean => check.needs(sample).length > 0

describe('the check registry', () => {
  it('gives every check a unique id', () => {
    const ids = CHECKS.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it.each(CHECKS.map((c) => [c.id, c] as const))('gives %s a positive integer version', (_id, check) => {
    expect(Number.isInteger(check.version) && check.version > 0).toBe(true)
  })

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'lists the own outcomes of %s once each, apart from the generic ones',
    (_id, check) => {
      expect(new Set(check.outcomes).size).toBe(check.outcomes.length)
      expect(check.outcomes.filter((o) => (GENERIC_OUTCOMES as readonly string[]).includes(o))).toEqual([])
    },
  )

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'plans the same probe keys for %s every time',
    (_id, check) => {
      const first = check.needs(sample).map((r) => r.key)
      const second = check.needs(structuredClone(sample)).map((r) => r.key)
      expect(second).toEqual(first)
      expect(new Set(first).size).toBe(first.length)
      for (const req of check.needs(sample)) {
        expect(req.key).toBe(probeKey(req.kind, req.subject, req.params))
        expect(PROBES.has(req.kind), `no probe of kind ${req.kind}`).toBe(true)
      }
    },
  )
})

describe('the catalogue', () => {
  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'has words for every outcome %s can produce',
    (_id, check) => {
      for (const outcome of producible(check)) {
        const text = outcomeText(check.id, outcome)
        expect(text, `${check.id}/${outcome}`).toBeDefined()
        expect(text!.title.trim(), `${check.id}/${outcome} title`).not.toBe('')
        expect(text!.summary.trim(), `${check.id}/${outcome} summary`).not.toBe('')
        expect(text!.remediation.trim(), `${check.id}/${outcome} remediation`).not.toBe('')
      }
    },
  )

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'gives a severity to the failing, warning and error outcomes of %s and to no other',
    (_id, check) => {
      for (const outcome of producible(check)) {
        const text = outcomeText(check.id, outcome)!
        const counted = text.status === 'fail' || text.status === 'warn' || text.status === 'error'
        expect(text.severity !== undefined, `${check.id}/${outcome} (${text.status})`).toBe(counted)
      }
    },
  )

  it('has no entry for a check that is not registered', () => {
    expect(Object.keys(CATALOGUE).filter((id) => !checkById(id))).toEqual([])
  })

  it('has no outcome that its check does not declare', () => {
    const orphans = Object.entries(CATALOGUE).flatMap(([id, text]) =>
      Object.keys(text.outcomes)
        .filter((o) => !checkById(id)?.outcomes.includes(o))
        .map((o) => `${id}/${o}`),
    )
    expect(orphans).toEqual([])
  })
})

describe('the check fixtures', () => {
  it('live only in folders named after registered checks', () => {
    expect(fixtureFolders().filter((id) => !checkById(id))).toEqual([])
  })

  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'cover every own outcome of %s, and error when it probes',
    (_id, check) => {
      const covered = new Set(FILES.filter((f) => f.checkId === check.id).map((f) => f.outcome))
      const required = needsProbes(check) ? [...check.outcomes, 'error'] : [...check.outcomes]
      expect(required.filter((o) => !covered.has(o))).toEqual([])
    },
  )

  describe.each(FILES.map((f) => [f.name, f] as const))('%s', (_name, file) => {
    it(`evaluates to its expected outcome: ${file.description}`, async () => {
      const check = checkById(file.checkId)
      expect(check, `no registered check ${file.checkId}`).toBeDefined()
      const fixture = readFixture(file.file)
      const { outcome, status, subject, severity, code } = fixture.expect
      expect(outcome, 'the file name names the expected outcome').toBe(file.outcome)
      expect(producible(check!), `${outcome} is not an outcome of ${check!.id}`).toContain(outcome)

      const { engagement, result, results } = await evaluateFixture(check!, fixture, path.dirname(file.file))
      // Fixtures written before keys covered the params name observations `kind:subject`; both forms are read.
      const wanted = new Set(check!.needs(engagement).flatMap((r) => [r.key, legacyProbeKey(r)]))
      expect(
        Object.keys(fixture.observations).filter((k) => !wanted.has(k)),
        'observations the check never asks for',
      ).toEqual([])

      expect(
        result,
        `no result for ${subject}; got ${results.map((r) => r.subject).join(', ')}`,
      ).toBeDefined()
      expect({ outcome: result!.outcome, status: result!.status }).toEqual({ outcome, status })
      expect(result!.severity, 'severity').toBe(severity)
      if (outcome === 'error') expect(code, 'an error fixture names the code it expects').toBeDefined()
      expect(result!.code, 'code').toBe(code)
      expect(result!.fingerprint).toBe(`${check!.id}|${subject}`)
      for (const field of ['title', 'summary', 'remediation'] as const) {
        expect(unfilled(result![field]), `${field}: ${result![field]}`).toEqual([])
      }
    })
  })
})
