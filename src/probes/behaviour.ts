// Every behaviour probe kind and its data schema (fixtures are validated against these).
import type { z } from 'zod'
import { behaviourInput, inputFactsSchema } from './behaviour-input'

/** The behaviour probes. */
export const BEHAVIOUR_PROBES = [behaviourInput]

/** Data schema of each behaviour probe kind. */
export const BEHAVIOUR_DATA: Record<string, z.ZodType> = {
  'behaviour.input': inputFactsSchema,
}
