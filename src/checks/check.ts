// The shape of a check: a pure function from observations to findings, with a version (STYLE.md).
import type {
  Attestation,
  CheckMode,
  CheckResult,
  ConsentFamily,
  Evidence,
  Observation,
  ProbeError,
  Stage,
} from '../core/types'
import type { Engagement } from '../engagement/load'
import type { ProbeRequest } from '../probes/probe'
import { CHECK } from './codes'

/** What a check concluded about one subject; the catalogue turns it into a result. */
export interface Finding {
  subject: string
  outcome: string
  /** Values for the catalogue's text templates, e.g. `{days}`. */
  facts?: Record<string, string | number>
  evidence?: Evidence[]
  /** The probe's error code, for the generic `error` outcome. */
  code?: string
}

/** Read-only access to the observations of a run. */
export interface ObservationSet {
  get<T>(request: ProbeRequest): Observation<T> | undefined
}

/** What a check sees besides its observations: the engagement, the clock and the attestations. */
export interface CheckContext {
  engagement: Engagement
  now: Date
  attestations: readonly Attestation[]
  /** Results of the checks evaluated before this one (only for `phase: 'after'` checks). */
  results: readonly CheckResult[]
}

/** A check module: id, version, stage, mode, the observations it needs, its outcomes and a pure evaluate. */
export interface CheckDefinition {
  id: string
  version: number
  stage: Stage
  mode: CheckMode
  /** Consent family for active checks; without consent the check reports `skipped`. */
  family?: ConsentFamily
  /** The check's own outcome ids (the generic `error`, `no-consent`, `not-configured` are always allowed). */
  outcomes: readonly string[]
  /** `after`: evaluated once every other check has a result (e.g. handover.baseline). */
  phase?: 'after'
  needs(engagement: Engagement): ProbeRequest[]
  /** Pure: may be async only to replay recorded lookups (e.g. SPF over stored DNS answers). */
  evaluate(observations: ObservationSet, ctx: CheckContext): Finding[] | Promise<Finding[]>
}

/** Outcomes every check may produce. */
export const GENERIC_OUTCOMES = ['error', 'no-consent', 'not-configured'] as const

/** A finding with the generic `error` outcome: its texts name the probe's `{code}` and `{reason}`. */
export interface ErrorFinding extends Finding {
  outcome: 'error'
  facts: { reason: string } & Record<string, string | number>
}

/**
 * The error for a subject some of whose requests got no answer (`none` says how, e.g. "paths could not be asked"),
 * or undefined when every one was answered: an unasked request is not a clean one, so the subject's pass needs all.
 */
export function unansweredError(
  subject: string,
  obs: Observation,
  trials: readonly { path: string; error?: ProbeError }[],
  none: string,
): ErrorFinding | undefined {
  const failed = trials.filter((t) => t.error)
  if (failed.length === 0) return undefined
  const error = failed[0]!.error!
  const paths = failed
    .slice(0, 3)
    .map((t) => t.path)
    .join(', ')
  return {
    ...observationError(subject, { ...obs, error }),
    facts: { reason: `${failed.length} of ${trials.length} ${none} (${paths}): ${error.message}` },
  }
}

/** The finding for an observation that could not be made, typed as the generic `error` outcome. */
export function observationError(subject: string, obs: Observation | undefined): ErrorFinding {
  return {
    subject,
    outcome: 'error',
    code: obs?.error?.code ?? CHECK.NOT_OBSERVED,
    facts: { reason: obs?.error?.message ?? 'the observation was not made' },
    evidence: obs
      ? [
          {
            label: 'error',
            value: `${obs.error?.code ?? ''} ${obs.error?.message ?? ''}`.trim(),
            observation: obs.key,
          },
        ]
      : [],
  }
}
