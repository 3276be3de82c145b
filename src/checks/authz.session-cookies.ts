// authz.session-cookies: after each account's real sign-in, the session cookies the browser holds carry Secure,
// HttpOnly and a SameSite of Lax or Strict as their Set-Cookie line set them (a host-only one also the `__Host-`
// prefix), and no token sits in localStorage or sessionStorage, where any script of the page can read it.
import {
  sessionStorageOf,
  type SeenCookie,
  type SessionStorageFacts,
  type StorageEntry,
} from '../probes/session-storage'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { AUTH } from '../auth/codes'
import { notConfigured, needsIfDeclared } from './support/declared'

/** A cookie that holds a session by its name (a CSRF or preference cookie does not). */
const SESSION_NAME = /sess|sid|auth|token|jwt|login|remember/i
const NOT_SESSION = /csrf|xsrf/i

/** True for a cookie that carries a session. */
export function isSessionCookie(c: Pick<SeenCookie, 'name'>): boolean {
  return SESSION_NAME.test(c.name) && !NOT_SESSION.test(c.name)
}

/** The protections a session cookie lacks, in words. */
export function missingFlags(c: SeenCookie): string[] {
  const missing: string[] = []
  if (!c.secure) missing.push('Secure')
  if (!c.httpOnly) missing.push('HttpOnly')
  if (c.sameSite === 'absent') missing.push('SameSite')
  if (c.sameSite === 'None') missing.push('SameSite (it is None)')
  return missing
}

const TOKEN_SHAPES: ReadonlySet<StorageEntry['shape']> = new Set([
  'known-secret',
  'jwt',
  'token',
  'json-token',
])

const SHAPE_WORDS: Record<StorageEntry['shape'], string> = {
  'known-secret': 'this run’s session token',
  jwt: 'a JWT',
  token: 'a token-shaped value',
  'json-token': 'a JSON object holding a token',
  text: 'text',
  empty: 'empty',
}

const flagsOf = (c: SeenCookie): string =>
  [c.secure && 'Secure', c.httpOnly && 'HttpOnly', c.sameSite !== 'absent' && `SameSite=${c.sameSite}`]
    .filter(Boolean)
    .join('; ') || 'none'

/** authz.session-cookies: session cookies flagged, no tokens in Web Storage. */
export const authzSessionCookies = defineCheck({
  id: 'authz.session-cookies',
  version: 1,
  stage: 2,
  mode: 'passive',
  outcomes: ['flagged', 'missing-flags', 'no-host-prefix', 'storage-clean', 'token-in-storage'],
  needs: needsIfDeclared(sessionStorageOf),
  evaluate(observations, { engagement }): FindingOf<'authz.session-cookies'>[] {
    const req = sessionStorageOf(engagement)
    if (!req)
      return [
        notConfigured(
          'sessions',
          'No account with a password or token, and no sign-in, is declared in handover.json.',
        ),
      ]
    const obs = observations.get<SessionStorageFacts>(req)
    if (!obs?.data) return [observationError('sessions', obs)]
    const findings: FindingOf<'authz.session-cookies'>[] = []
    const cookies = new Map<string, { cookie: SeenCookie; accounts: string[] }>()
    for (const a of obs.data.accounts) {
      if (!a.ok) {
        findings.push({
          subject: a.account,
          outcome: 'error',
          code: a.error?.code ?? AUTH.FAILED,
          facts: { reason: a.error?.message ?? 'sign-in failed' },
        })
        continue
      }
      for (const c of a.cookies.filter(isSessionCookie)) {
        const key = `${c.name} (${c.domain.replace(/^\./, '')})`
        const seen = cookies.get(key)
        if (seen) seen.accounts.push(a.account)
        else cookies.set(key, { cookie: c, accounts: [a.account] })
      }
      const tokens = a.storage.filter((s) => TOKEN_SHAPES.has(s.shape))
      const held = a.storage.map(
        (s) => `${s.storage} ${s.origin} ${s.name}: ${SHAPE_WORDS[s.shape]}, ${s.length} chars, ${s.masked}`,
      )
      const evidence = [
        {
          label: 'Web Storage after sign-in',
          value: `signed in ${a.via === 'browser' ? 'in the browser' : 'through the API'}${a.landed ? `, on ${a.landed}` : ''}\n${held.join('\n') || '(empty)'}`,
          observation: obs.key,
        },
      ]
      if (tokens.length > 0)
        findings.push({
          subject: a.account,
          outcome: 'token-in-storage',
          facts: {
            entries: tokens
              .map((t) => `${t.storage} "${t.name}" on ${t.origin} (${SHAPE_WORDS[t.shape]})`)
              .join(', '),
          },
          evidence,
        })
      else
        findings.push({
          subject: a.account,
          outcome: 'storage-clean',
          facts: { entries: a.storage.length, cookies: a.cookies.length },
          evidence,
        })
    }
    for (const [subject, { cookie, accounts }] of cookies) {
      const evidence = [
        {
          label: 'Set-Cookie',
          value: `${cookie.line ?? `(no Set-Cookie line seen; the browser holds it with ${flagsOf(cookie)})`}${cookie.setBy ? `\nfrom ${cookie.setBy}` : ''}\nvalue: ${cookie.masked}`,
          observation: obs.key,
        },
      ]
      const scope = cookie.hostOnly
        ? `host-only, path ${cookie.path}`
        : `sent to every host under ${cookie.domain.replace(/^\./, '')}`
      const missing = missingFlags(cookie)
      const base = { cookie: cookie.name, accounts: accounts.join(', '), flags: flagsOf(cookie), scope }
      if (missing.length > 0)
        findings.push({
          subject,
          outcome: 'missing-flags',
          facts: { ...base, missing: missing.join(', ') },
          evidence,
        })
      else if (cookie.hostOnly && cookie.path === '/' && !cookie.name.startsWith('__Host-'))
        findings.push({ subject, outcome: 'no-host-prefix', facts: base, evidence })
      else findings.push({ subject, outcome: 'flagged', facts: base, evidence })
    }
    return findings
  },
})
