// The engagement file's code vocabulary: why handover.json cannot be used (after undici's core/errors, like
// network/codes.ts). Import-free, so the probe code union can name it.

/** Codes of an engagement file that cannot be read, parsed or used. */
export const ENGAGEMENT = {
  UNREADABLE: 'ENGAGEMENT_UNREADABLE',
  JSON: 'ENGAGEMENT_JSON',
  INVALID: 'ENGAGEMENT_INVALID',
  /** The engagement names no host to audit. */
  NO_HOSTS: 'ENGAGEMENT_NO_HOSTS',
  /** A host the engagement names is outside its own scope.allow. */
  SCOPE: 'ENGAGEMENT_SCOPE',
  /** network.caFile cannot be read or holds no certificate. */
  CA: 'ENGAGEMENT_CA',
} as const

/** An engagement file code (the values of ENGAGEMENT). */
export type EngagementCode = (typeof ENGAGEMENT)[keyof typeof ENGAGEMENT]
