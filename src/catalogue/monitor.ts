// Texts for the monitoring checks of stage 6.
import type { CheckText } from './types'

/** Names, purposes and outcome texts of the monitor.* checks, by check id. */
export const MONITOR_TEXTS = {
  'monitor.uptime': {
    name: 'Uptime targets answer',
    purpose:
      'An uptime monitor is only as good as what it watches: the homepage and one authenticated health endpoint must answer correctly, or nobody learns of an outage before a client does.',
    outcomes: {
      up: {
        status: 'pass',
        title: 'The {kind} answers correctly',
        summary: '{subject} answered {status} with the expected content over a trusted certificate.',
        remediation: 'Nothing to do. Point the uptime monitor at this URL (every minute, from two regions).',
      },
      'not-answering': {
        status: 'fail',
        severity: 'critical',
        title: 'The {kind} does not answer',
        summary: '{subject} did not answer ({code}): {reason}',
        remediation:
          'Bring the {kind} back and find out why the uptime monitor (if any) did not page anyone; then run stage 6 again.',
      },
      'bad-status': {
        status: 'fail',
        severity: 'critical',
        title: 'The {kind} answers {status}',
        summary: '{url} answered {status} instead of a 2xx.',
        remediation:
          'Fix what makes the {kind} fail; a health endpoint that needs a session should accept the monitoring account (monitoring.account).',
      },
      'unexpected-body': {
        status: 'fail',
        severity: 'critical',
        title: 'The {kind} answers, but not healthy',
        summary: '{url} answered {status}, but {reason}.',
        remediation:
          'Repair the dependency the health endpoint reports as failing; make the endpoint answer 503 while it is unhealthy so a status-only monitor notices too.',
      },
      'tls-invalid': {
        status: 'fail',
        severity: 'critical',
        title: 'The {kind} is served over an invalid certificate',
        summary:
          '{url} answered {status}, but its certificate is not valid ({reason}): browsers and monitors refuse it.',
        remediation:
          'Install a trusted certificate for the host (see tls.cert-valid) and keep renewal automated.',
      },
      'no-health-endpoint': {
        status: 'fail',
        severity: 'high',
        title: 'No health endpoint is watched',
        summary: '{reason} The homepage alone cannot tell whether the API and its database work.',
        remediation:
          'Expose a health endpoint behind a session (or a secret path) that checks the database and storage, and list it as monitoring.health.',
      },
    },
  },
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
  'monitor.request-id': {
    name: 'Responses carry request ids',
    purpose:
      "A request id on every response lets support trace one user's failing request across services instead of digging through logs by time.",
    outcomes: {
      echoed: {
        status: 'pass',
        title: 'Every response carries a request id, and a supplied one comes back',
        summary:
          '{subject}: {header} on all {answered} answered samples; the supplied X-Request-Id {sent} came back.',
        remediation: 'Nothing to do. Make sure the id is written into every log line and error report.',
      },
      'not-echoed': {
        status: 'warn',
        severity: 'low',
        title: 'Request ids are set, but a supplied one is ignored',
        summary:
          '{subject}: {header} on all {answered} answered samples, but the supplied X-Request-Id {sent} did not come back, so a trace from the browser or the edge breaks here.',
        remediation:
          'Accept an incoming X-Request-Id (or traceparent) and reuse it instead of making a new one, so one id follows the request end to end.',
      },
      partial: {
        status: 'fail',
        severity: 'medium',
        title: 'Only some responses carry a request id',
        summary: '{subject}: request-id headers seen: {headers}, of {answered} answered samples.',
        remediation: 'Set the request id in one middleware that runs for every response, errors included.',
      },
      missing: {
        status: 'fail',
        severity: 'medium',
        title: 'Responses carry no request id',
        summary:
          '{subject}: none of {answered} answered samples had X-Request-Id, traceparent or a similar header, and the supplied id {sent} did not come back.',
        remediation:
          'Add a request-id middleware (reuse an incoming X-Request-Id or traceparent, else make one), return it as X-Request-Id and write it into every log line and error report.',
      },
    },
  },
  'monitor.status-page': {
    name: 'Status page is live',
    purpose:
      "A status page that names the portal's parts saves the support inbox during an incident and shows clients it is being handled.",
    outcomes: {
      'names-components': {
        status: 'pass',
        title: "Status page names the portal's components",
        summary: '{subject} answered {status} and names {named}.',
        remediation: 'Nothing to do. Link it from the portal footer and the incident playbook.',
      },
      'no-components': {
        status: 'warn',
        severity: 'low',
        title: 'Status page does not name {missing}',
        summary:
          '{subject} answers, but does not name {missing}; a client cannot tell whether the part they use is affected.',
        remediation:
          'List each component the portal depends on (portal, API, sign-in, file storage) on the status page.',
      },
      unreachable: {
        status: 'fail',
        severity: 'low',
        title: 'Status page does not answer',
        summary: '{subject}: {reason}.',
        remediation:
          'Host the status page apart from the portal (a status provider), so it stays up when the portal is down.',
      },
      'none-declared': {
        status: 'fail',
        severity: 'low',
        title: 'No status page',
        summary: 'The engagement declares no status page ({reason}).',
        remediation:
          "Set up a status page with a provider, list the portal's components on it, and record it as monitoring.statusPage.",
      },
    },
  },
  'monitor.error-tracking': {
    name: 'Errors are tracked',
    purpose:
      'An exception in a client’s browser or a failed API call that nobody hears about is a support ticket days later: an error tracker (Sentry, Bugsnag, Rollbar, Datadog RUM and the like) must be set up and actually receive events.',
    outcomes: {
      captures: {
        status: 'pass',
        title: '{provider} receives the portal’s front-end exceptions',
        summary:
          '{subject}: {provider} is set up ({signature}); after a marked test exception the page sent {request}, {delivery}. API failures are reported from the server, out of the audit’s sight.',
        remediation:
          'Nothing to do for the front end. Confirm in {provider} that the test exception arrived and that the API’s own errors arrive too, with the request id attached.',
      },
      'ingest-refused': {
        status: 'fail',
        severity: 'medium',
        title: '{provider} refuses the portal’s error reports',
        summary:
          '{subject}: {provider} is set up ({signature}), but its ingest did not take the test exception: {request} → {answer}. Real errors are lost the same way.',
        remediation:
          'Check the DSN or key in the build against the project in {provider} (a deleted project or rotated key answers 401/403, a spent quota 429), fix it, deploy and run stage 6 again.',
      },
      'not-sending': {
        status: 'warn',
        severity: 'low',
        title: '{provider} is set up, but was not seen sending',
        summary: '{subject}: {provider} is set up ({signature}), but {reason}.',
        remediation:
          'Open the portal, throw a test error from the browser console (inside a setTimeout, so it is uncaught) and confirm it shows up in {provider}; check the SDK’s sample rate and beforeSend filter, then run stage 6 again or attest with `handover attest monitor.error-tracking`.',
      },
      'config-only': {
        status: 'fail',
        severity: 'medium',
        title: '{provider} is configured, but no SDK reports to it',
        summary:
          '{subject}: {provider} is named in what the portal serves ({signature}), but none of its scripts carries {provider}’s SDK or loader, and a marked test exception was sent nowhere. Front-end errors go unreported.',
        remediation:
          'Initialise the SDK in the app’s entry point with that configuration (e.g. Sentry.init with the DSN, before the app renders), allow its ingest in the CSP connect-src, deploy, and run stage 6 again.',
      },
      awaiting: {
        status: 'manual',
        title: 'No error tracker recognised: waiting for an answer',
        summary:
          'No error tracker was recognised in {seen}. Are front-end exceptions and API failures reported to one (Sentry, Bugsnag, Rollbar, Datadog, New Relic, LogRocket, Honeybadger or another)?',
        remediation:
          'Set up an error tracker for the front end and the API; or, if one is in place where the audit cannot see it (server side only, a tag manager), answer with `handover attest monitor.error-tracking --status pass --note "…"`.',
      },
      'attested-pass': {
        status: 'pass',
        title: 'Errors are tracked (attested)',
        summary: 'Confirmed by {by} on {at}: {note}',
        remediation: 'Nothing to do; keep the evidence with the handover pack.',
      },
      'attested-fail': {
        status: 'fail',
        severity: 'medium',
        title: 'Errors are not tracked (attested)',
        summary: 'Reported missing by {by} on {at}: {note}',
        remediation:
          'Set up an error tracker for the front end and the API (its SDK in the app’s entry point and in the server), route its alerts to the on-call channel, and run stage 6 again.',
      },
      'not-applicable': {
        status: 'skipped',
        title: 'Error tracking: not applicable',
        summary: 'Marked not applicable by {by} on {at}: {note}',
        remediation: 'Nothing to do.',
      },
    },
  },
  'monitor.alerting': {
    name: 'Alerts reach someone',
    purpose:
      'A monitor that sees an outage is worth nothing if its alert goes nowhere: a marked test alert must be accepted by the Slack-compatible webhook and the on-call mailbox the engagement names.',
    outcomes: {
      delivered: {
        status: 'pass',
        title: 'The {channel} test alert was accepted',
        summary: 'A [TEST] alert by {channel} to {to} was accepted: {answer}.',
        remediation:
          'Nothing to do. Confirm with the on-call person that the test alert showed up where they look, and note who saw it in the incident playbook.',
      },
      refused: {
        status: 'fail',
        severity: 'high',
        title: 'The {channel} alert route refused the test alert',
        summary:
          'A [TEST] alert by {channel} to {to} was not accepted: {answer}. Real alerts would be lost the same way.',
        remediation:
          'Repair the route: create a new incoming webhook (a disabled one answers 404 no_service) or fix the mailbox, update the keychain entry, and run stage 6 again with the alerts consent.',
      },
      'no-route': {
        status: 'fail',
        severity: 'high',
        title: 'No alert route is declared',
        summary: '{reason}, so nobody is told when the portal goes down.',
        remediation:
          "Route the uptime monitor's alerts to a Slack channel (an incoming webhook kept in the keychain as monitoring.alertWebhook) and an on-call mailbox (monitoring.alertEmail with monitoring.smtp).",
      },
    },
  },
} as const satisfies Record<string, CheckText>
