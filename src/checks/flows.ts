// The browser-flow checks of stage 5 (consent flows), registered together.
import type { CheckDefinition } from './check'
import { smokeCacheSwitch } from './smoke.cache-switch'
import { smokeFlows } from './smoke.flows'

/** The browser-flow checks, in registry order. */
export const FLOWS_CHECKS: readonly CheckDefinition[] = [smokeCacheSwitch, smokeFlows]
