// Texts for the browser checks of stage 5 (smoke.cache-switch, smoke.flows).
import type { CheckText } from './types'

/** Catalogue texts of the browser-flow checks. */
export const FLOWS_TEXTS = {
  'smoke.cache-switch': {
    name: 'No cached pages across a user switch',
    purpose:
      'On a shared browser, after one person signs out and another signs in, nothing of the first may be shown again — not by the back button, a reload, the HTTP cache or the back/forward cache; the check signs A in, opens A’s records, signs out, goes back, reloads and signs B in, and searches every view for values only A was shown.',
    outcomes: {
      'no-leak': {
        status: 'pass',
        title: 'Nothing of the previous user is shown after a switch',
        summary:
          'After {a} signed out, none of {markers} values only {a} had been shown (such as {sample}) appeared on going back, on reloading or to {b} signed in on the same browser ({views} views searched).',
        remediation: 'Nothing to do.',
      },
      leak: {
        status: 'fail',
        severity: 'critical',
        title: 'The previous user’s data is shown after a user switch',
        summary:
          'After {a} signed out on a shared browser, {where} showed {a}’s data ({found}), served from {source}; {a}’s page was sent with Cache-Control: {cacheControl}.',
        remediation:
          'Send `Cache-Control: no-store` on every page and answer that carries a signed-in user’s data, and `Clear-Site-Data: "cache"` on the sign-out answer; never let a shared cache or the browser reuse an authenticated page for another session.',
      },
    },
  },
  'smoke.flows': {
    name: 'The portal’s main flows work',
    purpose:
      'The flows a client depends on — sign-in, the dashboard, creating and changing records, uploads, sign-out, invitations, password reset — must work end to end; each flow of flows.scripts runs in a fresh browser, step by step, each step an action and what must hold after it.',
    outcomes: {
      completed: {
        status: 'pass',
        title: 'The flow works',
        summary: 'Flow {subject} ran all {steps} steps and every expectation held.',
        remediation: 'Nothing to do.',
      },
      'step-failed': {
        status: 'fail',
        severity: 'critical',
        title: 'A main flow of the portal is broken',
        summary: 'Flow {subject} broke at step {step} ({action}): {problem}. The page was at {url}{status}.',
        remediation:
          'Repair the step: reproduce it with the evidence (the page it ended on and what it showed), fix the page or the endpoint behind it, and keep the flow in flows.scripts so the next release runs it again.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
