// Every browser-flow probe kind of stage 5 and its data schema (fixtures are validated against these).
import type { z } from 'zod'
import { cacheSwitchFactsSchema, flowsCacheSwitch } from './flows-cache'
import { flowsFactsSchema, flowsScripts } from './flows-scripts'

/** The browser-flow probes. */
export const FLOWS_PROBES = [flowsCacheSwitch, flowsScripts]

/** Data schema of each browser-flow probe kind. */
export const FLOWS_DATA: Record<string, z.ZodType> = {
  'flows.cache-switch': cacheSwitchFactsSchema,
  'flows.scripts': flowsFactsSchema,
}
