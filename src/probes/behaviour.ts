// Every behaviour probe kind and its data schema (fixtures are validated against these).
import type { z } from 'zod'
import { assistantFactsSchema, behaviourAssistant } from './behaviour-assistant'
import { behaviourInput, inputFactsSchema } from './behaviour-input'
import { behaviourIsolation, isolationFactsSchema } from './behaviour-isolation'
import { burstFactsSchema, rateLimitApi, rateLimitLogin } from './behaviour-ratelimit'
import { behaviourUpload, uploadFactsSchema } from './behaviour-upload'

/** The behaviour probes. */
export const BEHAVIOUR_PROBES = [
  behaviourInput,
  rateLimitLogin,
  rateLimitApi,
  behaviourUpload,
  behaviourIsolation,
  behaviourAssistant,
]

/** Data schema of each behaviour probe kind. */
export const BEHAVIOUR_DATA: Record<string, z.ZodType> = {
  'behaviour.input': inputFactsSchema,
  'behaviour.rate-limit-login': burstFactsSchema,
  'behaviour.rate-limit-api': burstFactsSchema,
  'behaviour.upload': uploadFactsSchema,
  'behaviour.isolation': isolationFactsSchema,
  'behaviour.assistant': assistantFactsSchema,
}
