// The demo portal's API: sign-in with bearer tokens, a profile endpoint and a health check.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LabMode } from './types'

/** A demo account of the lab portal's API. */
export interface LabAccount {
  id: string
  role: string
  username: string
  /** Made fresh on every lab start and kept in memory only. */
  password: string
}

/** One request of api.acme.test as the behaviour lab hands it to an endpoint: its path parsed, its account found. */
export interface LabApiCall {
  mode: LabMode
  req: IncomingMessage
  res: ServerResponse
  headers: Record<string, string>
  /** The request's path, without the query. */
  path: string
  /** The signed-in account, if any. */
  who: LabAccount | undefined
}

/** A live session: whose it is and, when the portal bounds sessions, when it ends (ms since the epoch). */
interface LabSession {
  account: LabAccount
  expiresAt?: number
}

/** The lab's accounts and live sessions. */
export class LabAccounts {
  readonly accounts: LabAccount[]
  private readonly sessions = new Map<string, LabSession>()
  /** Failed sign-ins per username (times in ms): the repaired portal throttles past FIXED_LOGIN_FAILURES a minute. */
  readonly failures = new Map<string, number[]>()
  /** Requests to /api/search per session token (times in ms): the repaired portal throttles bursts. */
  readonly searches = new Map<string, number[]>()
  /** Every token or session cookie ever handed out, revoked or not (for the no-leak tests). */
  private readonly issued: string[] = []

  constructor() {
    const make = (id: string, role: string): LabAccount => ({
      id,
      role,
      username: `${id === 'root' ? 'admin' : id}@acme.test`,
      password: `lab-${randomBytes(9).toString('base64url')}`,
    })
    this.accounts = [
      make('alice', 'client'),
      make('bob', 'client'),
      make('root', 'admin'),
      make('demo', 'demo'),
    ]
  }

  /** A new session for the account, or undefined; `lifetimeSeconds` bounds it (the repaired portal does). */
  login(username: string, password: string, lifetimeSeconds?: number): string | undefined {
    const account = this.accounts.find((a) => a.username === username && a.password === password)
    if (!account) return undefined
    const token = randomBytes(24).toString('base64url')
    this.sessions.set(token, {
      account,
      ...(lifetimeSeconds ? { expiresAt: Date.now() + lifetimeSeconds * 1000 } : {}),
    })
    this.issued.push(token)
    return token
  }

  /** Session tokens handed out so far; tests use them to prove no token reaches a file. */
  issuedTokens(): string[] {
    return [...this.issued]
  }

  /** The account of a live session token, if any. */
  byToken(token: string | undefined): LabAccount | undefined {
    const session = token ? this.sessions.get(token) : undefined
    if (!session) return undefined
    if (session.expiresAt !== undefined && Date.now() >= session.expiresAt) {
      this.sessions.delete(token!)
      return undefined
    }
    return session.account
  }

  whoIs(authorization: string | undefined): LabAccount | undefined {
    return this.byToken(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1])
  }

  /** The account behind a request: its bearer token, else its `acme_session` cookie. */
  whoIsRequest(req: IncomingMessage): LabAccount | undefined {
    return this.whoIs(req.headers.authorization) ?? this.byToken(sessionCookie(req))
  }

  /** True when `username` made FIXED_LOGIN_FAILURES failed sign-ins within the last minute. */
  throttled(username: string): boolean {
    return (
      (this.failures.get(username) ?? []).filter((t) => t > Date.now() - 60_000).length >=
      FIXED_LOGIN_FAILURES
    )
  }

  /** Counts a failed sign-in of `username`. */
  failed(username: string): void {
    overLimit(this.failures, username, FIXED_LOGIN_FAILURES, 60_000)
  }

  logout(authorization: string | undefined): void {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]
    if (token) this.sessions.delete(token)
  }

  /** Ends the request's session, bearer or cookie. */
  revoke(req: IncomingMessage): void {
    this.logout(req.headers.authorization)
    const cookie = sessionCookie(req)
    if (cookie) this.sessions.delete(cookie)
  }
}

/** The name of the portal's session cookie. */
export const SESSION_COOKIE = 'acme_session'

/** The value of the request's session cookie. */
export function sessionCookie(req: IncomingMessage): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = pair.trim().split('=')
    if (name === SESSION_COOKIE) return rest.join('=')
  }
  return undefined
}

/** How long a session of the repaired portal lasts; the flawed one never ends a session. */
export const FIXED_SESSION_SECONDS = 3600

/** Failed sign-ins a username may make in a minute on the repaired portal before it answers 429. */
export const FIXED_LOGIN_FAILURES = 5
/** Searches a session may make in ten seconds on the repaired portal before it answers 429. */
export const FIXED_SEARCH_BURST = 20

