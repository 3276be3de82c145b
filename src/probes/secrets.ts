// The secrets probes and the zod shape of each one's data (test/checks/fixtures.ts validates fixtures with them).
import type { z } from 'zod'
import { frontendScanSchema, secretsFrontend } from './secrets-frontend'
import { envScanSchema, secretsEnv } from './secrets-env'
import { logScanSchema, secretsLogs } from './secrets-logs'
import { repoScanSchema, secretsRepo } from './secrets-repo'
import { secretsWebhook, webhookProbeSchema } from './secrets-webhooks'

/** The probes of stage 3 (exposed secrets). */
export const SECRETS_PROBES = [secretsFrontend, secretsRepo, secretsEnv, secretsLogs, secretsWebhook]

/** Data schema of each secrets probe kind. */
export const SECRETS_DATA: Record<string, z.ZodType> = {
  'secrets.frontend': frontendScanSchema,
  'secrets.repo': repoScanSchema,
  'secrets.env': envScanSchema,
  'secrets.logs': logScanSchema,
  'secrets.webhook': webhookProbeSchema,
}
