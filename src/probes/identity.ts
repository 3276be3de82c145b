// The identity probes of stages 1–2. `identity.surface` (passive): the inventory, every account's session and
// own requests, and the protected endpoints asked without credentials. `identity.access` (active, consent
// `authz`): each account against the objects of the others and the admin endpoints. `identity.logout` (active):
// a session of its own, used, signed out, used again. `identity.reset` (hybrid): used or expired reset links.
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { closeSession, isLoginForm } from '../auth/session'
import { resolveRef } from '../keychain/keychain'
import { isNoCredential } from '../keychain/codes'
import { fetchUrl, HttpPool } from '../network/http'
import {
  buildIdentityState,
  endpointKey,
  entitled,
  HarmWatch,
  send,
  type AccessExchange,
  type IdentityState,
  type SurfaceFacts,
} from './identity-inventory'
import { identityStepup } from './identity-stepup'
import { browserSessionStorage } from './session-storage'
import { engagementRequest, type ProbeContext, type ProbeKind, type ProbeResult } from './probe'

export type { AccessExchange, SurfaceFacts } from './identity-inventory'

/** The identity probes need many requests in a row: a deadline of several network timeouts. */
const identityDeadline = (e: Engagement): number => e.net.totalMs * 6

/** The run's shared inventory and sessions, built by the first identity probe that asks. */
function identityState(ctx: ProbeContext): Promise<IdentityState> {
  return ctx.sessions.shared('identity', async () => {
    const pool = new HttpPool(ctx.network, ctx.rec)
    try {
      return await buildIdentityState(ctx, pool)
    } finally {
      await pool.close()
    }
  })
}

/** Inventory, sessions, own and anonymous requests (passive). */
export const identitySurface: ProbeKind<{ engagement: string }, SurfaceFacts> = {
  kind: 'identity.surface',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_params, e) => identityDeadline(e),
  async run(_params, ctx): Promise<ProbeResult<SurfaceFacts>> {
    return ok((await identityState(ctx)).facts)
  },
}

/** Data of the `identity.access` observation. */
export interface AccessFacts {
  /** Requests as one account for another account's objects (`owner` set) or for endpoints of other roles. */
  cross: AccessExchange[]
  stopped?: string
}

/** Cross-account and cross-role requests (active, consent authz). */
export const identityAccess: ProbeKind<{ engagement: string }, AccessFacts> = {
  kind: 'identity.access',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_params, e) => identityDeadline(e),
  async run(_params, ctx): Promise<ProbeResult<AccessFacts>> {
    const { facts, sessions } = await identityState(ctx)
    const out: AccessFacts = { cross: [] }
    const harm = new HarmWatch()
    if (facts.stopped) harm.reason = facts.stopped
    const pool = new HttpPool(ctx.network, ctx.rec)
    const role = (a: string): string => ctx.engagement.accounts.find((x) => x.id === a)?.role ?? ''
    try {
      for (const ep of facts.endpoints.filter((x) => x.method === 'GET')) {
        const key = endpointKey(ep.method, ep.template)
        for (const [as, session] of sessions) {
          if (harm.reason) break
          if (role(as) === 'admin') continue
          if (!entitled(ep, role(as))) {
            // Another role's endpoint (authz.bfla): with the id of an account that may use it, if it takes one.
            const owned = facts.own.find(
              (o) => o.endpoint === key && o.status !== undefined && o.status < 300,
            )
            if (ep.template.includes('{id}') && !owned?.id) continue
            const x = await send(ctx, pool, {
              as,
              endpoint: ep,
              ...(owned?.id ? { id: owned.id, owner: owned.as } : {}),
              headers: session.headers,
              active: true,
            })
            out.cross.push(x)
            harm.see(x)
            continue
          }
          if (!ep.template.includes('{id}')) continue
          // authz.bola / authz.demo-isolation: one object of every other non-admin owner that answered it.
          for (const [owner, templates] of Object.entries(facts.ids)) {
            if (owner === as || role(owner) === 'admin') continue
            const mine = new Set(facts.ids[as]?.[ep.template] ?? [])
            const id = (templates[ep.template] ?? []).find((i) => !mine.has(i))
            const answered = facts.own.some(
              (o) =>
                o.as === owner &&
                o.endpoint === key &&
                o.id === id &&
                o.status !== undefined &&
                o.status < 300,
            )
            if (!id || !answered || harm.reason) continue
            const x = await send(ctx, pool, {
              as,
              endpoint: ep,
              id,
              owner,
              headers: session.headers,
              active: true,
            })
            out.cross.push(x)
            harm.see(x)
          }
        }
      }
    } finally {
      await pool.close()
    }
    if (harm.reason) out.stopped = harm.reason
    return ok(out)
  },
}

/** Data of the `identity.logout` observation. */
export interface LogoutFacts {
  account: string
  before?: AccessExchange
  logout?: { status?: number; error?: string }
  after?: AccessExchange
  error?: string
  /** The code of a failure whose cause is coded (a sign-in, a credential: `isNoCredential`). */
  code?: string
}

