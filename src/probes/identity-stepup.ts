// `identity.stepup` (active, consent `authz`, run only when the engagement declares `auth.adminAction`): the one
// admin action the consultant declared safe to perform is sent once, as the admin account, with its ordinary
// session. The answer (status, WWW-Authenticate, the start of the body) is kept for authz.admin-stepup to judge.
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { fetchUrl } from '../network/http'
import { unanswered } from './identity-inventory'
import { engagementRequest, type ProbeKind, type ProbeResult } from './probe'

/** Bytes of the answer kept as text: enough for a challenge page or an echo of the action. */
const ANSWER_KEEP = 4 * 1024

/** Data of the `identity.stepup` observation: the admin action sent once and what came back (redacted). */
export interface StepupFacts {
  /** The account whose session carried the action. */
  account: string
  method: string
  url: string
  /** The string values of the declared body: an answer that repeats one shows the action was carried out. */
  sent: string[]
  status?: number
  contentType?: string
  wwwAuthenticate?: string
  body?: string
  error?: string
  /** The code of a failure whose cause is coded (a sign-in, a credential: `isNoCredential`). */
  code?: string
}

/** The account that performs the admin action: the declared one, else the first admin. */
export function stepupAccount(e: Engagement): string | undefined {
  return e.auth?.adminAction?.account ?? e.accounts.find((a) => a.role === 'admin')?.id
}

/** String values anywhere in a JSON body (what an answer that carried the action out would repeat). */
function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : []
  if (depth > 4 || !value || typeof value !== 'object') return []
  return Object.values(value).flatMap((v) => stringsIn(v, depth + 1))
}

/** The declared admin action, sent once as the admin account. */
export const identityStepup: ProbeKind<{ engagement: string }, StepupFacts> = {
  kind: 'identity.stepup',
  subject: ({ engagement }) => engagement,
  async run(_params, ctx): Promise<ProbeResult<StepupFacts>> {
    const action = ctx.engagement.auth?.adminAction
    const account = stepupAccount(ctx.engagement) ?? ''
    const base = {
      account,
      method: action?.method ?? 'POST',
      url: action ? ctx.network.redactor.url(action.url) : '',
      sent: stringsIn(action?.json),
    }
    if (!action) return ok({ ...base, error: 'auth.adminAction is not set' })
    if (!ctx.engagement.accounts.some((a) => a.id === account))
      return ok({
        ...base,
        error: `auth.adminAction names no account of the engagement (${account || 'no admin account'})`,
      })
    const session = await ctx.sessions.get(account, ctx.rec)
    if (!session.ok)
      return ok({
        ...base,
        error: `${account} could not sign in: ${session.error.message}`,
        code: session.error.code,
      })
    const out = await fetchUrl(
      ctx.network,
      {
        url: action.url,
        method: action.method,
        headers: {
          accept: 'application/json, text/html;q=0.8',
          ...session.value.headers,
          ...(action.json ? { 'content-type': 'application/json' } : {}),
        },
        ...(action.json ? { body: JSON.stringify(action.json) } : {}),
        follow: false,
        keepBody: ANSWER_KEEP,
        active: true,
        deadline: ctx.deadline,
      },
      ctx.rec,
    )
    const last = out.exchanges.at(-1)
    if (out.error || !last) return ok({ ...base, error: unanswered(out.error) })
    return ok({
      ...base,
      status: last.status,
      ...(last.headers['content-type'] ? { contentType: last.headers['content-type'] } : {}),
      ...(last.headers['www-authenticate'] ? { wwwAuthenticate: last.headers['www-authenticate'] } : {}),
      ...(last.body !== undefined ? { body: last.body } : {}),
    })
  },
}

/** The request for the run's `identity.stepup` observation. */
export const stepupOf = engagementRequest(identityStepup.kind)
