// The checks' own code vocabulary: why a check could not judge a subject (its `error` results), after undici's
// core/errors like network/codes.ts. Checks name these, never the strings (test/unit/code-literals.test.ts).

/** Codes of a check's error results that no probe raised: what the check itself found it could not judge. */
export const CHECK = {
  BASELINE_FAILING: 'BASELINE_FAILING',
  CONTROL_FAILED: 'CONTROL_FAILED',
  CONTROL_REFUSED: 'CONTROL_REFUSED',
  FLOWS_STOPPED: 'FLOWS_STOPPED',
  LOGOUT_NOT_TESTED: 'LOGOUT_NOT_TESTED',
  NOT_ANSWERED: 'NOT_ANSWERED',
  NOT_DETERMINED: 'NOT_DETERMINED',
  NOT_OBSERVED: 'NOT_OBSERVED',
  NO_CERTIFICATE: 'NO_CERTIFICATE',
  NO_PROTOCOL: 'NO_PROTOCOL',
  NO_SUCCESSFUL_SAMPLE: 'NO_SUCCESSFUL_SAMPLE',
  RATE_LIMIT_HARM: 'RATE_LIMIT_HARM',
  RATE_LIMIT_NOT_TESTED: 'RATE_LIMIT_NOT_TESTED',
  RATE_LIMIT_UNCLEAR: 'RATE_LIMIT_UNCLEAR',
  RECEIVER_NOT_FOUND: 'RECEIVER_NOT_FOUND',
  RESET_NOT_OPENED: 'RESET_NOT_OPENED',
  START_PAGE_UNAVAILABLE: 'START_PAGE_UNAVAILABLE',
  STEPUP_NOT_TESTED: 'STEPUP_NOT_TESTED',
  STOPPED_ON_HARM: 'STOPPED_ON_HARM',
  TARGET_NOT_FAILING: 'TARGET_NOT_FAILING',
} as const