/** A fresh session used, signed out and used again (active). */
export const identityLogout: ProbeKind<{ engagement: string }, LogoutFacts> = {
  kind: 'identity.logout',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_params, e) => identityDeadline(e),
  async run(_params, ctx): Promise<ProbeResult<LogoutFacts>> {
    const { facts } = await identityState(ctx)
    // The first account whose own request of a list endpoint answered with data.
    const probe = facts.own.find(
      (o) => o.status !== undefined && o.status < 300 && o.id === undefined && (o.body ?? '').length > 2,
    )
    if (!probe) {
      // An account that could not sign in for want of its credential is why, when one did not (isNoCredential).
      const gap = facts.sessions.find((s) => !s.ok && isNoCredential(s.error?.code))
      return ok(
        gap?.error
          ? { account: gap.account, error: gap.error.message, code: gap.error.code }
          : { account: '', error: 'no account had a signed-in request that answered with data' },
      )
    }
    const endpoint = facts.endpoints.find((e) => endpointKey(e.method, e.template) === probe.endpoint)!
    const session = await ctx.sessions.fresh(probe.as, ctx.rec)
    if (!session.ok) return ok({ account: probe.as, error: session.error.message, code: session.error.code })
    const pool = new HttpPool(ctx.network, ctx.rec)
    try {
      const before = await send(ctx, pool, {
        as: probe.as,
        endpoint,
        headers: session.value.headers,
        active: true,
      })
      const closed = await closeSession(ctx.network, ctx.engagement, session.value, ctx.rec)
      const logout = closed.ok
        ? { ...(closed.value ? { status: closed.value.status } : {}) }
        : { error: closed.error.message }
      const after = await send(ctx, pool, {
        as: probe.as,
        endpoint,
        headers: session.value.headers,
        active: true,
      })
      return ok({ account: probe.as, before, logout, after })
    } finally {
      await pool.close()
    }
  },
}

/** One used or expired reset link, opened again. */
export interface ResetAttempt {
  state: 'used' | 'expired'
  account?: string
  /** The link, redacted (its token is a secret). */
  url: string
  status?: number
  /** The page offers to set a password (a password field). */
  passwordForm: boolean
  /** The page says the link is expired, used or invalid. */
  saysInvalid: boolean
  excerpt?: string
  error?: string
  /** The code of a failure whose cause is coded (a sign-in, a credential: `isNoCredential`). */
  code?: string
}

/** Data of the `identity.reset` observation. */
export interface ResetFacts {
  attempts: ResetAttempt[]
}

const INVALID_WORDS =
  /expired|already (been )?used|no longer valid|invalid|not valid|request a new|ask for a new/i

/** Used or expired reset links opened again (hybrid). */
export const identityReset: ProbeKind<{ engagement: string }, ResetFacts> = {
  kind: 'identity.reset',
  subject: ({ engagement }) => engagement,
  async run(_params, ctx): Promise<ProbeResult<ResetFacts>> {
    const attempts: ResetAttempt[] = []
    for (const link of ctx.engagement.auth?.resetLinks ?? []) {
      const value = await resolveRef(link.link, ctx.credentials, ctx.network.redactor)
      const base = { state: link.state, ...(link.account ? { account: link.account } : {}) }
      if (!value.ok) {
        attempts.push({
          ...base,
          url: link.link,
          passwordForm: false,
          saysInvalid: false,
          error: value.error.message,
          code: value.error.code,
        })
        continue
      }
      // The link's token is a secret of the run: the redactor learns each of its query values too.
      try {
        for (const v of new URL(value.value).searchParams.values())
          ctx.network.redactor.addSecret(v, `reset-${link.state}`)
      } catch {
        // not a URL: fetchUrl says so below
      }
      const out = await fetchUrl(
        ctx.network,
        { url: value.value, follow: true, keepBody: 8192, deadline: ctx.deadline },
        ctx.rec,
      )
      const last = out.exchanges.at(-1)
      const url = ctx.network.redactor.url(value.value)
      if (out.error || !last) {
        attempts.push({
          ...base,
          url,
          passwordForm: false,
          saysInvalid: false,
          error: out.error?.message ?? 'no answer',
        })
        continue
      }
      const text = (last.body ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
      attempts.push({
        ...base,
        url,
        status: last.status,
        passwordForm: isLoginForm(last.body),
        saysInvalid: INVALID_WORDS.test(text),
        excerpt: text.slice(0, 200),
      })
    }
    return ok({ attempts })
  },
}

/** The request for the run’s `identity.surface` observation. */
export const surfaceOf = engagementRequest(identitySurface.kind)
/** The request for the run’s `identity.access` observation. */
export const accessOf = engagementRequest(identityAccess.kind)
/** The request for the run’s `identity.logout` observation. */
export const logoutOf = engagementRequest(identityLogout.kind)
/** The request for the run’s `identity.reset` observation. */
export const resetOf = engagementRequest(identityReset.kind)

/** Every identity probe kind. */
export const IDENTITY_PROBES = [
  identitySurface,
  identityAccess,
  identityLogout,
  identityReset,
  identityStepup,
  browserSessionStorage,
]
