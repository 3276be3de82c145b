// The exposed-secrets checks of stage 3, registered together.
import type { CheckDefinition } from './check'
import { secretsEnvFiles } from './secrets.env-files'
import { secretsEnvReuse } from './secrets.env-reuse'
import { secretsFrontend } from './secrets.frontend'
import { secretsLogs } from './secrets.logs'
import { secretsRepo } from './secrets.repo'
import { secretsWebhooks } from './secrets.webhooks'

/** The checks of stage 3 (exposed secrets). */
export const SECRETS_CHECKS: readonly CheckDefinition[] = [
  secretsFrontend,
  secretsRepo,
  secretsEnvFiles,
  secretsEnvReuse,
  secretsLogs,
  secretsWebhooks,
]
