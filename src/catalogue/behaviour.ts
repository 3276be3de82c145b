// Texts for the behaviour checks of issue 10 (input validation, rate limits, stage-5 smoke tests).
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
  'smoke.upload': {
    name: 'Uploads refuse executables, malware and oversized files',
    purpose:
      'An upload endpoint must take only the files it is for: the check sends a valid file, then a Windows and a Linux executable named as allowed types, the EICAR antivirus test file, a file one byte over the declared limit and a type not on the list, and fetches back whatever was stored to compare its bytes.',
    outcomes: {
      refuses: {
        status: 'pass',
        title: 'Unsafe uploads are refused',
        summary: '{subject} took a valid file as {account} and refused every unsafe one ({statuses}).',
        remediation: 'Nothing to do; keep the checks on every upload path (avatars, imports, attachments).',
      },
      'accepts-unsafe': {
        status: 'fail',
        severity: 'high',
        title: 'The upload endpoint stores unsafe files',
        summary:
          '{subject} stored {accepted}, uploaded as {account}: the stored object was fetched back and its bytes are the file that was sent.',
        remediation:
          'Check each upload on the server: read the magic bytes and refuse a file whose content is not the type its name and Content-Type claim, scan it for malware (ClamAV or the storage provider’s scanner) before it is served, enforce the size limit before reading the body (413), allow only the listed types (415), and serve stored files with Content-Disposition: attachment and X-Content-Type-Options: nosniff from a separate domain.',
      },
      unconfirmed: {
        status: 'warn',
        severity: 'low',
        title: 'The upload endpoint took unsafe files, storage not proven',
        summary:
          '{subject} answered with success to {accepted}, uploaded as {account}, but the stored object could not be fetched back and compared, so whether it was kept is not proven.',
        remediation:
          'Set upload.storedAt to the field of the answer that holds the stored file’s URL so the check can compare it, or confirm by hand; an endpoint that checks uploads answers 413/415/422 instead of a 2xx.',
      },
      'server-error': {
        status: 'warn',
        severity: 'medium',
        title: 'The upload endpoint answers unsafe files with a server error',
        summary:
          '{subject} answered a server error to {files}, uploaded as {account}: the file was not refused cleanly.',
        remediation:
          'Refuse unsafe files with 413/415/422 before they reach code that can fail; a 5xx on a client’s file hides real outages in the error rate.',
      },
    },
  },
  'smoke.isolation': {
    name: 'Failures on one endpoint leave the rest of the portal working',
    purpose:
      'One endpoint failing again and again (bad input, a broken export) must not take the health check or unrelated pages down with it, as a shared database pool, worker queue or cache can; the check samples the health check and unrelated reads, sends a burst of failing requests to the declared endpoint while sampling them, then watches them come back, judging by status and content, not by speed.',
    outcomes: {
      isolated: {
        status: 'pass',
        title: 'Failures stay on the endpoint that fails',
        summary:
          '{subject} answered {failures} as {account}, and {watched} answered as before, during the burst and after it.',
        remediation: 'Nothing to do.',
      },
      degrades: {
        status: 'fail',
        severity: 'medium',
        title: 'Failures on one endpoint degrade the rest of the portal',
        summary: 'While {subject} answered {failures} as {account}, {degraded}; {recovery}.',
        remediation:
          'Find what the failing endpoint shares with the others (a database pool, a worker, a lock, a cache) and release it on every error path (finally blocks, request-scoped connections, timeouts on held resources); validate input before taking shared resources, give the health check its own small reserve, and bulkhead or rate-limit the endpoint that fails.',
      },
      'stays-degraded': {
        status: 'fail',
        severity: 'high',
        title: 'Failures on one endpoint take the rest of the portal down',
        summary:
          'While {subject} answered {failures} as {account}, {degraded}; {recovery}: a few bad requests are enough to keep the portal down.',
        remediation:
          'Restore service first (restart the API, drain the stuck pool), then release the shared resource on every error path of the failing endpoint (finally blocks, request-scoped connections, timeouts on held resources), validate input before taking it, and bulkhead or rate-limit that endpoint so its failures cannot starve the health check and other pages.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
