// Check fixtures: test/fixtures/checks/<check-id>/<outcome>[.<n>].json, loaded, validated and evaluated.
// Adding a case adds a file; this module and catalogue.test.ts need no change (STYLE.md, after secretlint).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { CheckDefinition, Finding } from '../../src/checks/check'
import { checkById } from '../../src/checks/registry'
import type { Attestation, CheckResult, Observation } from '../../src/core/types'
import { SEVERITIES, STATUSES } from '../../src/core/types'
import { declaredHosts, parseEngagement, type Engagement } from '../../src/engagement/load'
import { engagementSchema } from '../../src/engagement/schema'
import { evaluateChecks } from '../../src/engine/runner'
import { observationSchema } from '../../src/probes/schemas'

/** Folder holding one sub-folder of fixtures per check id. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../fixtures/checks/', import.meta.url))

const isoDate = z.iso.datetime({ offset: true })

const attestation = z.strictObject({
  check: z.string(),
  subject: z.string().optional(),
  status: z.enum(['pass', 'fail', 'not-applicable']),
  note: z.string().optional(),
  evidence: z.strictObject({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  by: z.string().min(1),
  at: isoDate,
})

/** A result of another check, replayed through the catalogue before a `phase: 'after'` check runs. */
const priorResult = z.strictObject({ check: z.string(), subject: z.string(), outcome: z.string() })

const fixtureSchema = z.strictObject({
  description: z.string().min(10),
  now: isoDate,
  /** Only the engagement fields the check reads; `schema`, `name` and `scope` are filled in. */
  engagement: z.record(z.string(), z.unknown()),
  observations: z.record(z.string(), observationSchema).default({}),
  attestations: z.array(attestation).default([]),
  results: z.array(priorResult).default([]),
  expect: z.strictObject({
    subject: z.string(),
    outcome: z.string(),
    status: z.enum(STATUSES),
    severity: z.enum(SEVERITIES).optional(),
    code: z.string().optional(),
  }),
})

export type CheckFixture = z.output<typeof fixtureSchema>
export type PriorResult = z.output<typeof priorResult>

/** One fixture file, located but not yet validated. */
export interface FixtureFile {
  /** `tls.hsts/strong.2.json`, for test names. */
  name: string
  checkId: string
  /** The outcome named by the file: `strong` for strong.2.json. */
  outcome: string
  file: string
  description: string
}

/** Every check folder under the fixture root. */
export function fixtureFolders(): string[] {
  return readdirSync(FIXTURE_ROOT)
    .filter((d) => statSync(path.join(FIXTURE_ROOT, d)).isDirectory())
    .sort()
}

/** Every fixture file, sorted; the description is read for test names only. */
export function fixtureFiles(): FixtureFile[] {
  return fixtureFolders().flatMap((checkId) =>
    readdirSync(path.join(FIXTURE_ROOT, checkId))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const file = path.join(FIXTURE_ROOT, checkId, f)
        let description = ''
        try {
          description = String(
            (JSON.parse(readFileSync(file, 'utf8')) as { description?: unknown }).description ?? '',
          )
        } catch {
          // reported by readFixture inside the test
        }
        return {
          name: `${checkId}/${f}`,
          checkId,
          outcome: f.replace(/(\.\d+)?\.json$/, ''),
          file,
          description,
        }
      }),
  )
}

/** Parses and validates one fixture file; throws a message naming the file and the field. */
export function readFixture(file: string): CheckFixture {
  const parsed = fixtureSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new Error(
      `${path.relative(FIXTURE_ROOT, file)}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
    )
  }
  return parsed.data
}

/**
 * A full Engagement from the fields a fixture gives: `schema` and `name` are filled in, `scope.allow` defaults to
 * the declared hosts, and the rest (hosts, network defaults, dir) comes from the real loader.
 */
export async function engagementOf(partial: Record<string, unknown>, dir: string): Promise<Engagement> {
  const draft: Record<string, unknown> = {
    schema: 'handover.engagement/1',
    name: 'Fixture portal',
    ...partial,
  }
  if (!('scope' in partial)) {
    const hosts = declaredHosts(engagementSchema.parse({ ...draft, scope: { allow: ['placeholder.test'] } }))
    draft.scope = { allow: hosts.length > 0 ? hosts : ['placeholder.test'] }
  }
  const loaded = await parseEngagement(JSON.stringify(draft), path.join(dir, 'handover.json'))
  if (!loaded.ok) throw new Error(`fixture engagement: ${loaded.error.message}`)
  return loaded.value
}

/** Stand-ins for the checks whose results a `phase: 'after'` check reads: they emit the given outcomes. */
function replay(prior: readonly PriorResult[]): CheckDefinition[] {
  return [...new Set(prior.map((r) => r.check))].map((id) => {
    const real = checkById(id)
    if (!real) throw new Error(`results name an unknown check ${id}`)
    const findings: Finding[] = prior
      .filter((r) => r.check === id)
      .map(({ subject, outcome }) => ({ subject, outcome }))
    return { ...real, phase: undefined, needs: () => [], evaluate: () => findings }
  })
}

export interface FixtureEvaluation {
  engagement: Engagement
  /** Every result of the check under test. */
  results: CheckResult[]
  /** The result for `expect.subject`, if the check produced one. */
  result?: CheckResult
}

/** Evaluates the check the way a run does: evaluateChecks over the stored observations. */
export async function evaluateFixture(
  check: CheckDefinition,
  fixture: CheckFixture,
  dir: string,
): Promise<FixtureEvaluation> {
  if (fixture.results.some((r) => r.check === check.id))
    throw new Error(`results must not include ${check.id} itself`)
  const engagement = await engagementOf(fixture.engagement, dir)
  const all = await evaluateChecks(
    [...replay(fixture.results), check],
    fixture.observations as Record<string, Observation>,
    {
      engagement,
      now: new Date(fixture.now),
      attestations: fixture.attestations as Attestation[],
    },
  )
  const results = all.filter((r) => r.check === check.id)
  return { engagement, results, result: results.find((r) => r.subject === fixture.expect.subject) }
}

/** `{placeholder}`s a template left unfilled. */
export function unfilled(text: string): string[] {
  // An SPF macro (%{p}, %{l}) or a path template (/api/invoices/{id}) quoted in a text is not a placeholder.
  return text.match(/(?<![%/])\{[A-Za-z0-9_]+\}/g) ?? []
}
