// Signing in as an engagement account: the password is read from the keychain at the moment of use,
// taught to the redactor, and the session token lives only in memory.
import { failure, ok, type Result } from '../core/result'
import type { Engagement } from '../engagement/load'
import { resolveRef, type CredentialStore } from '../keychain/keychain'
import { fetchUrl } from '../network/http'
import type { Network, Recorder } from '../network/network'

/** An authenticated session: headers to add to requests. Never serialised. */
export interface Session {
  account: string
  headers: Record<string, string>
}

/** Reads a dotted path (`data.token`) from a JSON value. */
function pick(value: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    )
}

function fill(template: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template).map(([k, v]) => [
      k,
      v.replace(/\{(username|password)\}/g, (_, name: string) => vars[name] ?? ''),
    ]),
  )
}

/** Signs in as `accountId` with the engagement's `auth` settings (kinds api, basic and static). */
export async function openSession(
  network: Network,
  engagement: Engagement,
  accountId: string,
  credentials: CredentialStore,
  rec: Recorder,
): Promise<Result<Session>> {
  const account = engagement.accounts.find((a) => a.id === accountId)
  if (!account) return failure('AUTH_ACCOUNT', `handover.json: accounts has no account "${accountId}".`)
  const auth = engagement.auth
  if (!auth)
    return failure('AUTH_NOT_CONFIGURED', 'handover.json: auth is not set, so no account can sign in.')
  if (auth.kind === 'static') {
    if (!account.token)
      return failure(
        'AUTH_NOT_CONFIGURED',
        `handover.json: accounts.${accountId}.token is required for auth.kind static.`,
      )
    const token = await resolveRef(account.token, credentials, network.redactor)
    if (!token.ok) return token
    return ok({ account: accountId, headers: carry(auth.carry, token.value) })
  }
  if (!account.password)
    return failure(
      'AUTH_NOT_CONFIGURED',
      `handover.json: accounts.${accountId}.password is required to sign in.`,
    )
  const password = await resolveRef(account.password, credentials, network.redactor)
  if (!password.ok) return password
  if (auth.kind === 'basic') {
    const basic = Buffer.from(`${account.username}:${password.value}`).toString('base64')
    network.redactor.addSecret(basic, `${accountId}-basic`)
    return ok({ account: accountId, headers: { authorization: `Basic ${basic}` } })
  }
  if (auth.kind !== 'api' || !auth.login)
    return failure(
      'AUTH_UNSUPPORTED',
      `auth.kind ${auth.kind} signs in through the browser, which this command cannot do.`,
    )
  const vars = { username: account.username, password: password.value }
  const body = auth.login.json
    ? JSON.stringify(fill(auth.login.json, vars))
    : new URLSearchParams(fill(auth.login.form ?? {}, vars)).toString()
  const contentType = auth.login.json ? 'application/json' : 'application/x-www-form-urlencoded'
  const outcome = await fetchUrl(
    network,
    {
      url: auth.login.url,
      method: auth.login.method,
      headers: { 'content-type': contentType },
      body,
      follow: false,
      capture: true,
    },
    rec,
  )
  const last = outcome.exchanges.at(-1)
  if (outcome.error || !last)
    return failure(
      outcome.error?.code ?? 'AUTH_FAILED',
      `signing in as ${accountId} failed: ${outcome.error?.message ?? 'no answer'}`,
    )
  if (last.status >= 400)
    return failure(
      'AUTH_REJECTED',
      `signing in as ${accountId} was refused (HTTP ${last.status}); check the keychain value of ${account.password}.`,
    )
  if (auth.carry === 'cookie' || !auth.login.token) {
    const cookies = (outcome.captured?.setCookies ?? []).map((c) => c.split(';')[0]!).filter(Boolean)
    if (cookies.length === 0)
      return failure('AUTH_NO_SESSION', `signing in as ${accountId} returned no session cookie.`)
    for (const c of cookies) network.redactor.addSecret(c.slice(c.indexOf('=') + 1), `${accountId}-session`)
    return ok({ account: accountId, headers: { cookie: cookies.join('; ') } })
  }
  let json: unknown
  try {
    json = JSON.parse(outcome.captured?.body ?? '')
  } catch {
    return failure('AUTH_NO_TOKEN', `signing in as ${accountId} did not answer JSON.`)
  }
  const token = pick(json, auth.login.token)
  if (typeof token !== 'string' || token.length === 0)
    return failure('AUTH_NO_TOKEN', `signing in as ${accountId} gave no token at "${auth.login.token}".`)
  network.redactor.addSecret(token, `${accountId}-token`)
  return ok({ account: accountId, headers: carry(auth.carry, token) })
}

function carry(kind: 'bearer' | 'cookie', token: string): Record<string, string> {
  return kind === 'bearer' ? { authorization: `Bearer ${token}` } : { cookie: token }
}
