// A request made as a signed-in account; the credential is read from the keychain only now.
import { failure, ok } from '../core/result'
import { fetchUrl, type HttpOutcome } from '../network/http'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'

/** What an authenticated HTTP probe asks for: URL, account and method. */
export interface AuthenticatedParams {
  url: string
  account: string
  method?: string
}

/** Probe `http.authenticated`: one request signed in as an engagement account. */
export const httpAuthenticated: ProbeKind<AuthenticatedParams, HttpOutcome> = {
  kind: 'http.authenticated',
  subject: ({ url, account }) => `${account}@${url}`,
  async run({ url, account, method }, ctx): Promise<ProbeResult<HttpOutcome>> {
    const session = await ctx.sessions.get(account, ctx.rec)
    if (!session.ok) return failure(session.error.code, session.error.message)
    const outcome = await fetchUrl(
      ctx.network,
      {
        url,
        method: method ?? 'GET',
        headers: session.value.headers,
        follow: false,
        keepBody: 16 * 1024,
        deadline: ctx.deadline,
      },
      ctx.rec,
    )
    return ok(outcome)
  },
}

/** The request for an authenticated HTTP probe. */
export const authenticatedOf = (url: string, account: string, method = 'GET'): ProbeRequest =>
  request(httpAuthenticated.kind, `${method} ${account}@${url}`, { url, account, method })

/** The headers that carry `account`'s session (none for `anonymous`), or why it could not sign in and the code. */
export async function sessionHeaders(
  ctx: ProbeContext,
  account: string,
): Promise<{ headers: Record<string, string> } | { skipped: string; code: string }> {
  if (account === 'anonymous') return { headers: {} }
  const signedIn = await ctx.sessions.get(account, ctx.rec)
  return signedIn.ok
    ? { headers: signedIn.value.headers }
    : { skipped: `${account} could not sign in: ${signedIn.error.message}`, code: signedIn.error.code }
}
