// The demo portal's API: sign-in with bearer tokens, a profile endpoint and a health check.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface LabAccount {
  id: string
  role: string
  username: string
  /** Made fresh on every lab start and kept in memory only. */
  password: string
}

/** The lab's accounts and live sessions. */
export class LabAccounts {
  readonly accounts: LabAccount[]
  private readonly sessions = new Map<string, LabAccount>()

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

  login(username: string, password: string): string | undefined {
    const account = this.accounts.find((a) => a.username === username && a.password === password)
    if (!account) return undefined
    const token = randomBytes(24).toString('base64url')
    this.sessions.set(token, account)
    return token
  }

  /** Session tokens handed out so far; tests use them to prove no token reaches a file. */
  issuedTokens(): string[] {
    return [...this.sessions.keys()]
  }

  whoIs(authorization: string | undefined): LabAccount | undefined {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]
    return token ? this.sessions.get(token) : undefined
  }

  logout(authorization: string | undefined): void {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]
    if (token) this.sessions.delete(token)
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Routes one API request. */
export function handleApi(
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
        const token =
          typeof body.email === 'string' && typeof body.password === 'string'
            ? accounts.login(body.email, body.password)
            : undefined
        if (!token) return json(res, 401, { error: 'invalid credentials' }, headers)
        json(res, 200, { token }, headers)
      })
      .catch(() => json(res, 413, { error: 'too large' }, headers))
    return
  }
  if (req.method === 'GET' && path === '/api/me') {
    const who = accounts.whoIs(req.headers.authorization)
    if (!who) return json(res, 401, { error: 'sign in first' }, headers)
    return json(res, 200, { id: who.id, email: who.username, role: who.role }, headers)
  }
  if (req.method === 'POST' && path === '/api/logout') {
    accounts.logout(req.headers.authorization)
    res.writeHead(204, headers)
    res.end()
    return
  }
  if (path === '/' || path === '')
    return json(res, 200, { name: 'Acme API', docs: 'https://docs.acme.test/' }, headers)
  json(res, 404, { error: 'not found' }, headers)
}
