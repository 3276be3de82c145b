// The behaviour flaws of issue 10 (stage 1 input validation) on api.acme.test, each repaired in `fixed`:
// POST /api/tasks stores whatever JSON it gets (wrong types, a megabyte title) and echoes it back, and
// POST /api/imports parses its body unguarded and answers a malformed one with a 500 and the stack trace;
// the stage-5 endpoints live beside them (uploads.ts, isolation.ts).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { json, refuse, readBody, type LabAccounts, type LabApiCall } from './api'
import type { LabMode } from './types'
import { IsolationLab } from './isolation'
import { AssistantLab } from './assistant'
import { UploadsLab } from './uploads'

/** The longest task title the repaired API stores. */
const TITLE_LIMIT = 200
/** What the lab reads of a request body at most (the flawed API takes a megabyte title). */
const BODY_LIMIT = 4 * 1024 * 1024

/** The write endpoints of the behaviour lab. */
export class BehaviourLab {
  /** Arrival times of every request this module answered (tests count them). */
  readonly arrivals: number[] = []
  private readonly tasks: Record<string, unknown>[] = []
  /** The upload endpoint (smoke.upload, src/lab/uploads.ts). */
  readonly uploads = new UploadsLab()
  /** The shared pool that failing exports leak (smoke.isolation, src/lab/isolation.ts). */
  readonly isolation = new IsolationLab()
  /** The assistant endpoint (smoke.ai-assistant, src/lab/assistant.ts). */
  readonly assistant = new AssistantLab()

  constructor(private readonly accounts: LabAccounts) {}

  /** The engagement's write endpoints, each with a valid sample body. */
  engagementPart(): { endpoints: Record<string, unknown>[] } {
    return {
      endpoints: [
        {
          method: 'POST',
          path: '/api/tasks',
          protected: true,
          write: true,
          sample: { title: 'Call the printer', done: false, priority: 2 },
        },
        {
          method: 'POST',
          path: '/api/imports',
          protected: true,
          write: true,
          sample: { name: 'March contacts', rows: [{ email: 'ann@example.com' }] },
        },
      ],
    }
  }

  /** Routes a request of api.acme.test that belongs to this module; false when it is not one. */
  api(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    const path = new URL(req.url ?? '/', 'https://api.acme.test').pathname
    const call: LabApiCall = { mode, req, res, headers, path, who: this.accounts.whoIsRequest(req) }
    if (path.startsWith('/api/uploads')) {
      const handled = this.uploads.api(call)
      if (handled) this.arrivals.push(Date.now())
      return handled
    }
    if (this.isolation.api(call)) return true
    if (path === '/api/assistant') {
      this.arrivals.push(Date.now())
      return this.assistant.api(call)
    }
    if (req.method !== 'POST' || (path !== '/api/tasks' && path !== '/api/imports')) return false
    this.arrivals.push(Date.now())
    if (!call.who) return refuse(req, res, 401, { error: 'sign in first' }, headers)
    readBody(req, BODY_LIMIT).then(
      (text) =>
        path === '/api/tasks' ? this.task(mode, text, res, headers) : imports(mode, text, res, headers),
      () => json(res, 413, { error: 'body too large' }, headers),
    )
    return true
  }

  private task(mode: LabMode, text: string, res: ServerResponse, headers: Record<string, string>): void {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      // The flawed API still stores a task when the body is not JSON at all: the raw text as its title.
      if (mode === 'fixed') return json(res, 400, { error: 'the body is not JSON' }, headers)
      body = { title: text }
    }
    if (mode === 'fixed') {
      const problem = taskProblem(body)
      if (problem)
        return json(res, problem.startsWith('title is longer') ? 413 : 422, { error: problem }, headers)
    }
    const task = { id: `t${this.tasks.length + 1}`, ...(body as Record<string, unknown>) }
    // Only the newest few are kept: the lab must not grow with every audit.
    this.tasks.push(task)
    if (this.tasks.length > 20) this.tasks.shift()
    json(res, 201, task, headers)
  }
}

/** Why a task body is refused by the repaired API, or undefined when it is valid. */
function taskProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object'
  const b = body as Record<string, unknown>
  if (typeof b.title !== 'string' || b.title.trim() === '') return 'title must be a non-empty string'
  if (b.title.length > TITLE_LIMIT) return `title is longer than ${TITLE_LIMIT} characters`
  if (b.done !== undefined && typeof b.done !== 'boolean') return 'done must be true or false'
  if (b.priority !== undefined && (typeof b.priority !== 'number' || !Number.isInteger(b.priority)))
    return 'priority must be a whole number'
  const known = new Set(['title', 'done', 'priority'])
  const unknown = Object.keys(b).find((k) => !known.has(k))
  return unknown ? `unknown field ${unknown}` : undefined
}

/** POST /api/imports: the flawed API parses without a guard, so a malformed body crashes the handler. */
function imports(mode: LabMode, text: string, res: ServerResponse, headers: Record<string, string>): void {
  let body: { name?: unknown; rows?: unknown }
  try {
    body = JSON.parse(text) as typeof body
  } catch (err) {
    if (mode === 'fixed') return json(res, 400, { error: 'the body is not JSON' }, headers)
    // What an unguarded framework prints: the exception with its stack.
    const stack = err instanceof Error ? (err.stack ?? String(err)) : String(err)
    res.writeHead(500, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
    res.end(`Internal Server Error\n\n${stack}\n    at importContacts (/srv/acme/api/imports.js:41:23)\n`)
    return
  }
  if (typeof body.name !== 'string' || !Array.isArray(body.rows) || body.name.length > TITLE_LIMIT)
    return json(res, 422, { error: 'name (a short string) and rows (a list) are required' }, headers)
  json(res, 202, { import: 'queued', rows: body.rows.length }, headers)
}
