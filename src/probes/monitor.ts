// The monitoring probes of stage 6, registered together.
import type { z } from 'zod'
import { alertProbeSchema, monitorAlert } from './monitor-alert'
import { errorTrackingSchema, monitorErrorTracking } from './monitor-error-tracking'
import { latencyObservationSchema, monitorLatency } from './monitor-latency'

/** The probes of stage 6 (monitoring). */
export const MONITOR_PROBES = [monitorLatency, monitorAlert, monitorErrorTracking]

/** Data shape of each monitoring probe kind (for stored runs and fixtures). */
export const MONITOR_DATA: Record<string, z.ZodType> = {
  'monitor.latency': latencyObservationSchema,
  'monitor.alert': alertProbeSchema,
  'monitor.error-tracking': errorTrackingSchema,
}
