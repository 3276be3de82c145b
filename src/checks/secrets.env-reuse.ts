// secrets.env-reuse: no credential has the same value in two environments (compared by keyed hash).
import { envScanOf, type EnvScanFacts } from '../probes/secrets-env'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { groupBy } from './support/secrets'
import { notConfigured, needsIfDeclared } from './support/declared'

/** secrets.env-reuse: Each environment has its own credentials. */
export const secretsEnvReuse = defineCheck({
  id: 'secrets.env-reuse',
  version: 1,
  stage: 3,
  mode: 'passive',
  outcomes: ['distinct', 'shared'],
  needs: needsIfDeclared(envScanOf),
  evaluate(observations, { engagement }): FindingOf<'secrets.env-reuse'>[] {
    const req = envScanOf(engagement)
    const declared = Object.keys(engagement.sources?.envFiles ?? {})
    if (!req || declared.length < 2)
      return [
        notConfigured(
          'env files',
          'Comparing environments needs env files of at least two (sources.envFiles: production, staging…).',
        ),
      ]
    const obs = observations.get<EnvScanFacts>(req)
    if (!obs?.data) return [observationError('env files', obs)]
    const results: FindingOf<'secrets.env-reuse'>[] = obs.data.environments
      .filter((e) => e.error)
      .map((e) => ({
        subject: `env:${e.name}`,
        outcome: 'error',
        code: e.error!.code,
        facts: { reason: e.error!.message },
      }))
    const credentials = obs.data.environments.flatMap((e) =>
      e.variables.filter((v) => v.secretLike && v.hash).map((v) => ({ env: e.name, file: e.file, ...v })),
    )
    for (const [, same] of groupBy(credentials, (v) => v.hash!)) {
      const envs = [...new Set(same.map((v) => v.env))]
      if (envs.length < 2) continue
      const names = [...new Set(same.map((v) => v.name))].sort()
      results.push({
        subject: names.join(' / '),
        outcome: 'shared',
        facts: { names: names.join(', '), environments: envs.join(', '), length: same[0]!.length },
        evidence: same.map((v) => ({
          label: `${v.env}: ${v.file} line ${v.line}`,
          value: `${v.name} — same keyed hash as in ${envs.filter((e) => e !== v.env).join(', ')} (value not shown)`,
          observation: obs.key,
        })),
      })
    }
    if (results.length > 0) return results
    return [
      {
        subject: 'env files',
        outcome: 'distinct',
        facts: {
          environments: obs.data.environments.map((e) => e.name).join(', '),
          credentials: credentials.length,
        },
      },
    ]
  },
})
