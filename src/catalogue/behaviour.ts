// Texts for the behaviour checks of issue 10 (input validation; rate limits and smoke tests to come).
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
} as const satisfies Record<string, CheckText>
