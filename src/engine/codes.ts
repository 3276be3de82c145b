// The engine's own code vocabulary: what the runner records when a probe or a check could not do its work
// (after undici's core/errors, like network/codes.ts). Import-free, so the probe code union can name it.

/** Codes the runner sets on an observation or a result it had to end itself. */
export const ENGINE = {
  /** No probe is registered for the requested kind. */
  PROBE_UNKNOWN: 'PROBE_UNKNOWN',
  /** The probe did not return within its deadline and was abandoned. */
  PROBE_HUNG: 'PROBE_HUNG',
  /** The probe threw instead of returning its error as data. */
  PROBE_CRASHED: 'PROBE_CRASHED',
  /** The check threw while judging its observations. */
  CHECK_CRASHED: 'CHECK_CRASHED',
} as const

/** An engine code (the values of ENGINE). */
export type EngineCode = (typeof ENGINE)[keyof typeof ENGINE]
