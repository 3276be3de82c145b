// The stage-2 checklist: login, logout, reset password, invite user and session expiry, each with what the run
// measured and the question a person confirms (saved as deliverables.json notes under `stage2-checklist`).
import type { CheckResult, Run } from '../core/types'
import type { SurfaceFacts } from '../probes/identity-inventory'
import type { Deliverable } from '../report/model/types'

/** The deliverable id, also the key of its notes in deliverables.json. */
export const STAGE2_CHECKLIST = 'stage2-checklist'

interface Flow {
  key: 'login' | 'logout' | 'reset-password' | 'invite-user' | 'session-expiry'
  flow: string
  /** The results of the run that measure this flow. */
  measuredBy(r: CheckResult): boolean
  question: string
}

const FLOWS: readonly Flow[] = [
  {
    key: 'login',
    flow: 'Login',
    measuredBy: (r) =>
      r.check === 'edge.rate-limit-login' || (r.check === 'smoke.flows' && /login/i.test(r.subject)),
    question:
      'Does every role sign in with its own account, are failed sign-ins throttled, and is there no shared or default password?',
  },
  {
    key: 'logout',
    flow: 'Logout',
    measuredBy: (r) => r.check === 'authz.logout' || (r.check === 'smoke.flows' && /logout/i.test(r.subject)),
    question: 'Does signing out end the session on the server, on every device and in every tab?',
  },
  {
    key: 'reset-password',
    flow: 'Reset password',
    measuredBy: (r) =>
      r.check === 'authz.reset-expiry' || (r.check === 'smoke.flows' && /reset/i.test(r.subject)),
    question:
      'Is a reset link single-use and short-lived, and does a reset end the other sessions of the account?',
  },
  {
    key: 'invite-user',
    flow: 'Invite user',
    measuredBy: (r) =>
      (r.check === 'authz.admin-stepup' || r.check === 'smoke.flows') && /invite/i.test(r.subject),
    question:
      'Can only admins invite, does an invite ask the admin for step-up, and does an unused invite expire?',
  },
  {
    key: 'session-expiry',
    flow: 'Session expiry',
    measuredBy: (r) => r.check === 'authz.session-expiry',
    question:
      'Do sessions end within the agreed lifetime, idle ones included, and is that lifetime written down?',
  },
]

/** A flow's state from its results: open when any failed or could not be observed, done when all passed. */
function stateOf(results: readonly CheckResult[]): string {
  if (results.length === 0) return 'not measured'
  if (results.some((r) => r.status === 'fail' || r.status === 'error')) return 'open'
  if (results.some((r) => r.status === 'warn')) return 'weak'
  if (results.some((r) => r.status === 'manual')) return 'to confirm'
  if (results.every((r) => r.status === 'skipped')) return 'not measured'
  return 'done'
}

/** What the run saw of sign-in: how many accounts got a session, and who did not. */
function signIns(run: Run): string | undefined {
  const obs = Object.values(run.observations).find((o) => o.kind === 'identity.surface')
  const sessions = (obs?.data as SurfaceFacts | undefined)?.sessions
  if (!sessions?.length) return undefined
  const failed = sessions.filter((s) => !s.ok)
  return `${sessions.length - failed.length} of ${sessions.length} accounts signed in${failed.length ? ` (not: ${failed.map((s) => `${s.account}: ${s.error?.message ?? 'no session'}`).join('; ')})` : ''}.`
}

/** The checklist for `run`; missing when the run measured none of the five flows. */
export function buildStage2Checklist(run: Run, notes: Record<string, string> = {}): Deliverable {
  const base = { id: STAGE2_CHECKLIST, title: 'Stage 2 checklist', stage: 2 as const }
  const signedIn = signIns(run)
  const byFlow = FLOWS.map((f) => ({ flow: f, results: run.results.filter(f.measuredBy) }))
  if (!signedIn && byFlow.every((f) => f.results.length === 0))
    return {
      ...base,
      status: 'missing',
      why: `Run ${run.id} signed no account in and ran none of authz.logout, authz.reset-expiry, authz.admin-stepup, authz.session-expiry; run stage 2 with accounts and auth in handover.json.`,
      sections: [],
    }
  const rows = byFlow.map(({ flow, results }) => {
    const measured = [
      ...(flow.key === 'login' && signedIn ? [signedIn] : []),
      ...results.map((r) => `${r.check} · ${r.subject}: ${r.status} — ${r.title}`),
    ]
    // Sign-in is measured by every session of the run: one account that could not sign in leaves it open.
    const login = flow.key === 'login' ? signedIn : undefined
    const state = login?.includes('(not:')
      ? 'open'
      : login && results.length === 0
        ? 'done'
        : stateOf(results)
    return [
      flow.flow,
      measured.length ? measured.join('\n') : 'nothing measured in this run',
      state,
      notes[flow.key] ?? 'not confirmed yet',
    ]
  })
  return {
    ...base,
    status: 'ready',
    why: `From the stage-2 results of run ${run.id}, with the confirmations saved in deliverables.json.`,
    sections: [
      {
        table: { columns: ['Flow', 'What the run measured', 'State', 'Confirmed by a person'], rows },
        inputs: FLOWS.map((f) => ({
          key: f.key,
          label: `${f.flow}: ${f.question}`,
          value: notes[f.key] ?? '',
        })),
      },
    ],
  }
}
