// The isolation flaw of issue 10 (smoke.isolation) on api.acme.test, on paths of its own so that no other check's
// traffic reaches it: a small database pool serves GET /api/healthz and GET /api/contacts. The flawed
// POST /api/exports takes a connection before it reads its body, fails on a body it cannot parse (500) and leaks the
// connection until the pool's reaper takes it back LEAK_MS later; with every connection leaked, the health check
// and the contacts answer 503 "pool exhausted" until then. The repaired one validates the body before touching the
// pool (422), so its failures hold nothing.
import type { ServerResponse } from 'node:http'
import { json, refuse, readBody, type LabApiCall } from './api'
import type { LabMode } from './types'

/** Connections in the lab's database pool. */
export const POOL_SIZE = 4
/** How long a leaked connection is held before the reaper takes it back: short, so the lab recovers at once. */
export const LEAK_MS = 1000
/** The endpoint whose failures leak connections. */
export const EXPORTS_PATH = '/api/exports'
/** The health check: it pings the database through the pool. */
export const HEALTHZ_PATH = '/api/healthz'
/** An unrelated read that uses the pool. */
export const CONTACTS_PATH = '/api/contacts'
/** What an export request may carry at most. */
const BODY_LIMIT = 16 * 1024

/** The lab's shared pool and the three endpoints that use it. */
export class IsolationLab {
  /** Arrival times of every request to these endpoints (tests count them). */
  readonly arrivals: number[] = []
  /** Connections in use (leaked ones included). */
  private inUse = 0
  /** Connections leaked so far (tests read it). */
  leaked = 0

  /** The engagement's isolation section. */
  engagementPart(): Record<string, unknown> {
    return {
      target: { method: 'POST', url: `https://api.acme.test${EXPORTS_PATH}` },
      health: `https://api.acme.test${HEALTHZ_PATH}`,
      reads: [`https://api.acme.test${CONTACTS_PATH}`],
      failures: 20,
      recoverySeconds: 10,
    }
  }

  /** Answers the three endpoints; false for any other path. */
  api({ mode, req, res, headers, path, who }: LabApiCall): boolean {
    const route = `${req.method} ${path}`
    if (
      route !== `POST ${EXPORTS_PATH}` &&
      route !== `GET ${HEALTHZ_PATH}` &&
      route !== `GET ${CONTACTS_PATH}`
    )
      return false
    this.arrivals.push(Date.now())
    if (path === HEALTHZ_PATH) {
      req.resume()
      if (!this.query()) json(res, 503, { status: 'unavailable', error: 'pool exhausted' }, headers)
      else json(res, 200, { status: 'ok', checks: { database: 'ok' } }, headers)
      return true
    }
    if (!who) return refuse(req, res, 401, { error: 'sign in first' }, headers)
    if (path === CONTACTS_PATH) {
      req.resume()
      if (!this.query()) json(res, 503, { error: 'pool exhausted' }, headers)
      else
        json(
          res,
          200,
          { contacts: [{ name: 'Ann Example', email: 'ann@example.com', owner: who.id }] },
          headers,
        )
      return true
    }
    readBody(req, BODY_LIMIT).then(
      (text) => this.export(mode, text, res, headers),
      () => json(res, 413, { error: 'body too large' }, headers),
    )
    return true
  }

  /** One query through the pool: false when no connection is free. */
  private query(): boolean {
    return this.inUse < POOL_SIZE
  }

  private export(mode: LabMode, text: string, res: ServerResponse, headers: Record<string, string>): void {
    const valid = exportRequest(text)
    if (mode === 'fixed' && !valid) return json(res, 422, { error: 'expected {"format": "csv"}' }, headers)
    if (this.inUse >= POOL_SIZE) return json(res, 503, { error: 'pool exhausted' }, headers)
    this.inUse++
    if (valid) {
      this.inUse--
      return json(res, 202, { export: 'queued' }, headers)
    }
    // The flawed handler throws before its `release()`: the connection stays out until the reaper takes it back.
    this.leaked++
    setTimeout(() => this.inUse--, LEAK_MS).unref()
    json(res, 500, { error: 'export failed' }, headers)
  }
}

/** True when the body is the export request the endpoint understands. */
function exportRequest(text: string): boolean {
  try {
    const body = JSON.parse(text) as unknown
    return !!body && typeof body === 'object' && (body as { format?: unknown }).format === 'csv'
  } catch {
    return false
  }
}
