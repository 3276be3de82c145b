// Texts for the monitoring checks of stage 6.
import type { CheckText } from './types'

/** Names, purposes and outcome texts of the monitor.* checks, by check id. */
export const MONITOR_TEXTS = {
  'monitor.latency': {
    name: 'Core reads answer fast',
    purpose:
      'A prospect clicking through a demo feels the slow tail, not the average: p95 of the core reads should stay under 300 ms.',
    outcomes: {
      'under-target': {
        status: 'pass',
        title: 'p95 latency under 300 ms',
        summary:
          '{subject}: p95 {p95} ms (p50 {p50} ms, p99 {p99} ms) over {count} samples, request start to last body byte on kept-alive connections.',
        remediation: 'Nothing to do. Watch p95 in the monitoring dashboard after launch.',
      },
      'over-target': {
        status: 'fail',
        severity: 'high',
        title: 'p95 latency is {p95} ms, over the 300 ms target',
        summary:
          '{subject}: p95 {p95} ms (p50 {p50} ms, p99 {p99} ms) over {count} samples; {slower} samples took 300 ms or more. Connection set-up is not counted, so the time is spent by the API itself.',
        remediation:
          'Find what the slow requests share (a missing index, an N+1 query, a cold cache, a lock) from the request ids in the logs, fix it, and sample again.',
      },
      'no-answers': {
        status: 'error',
        severity: 'high',
        title: 'No sample of the core read succeeded',
        summary:
          '{subject}: none of the {sent} samples was answered with a 2xx or 3xx status ({failed} failed), so no latency could be measured.',
        remediation:
          'Check that the URL is a read the monitoring account may make (monitoring.account), then run stage 6 again.',
      },
    },
  },
  'monitor.error-rate': {
    name: 'Core reads rarely fail',
    purpose:
      'Failed requests on normal traffic are outages in small pieces: the sprint brief asks for an error rate under 1 %.',
    outcomes: {
      'no-errors': {
        status: 'pass',
        title: 'No sampled request failed',
        summary: '{subject}: 0 of {sent} sampled requests failed.',
        remediation: 'Nothing to do.',
      },
      'under-target': {
        status: 'pass',
        title: 'Error rate {rate}, under the 1 % target',
        summary: '{subject}: {failed} of {sent} sampled requests failed ({rate}): {causes}.',
        remediation: 'Look up the failed requests by request id and make sure error tracking captured them.',
      },
      'over-target': {
        status: 'fail',
        severity: 'high',
        title: 'Error rate {rate}, over the 1 % target',
        summary: '{subject}: {failed} of {sent} sampled requests failed ({rate}): {causes}.',
        remediation:
          'Trace the failing requests (status and code above) to their cause in the server logs or error tracking, fix it, and sample again.',
      },
      'too-few-samples': {
        status: 'warn',
        severity: 'low',
        title: 'Too few samples to show an error rate under 1 %',
        summary:
          '{subject}: {failed} of {sent} sampled requests failed; under 100 samples a single failure is a whole percent.',
        remediation: 'Raise monitoring.samples to 200 or more and run stage 6 again.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