/** Counts one event of `key` and says whether more than `limit` fell within the last `windowMs`. */
function overLimit(log: Map<string, number[]>, key: string, limit: number, windowMs: number): boolean {
  const now = Date.now()
  const recent = (log.get(key) ?? []).filter((t) => t > now - windowMs)
  recent.push(now)
  log.set(key, recent)
  return recent.length > limit
}

/** Answers with a body of `type`, its length and `headers`, and nothing more: true, for a handler that took the request. */
export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): true {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
  return true
}

/** Answers with a JSON body, never cached. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  send(res, status, 'application/json', JSON.stringify(body), { 'cache-control': 'no-store', ...headers })
}

/** Answers with a JSON body without reading the request's (it is drained): true, for a handler that took the request. */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): true {
  req.resume()
  json(res, status, body, headers)
  return true
}

/** The request body as text, refused past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Reads the request body to its end, however long, keeping the chunks that fit in the first `keep` bytes; `done` gets
 * what was kept and the whole size (the sender is never cut off, so the answer reaches it).
 */
export function drainBody(
  req: IncomingMessage,
  keep: number,
  done: (kept: Buffer, size: number) => void,
): void {
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (c: Buffer) => {
    size += c.length
    if (size <= keep) chunks.push(c)
  })
  req.on('end', () => done(Buffer.concat(chunks), size))
}

/** Routes one API request. */
export function handleApi(
  mode: LabMode,
  req: IncomingMessage,
  res: ServerResponse,
  accounts: LabAccounts,
  headers: Record<string, string>,
): void {
  const path = (req.url ?? '/').split('?')[0]
  if (req.method === 'GET' && path === '/health') return json(res, 200, { status: 'ok' }, headers)
  if (req.method === 'POST' && path === '/api/login') {
    readBody(req)
      .then((text) => {
        let body: { email?: unknown; password?: unknown }
        try {
          body = JSON.parse(text) as typeof body
        } catch {
          return json(res, 400, { error: 'invalid JSON' }, headers)
        }
        const lifetime = mode === 'fixed' ? FIXED_SESSION_SECONDS : undefined
        const email = typeof body.email === 'string' ? body.email : ''
        // The repaired portal throttles a username after a few failed sign-ins; the flawed one never does.
        if (mode === 'fixed' && accounts.throttled(email))
          return json(
            res,
            429,
            { error: 'too many failed sign-ins; try again later' },
            { ...headers, 'retry-after': '60' },
          )
        const token =
          typeof body.email === 'string' && typeof body.password === 'string'
            ? accounts.login(body.email, body.password, lifetime)
            : undefined
        if (!token) {
          accounts.failed(email)
          return json(res, 401, { error: 'invalid credentials' }, headers)
        }
        json(res, 200, { token, ...(lifetime ? { expires_in: lifetime } : {}) }, headers)
      })
      .catch(() => json(res, 413, { error: 'too large' }, headers))
    return
  }
  if (req.method === 'GET' && path === '/api/me') {
    const who = accounts.whoIsRequest(req)
    if (!who) return json(res, 401, { error: 'sign in first' }, headers)
    // The flawed API also hands the app its session token, which the flawed app keeps in localStorage.
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? sessionCookie(req)
    return json(
      res,
      200,
      { id: who.id, email: who.username, role: who.role, ...(mode === 'flawed' && token ? { token } : {}) },
      headers,
    )
  }
  if (req.method === 'GET' && path === '/api/search') {
    // The read edge.rate-limit-api calls in a burst: the repaired portal throttles a session past its burst.
    const who = accounts.whoIsRequest(req)
    if (!who) return json(res, 401, { error: 'sign in first' }, headers)
    const key = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? sessionCookie(req) ?? who.id
    if (overLimit(accounts.searches, key, FIXED_SEARCH_BURST, 10_000) && mode === 'fixed')
      return json(res, 429, { error: 'slow down' }, { ...headers, 'retry-after': '10' })
    const q = new URL(req.url ?? '/', 'https://api.acme.test').searchParams.get('q') ?? ''
    return json(
      res,
      200,
      { q, results: [{ kind: 'help', title: `Searching for ${q || 'anything'}` }] },
      headers,
    )
  }
  if (req.method === 'POST' && path === '/api/logout') {
    // The flawed portal forgets to end the session: its token keeps working after logout.
    if (mode === 'fixed') accounts.revoke(req)
    res.writeHead(204, headers)
    res.end()
    return
  }
  if (path === '/' || path === '')
    return json(res, 200, { name: 'Acme API', docs: 'https://docs.acme.test/' }, headers)
  json(res, 404, { error: 'not found' }, headers)
}
