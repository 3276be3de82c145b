// The pre-deploy gate's consent: passive checks always, active families only when the engagement's ci.active
// lists them (validation already holds ci.active inside scope.active).
import type { Engagement } from '../engagement/load'

/** The engagement as the CI gate audits it: scope.active narrowed to ci.active. */
export function gateEngagement(engagement: Engagement): Engagement {
  const allowed = new Set(engagement.ci?.active ?? [])
  return {
    ...engagement,
    scope: { ...engagement.scope, active: engagement.scope.active.filter((f) => allowed.has(f)) },
  }
}
