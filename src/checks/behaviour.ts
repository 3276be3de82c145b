// The behaviour checks of issue 10 (input validation, rate limits, stage-5 smoke tests), registered together.
import type { CheckDefinition } from './check'
import { edgeRateLimitApi } from './edge.rate-limit-api'
import { edgeRateLimitLogin } from './edge.rate-limit-login'
import { smokeIsolation } from './smoke.isolation'
import { smokeAiAssistant } from './smoke.ai-assistant'
import { smokeUpload } from './smoke.upload'
import { surfaceInputValidation } from './surface.input-validation'

/** The behaviour checks, in registry order. */
export const BEHAVIOUR_CHECKS: readonly CheckDefinition[] = [
  surfaceInputValidation,
  edgeRateLimitLogin,
  edgeRateLimitApi,
  smokeUpload,
  smokeIsolation,
  smokeAiAssistant,
]
