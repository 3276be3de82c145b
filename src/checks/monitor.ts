// The monitoring checks of stage 6, registered together.
import type { CheckDefinition } from './check'
import { monitorAlerting } from './monitor.alerting'
import { monitorErrorRate } from './monitor.error-rate'
import { monitorErrorTracking } from './monitor.error-tracking'
import { monitorLatency } from './monitor.latency'
import { monitorRequestId } from './monitor.request-id'
import { monitorStatusPage } from './monitor.status-page'
import { monitorUptime } from './monitor.uptime'

/** The checks of stage 6 (monitoring). */
export const MONITOR_CHECKS: readonly CheckDefinition[] = [
  monitorUptime,
  monitorLatency,
  monitorErrorRate,
  monitorRequestId,
  monitorErrorTracking,
  monitorStatusPage,
  monitorAlerting,
]
