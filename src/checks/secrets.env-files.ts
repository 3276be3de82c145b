// secrets.env-files: no `.env`-style file is tracked by git.
import { repoScanOf } from '../probes/secrets-repo'
import { defineCheck, type FindingOf } from './define'
import { repoScanFor } from './support/secrets'
import { needsIfDeclared } from './support/declared'

/** secrets.env-files: No env files in git. */
export const secretsEnvFiles = defineCheck({
  id: 'secrets.env-files',
  version: 1,
  stage: 3,
  mode: 'passive',
  outcomes: ['none-tracked', 'tracked', 'tracked-empty'],
  needs: needsIfDeclared(repoScanOf),
  evaluate(observations, { engagement }): FindingOf<'secrets.env-files'>[] {
    const found = repoScanFor(observations, engagement)
    if ('instead' in found) return [found.instead]
    const { subject, scan: obs } = found
    const files = obs.data.envFiles
    if (files.length === 0)
      return [{ subject: subject, outcome: 'none-tracked', facts: { files: obs.data.tree.files } }]
    return files.map((f) => ({
      subject: f.path,
      outcome: f.filled > 0 ? 'tracked' : 'tracked-empty',
      facts: { variables: f.variables, filled: f.filled },
      evidence: [
        {
          label: `tracked by git: ${f.path}`,
          value: `${f.variables} variables, ${f.filled} with a value (values are not shown)`,
          observation: obs.key,
        },
      ],
    }))
  },
})
