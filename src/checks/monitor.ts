// The monitoring checks of stage 6, registered together.
import type { CheckDefinition } from './check'
import { monitorErrorRate } from './monitor.error-rate'
import { monitorLatency } from './monitor.latency'

/** The checks of stage 6 (monitoring). */
export const MONITOR_CHECKS: readonly CheckDefinition[] = [monitorLatency, monitorErrorRate]
