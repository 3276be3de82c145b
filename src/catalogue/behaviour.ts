// Texts for the behaviour checks of issue 10 (input validation, rate limits).
import type { CheckText } from './types'

/** Catalogue texts of the behaviour checks. */
export const BEHAVIOUR_TEXTS = {
  'surface.input-validation': {
    name: 'Input validation on write endpoints',
    purpose:
      'A write endpoint must refuse a malformed body, fields of the wrong type and an oversized field with a 4xx, and never crash; the check sends the valid sample first, then each bad variant with a marker, and judges from what comes back.',
    outcomes: {
      validates: {
        status: 'pass',
        title: 'Bad input is refused',
        summary:
          '{subject} accepted the valid sample ({control}) and refused a malformed body, wrong-typed fields and a 1 MiB field ({statuses}).',
        remediation: 'Nothing to do.',
      },
      'accepts-invalid': {
        status: 'fail',
        severity: 'high',
        title: 'A write endpoint accepts invalid input',
        summary:
          '{subject} answered {status} to {variant} sent as {account}, and its answer carries the marker that was sent: the bad input was kept.',
        remediation:
          'Validate every write on the server against a schema (types, required fields, lengths, unknown fields) before storing anything, and answer 400/422 (413 for a body too large) otherwise.',
      },
      crashes: {
        status: 'fail',
        severity: 'high',
        title: 'A write endpoint crashes on bad input',
        summary:
          '{subject} answered {status} to {variant} sent as {account}, with a stack trace in its answer: the handler threw and the trace reached the client.',
        remediation:
          'Parse and validate the body before using it and answer 400/422 on failure; in production, let the error handler answer a generic 500 and log the trace on the server only.',
      },
      'server-error': {
        status: 'warn',
        severity: 'medium',
        title: 'A write endpoint answers bad input with a server error',
        summary:
          '{subject} answered {status} to {variant} sent as {account}; the answer shows no trace, so a crash is likely but not proven.',
        remediation:
          'Refuse bad input with 400/422 before it reaches code that can fail; a 5xx on a client’s mistake hides real outages in the error rate.',
      },
      unconfirmed: {
        status: 'warn',
        severity: 'low',
        title: 'A write endpoint answered bad input with success',
        summary:
          '{subject} answered {status} to {variant} sent as {account}, but its answer does not show whether the input was kept.',
        remediation:
          'Check whether the record was stored; an endpoint that validates answers 400/422 instead of a 2xx to bad input.',
      },
    },
  },
  'edge.rate-limit-login': {
    name: 'Failed sign-ins are throttled',
    purpose:
      'Repeated failed sign-ins must be slowed, locked or challenged, or a password can be guessed; the check sends failed sign-ins for a username that is no real account and stops at the first throttle.',
    outcomes: {
      throttled: {
        status: 'pass',
        title: 'Failed sign-ins are throttled',
        summary: '{subject} throttled failed sign-ins as {as}: {why}.',
        remediation: 'Nothing to do; keep the limit on every sign-in path (API, form, password reset).',
      },
      'never-throttled': {
        status: 'fail',
        severity: 'high',
        title: 'Failed sign-ins are never throttled',
        summary:
          '{subject} answered {sent} failed sign-ins as {as} in a row the same way ({status}) and never slowed, locked or challenged them.',
        remediation:
          'Limit failed sign-ins per account and per client address (e.g. 5 per minute, then 429 with Retry-After or a CAPTCHA), at the edge (a rate-limit rule on the sign-in path) or in the app.',
      },
    },
  },
  'edge.rate-limit-api': {
    name: 'API bursts are throttled',
    purpose:
      'A burst against the API must be throttled, so one client or a stolen token cannot scrape the data or exhaust the service; the check calls one declared read in a burst and stops at the first throttle.',
    outcomes: {
      throttled: {
        status: 'pass',
        title: 'API bursts are throttled',
        summary: '{subject} throttled a burst as {as}: {why}.',
        remediation: 'Nothing to do.',
      },
      'never-throttled': {
        status: 'fail',
        severity: 'medium',
        title: 'API bursts are never throttled',
        summary:
          '{subject} answered all {sent} requests of a burst as {as} ({status}, the same data at the end as at the start) and never throttled them.',
        remediation:
          'Rate-limit the API per token and per client address (answer 429 with Retry-After past the limit), at the edge or in the app.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
