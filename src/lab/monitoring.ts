// The demo lab's monitoring stage: a core read whose latency follows a known distribution with a slow tail and
// fails more than 1 % of the time, a health endpoint behind a session that reports a degraded database, no
// request ids, a Slack-style webhook receiver that refuses the alert, and an SMTP sink (STARTTLS) that keeps
// what it was sent. `fixed` answers fast, never fails, carries request ids and accepts the alert.
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type net from 'node:net'
import { SMTPServer } from 'smtp-server'
import type { ServerIdentity } from './ca'
import type { LabMode } from './types'
import { drainBody, json, send, type LabAccounts } from './api'
import { ErrorTrackingLab } from './error-tracking'

/** The core read's URL path and the authenticated health endpoint's, on api.acme.test. */
export const CORE_READ_PATH = '/api/projects'
/** The lab portal's health endpoint. */
export const HEALTH_PATH = '/api/health'
/** Host names of the alert receivers (reached through connect-to rules, not DNS). */
export const HOOKS_HOST = 'hooks.acme.test'
/** Host name of the lab's SMTP sink for alert mail. */
export const SMTP_HOST = 'smtp.acme.test'

/** Requests in one cycle of the core read's delays: any this many consecutive requests get each delay once. */
export const LATENCY_CYCLE = 200

/**
 * The core read's delay at quantile u (0–1) of its distribution, in ms. Flawed: 90 % uniform on 30–150 ms and a
 * slow tail of 10 % uniform on 350–1000 ms (p95 ≈ 660 ms). Fixed: uniform on 8–38 ms.
 */
export function labDelayMs(mode: LabMode, u: number): number {
  if (mode === 'fixed') return 8 + 30 * u
  return u < 0.9 ? 30 + 120 * (u / 0.9) : 350 + 650 * ((u - 0.9) / 0.1)
}

/** Delays of one cycle, at the midpoints of LATENCY_CYCLE equal slices of the distribution, in a fixed shuffle. */
export function delayCycle(mode: LabMode, n = LATENCY_CYCLE): number[] {
  const delays = Array.from({ length: n }, (_, i) => labDelayMs(mode, (i + 0.5) / n))
  // A fixed permutation (multiplication by a unit modulo n) spreads the slow tail over the cycle.
  const step = [37, 31, 29, 23].find((s) => gcd(s, n) === 1) ?? 1
  return delays.map((_, i) => delays[(i * step) % n]!)
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** In the flawed lab, one request in this many fails with 503 (2.5 %). */
export const FAILURE_EVERY = 40

/** A test alert as the webhook receiver got it. */
export interface ReceivedWebhook {
  path: string
  accepted: boolean
  body: string
  contentType: string
}

/** A message as the SMTP sink got it. */
export interface ReceivedMail {
  from: string
  to: string[]
  /** True when the message came over a connection upgraded with STARTTLS. */
  secure: boolean
  user?: string
  raw: string
}

/** The monitoring part of the lab: a slow-tailed core read, an alert webhook receiver and an SMTP sink. */
export class MonitoringLab {
  /** Webhook deliveries received, in order. */
  readonly webhooks: ReceivedWebhook[] = []
  /** Messages the SMTP sink accepted, in order. */
  readonly mails: ReceivedMail[] = []
  /** The error tracker's ingest (and, fixed, its client in the portal's bundle). */
  readonly errors = new ErrorTrackingLab()
  /** The secret part of the webhook URL, fresh on every start. */
  private readonly hookToken = `T${randomBytes(4).toString('hex')}/B${randomBytes(4).toString('hex')}/${randomBytes(12).toString('base64url')}`
  private readonly smtpPassword = `smtp-${randomBytes(9).toString('base64url')}`
  private readonly cycle: Record<LabMode, number[]> = {
    flawed: delayCycle('flawed'),
    fixed: delayCycle('fixed'),
  }
  private arrivals = 0
  /** Sockets that carried a core read: the connections an audit's sampler opened. */
  private readonly coreSockets = new Set<net.Socket>()
  private hooks?: https.Server
  private smtp?: SMTPServer
  hooksPort = 0
  smtpPort = 0

  constructor(private readonly accounts: LabAccounts) {}

  /** Starts the webhook receiver and the SMTP sink on 127.0.0.1 with certificates from the lab CA. */
  async start(identity: (name: string) => ServerIdentity, mode: () => LabMode): Promise<void> {
    const hooksId = identity(HOOKS_HOST)
    this.hooks = https.createServer({ key: hooksId.keyPem, cert: hooksId.certPem }, (req, res) =>
      this.receiveWebhook(mode(), req, res),
    )
    this.hooks.on('clientError', (_e, socket) => socket.destroy())
    this.hooksPort = await listen(this.hooks)
    const smtpId = identity(SMTP_HOST)
    this.smtp = new SMTPServer({
      name: SMTP_HOST,
      key: smtpId.keyPem,
      cert: smtpId.certPem,
      // No AUTH before STARTTLS (allowInsecureAuth stays false): the password never crosses in clear.
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === 'alerts' && auth.password === this.smtpPassword)
          return callback(null, { user: 'alerts' })
        callback(new Error('Invalid username or password'))
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const from = session.envelope.mailFrom
          this.mails.push({
            from: from ? from.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            secure: session.secure,
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
            raw: Buffer.concat(chunks).toString('utf8'),
          })
          callback()
        })
      },
    })
    this.smtp.on('error', () => undefined)
    this.smtpPort = await listen(this.smtp.server as net.Server)
  }

  async stop(): Promise<void> {
    await Promise.all([
      new Promise<void>((resolve) => {
        if (!this.hooks) return resolve()
        this.hooks.close(() => resolve())
        this.hooks.closeAllConnections()
      }),
      new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve())),
    ])
  }

  /** Connections that carried at least one core read since the last reset. */
  get coreReadConnections(): number {
    return this.coreSockets.size
  }

  resetCounters(): void {
    this.coreSockets.clear()
  }

  /** The secret webhook URL (kept in the keychain as acme-alert-webhook). */
  get webhookUrl(): string {
    return `https://${HOOKS_HOST}/services/${this.hookToken}`
  }

  /** Keychain values of the monitoring stage, by name. */
  credentials(): Record<string, string> {
    return { 'acme-alert-webhook': this.webhookUrl, 'acme-smtp': this.smtpPassword }
  }

  /** connect-to rules for the receivers. */
  connectTo(): string[] {
    return [`${HOOKS_HOST}:443:127.0.0.1:${this.hooksPort}`, `${SMTP_HOST}:587:127.0.0.1:${this.smtpPort}`]
  }

  /** The engagement's monitoring section for the lab. */
  engagementPart(): Record<string, unknown> {
    return {
      health: `https://api.acme.test${HEALTH_PATH}`,
      coreReads: [`https://api.acme.test${CORE_READ_PATH}`],
      samples: 200,
      account: 'alice',
      alertWebhook: 'keychain:acme-alert-webhook',
      alertEmail: 'oncall@acme.test',
      statusPage: 'https://status.acme.test/',
      smtp: {
        host: SMTP_HOST,
        port: 587,
        from: 'alerts@acme.test',
        username: 'alerts',
        password: 'keychain:acme-smtp',
      },
    }
  }

  /** The status page's content: flawed, one line that names nothing; fixed, each component of the portal. */
  statusMarkup(mode: LabMode): string {
    if (mode === 'flawed') return '<p>All systems operational.</p>'
    return (
      '<p>All systems operational.</p><ul>' +
      ['Client portal (app.acme.test)', 'API (api.acme.test)', 'Sign-in', 'File storage']
        .map((c) => `<li>${c}: operational</li>`)
        .join('') +
      '</ul>'
    )
  }

  /** Serves the monitoring routes of api.acme.test; false when the request is not one of them. */
  api(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    if (this.errors.api(req, res, headers)) return true
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' || (path !== CORE_READ_PATH && path !== HEALTH_PATH)) return false
    const ids: Record<string, string> =
      mode === 'fixed'
        ? { 'x-request-id': String(req.headers['x-request-id'] ?? '').slice(0, 128) || randomUUID() }
        : {}
    const out = { ...headers, ...ids }
    const who = this.accounts.whoIs(req.headers.authorization)
    if (!who) {
      json(res, 401, { error: 'sign in first' }, out)
      return true
    }
    if (path === HEALTH_PATH) {
      json(
        res,
        200,
        mode === 'fixed'
          ? { status: 'ok', checks: { database: 'ok', storage: 'ok' } }
          : { status: 'degraded', checks: { database: 'timeout', storage: 'ok' } },
        out,
      )
      return true
    }
    this.coreSockets.add(req.socket)
    const n = this.arrivals++
    const delay = this.cycle[mode][n % LATENCY_CYCLE]!
    const fails = mode === 'flawed' && n % FAILURE_EVERY === FAILURE_EVERY - 1
    setTimeout(() => {
      if (res.destroyed) return
      if (fails) return json(res, 503, { error: 'upstream timed out' }, out)
      json(
        res,
        200,
        {
          projects: [
            { id: 'p-101', name: 'Brand refresh', owner: who.id },
            { id: 'p-102', name: 'Quarterly report', owner: who.id },
          ],
        },
        out,
      )
    }, delay)
    return true
  }

  private receiveWebhook(mode: LabMode, req: IncomingMessage, res: ServerResponse): void {
    drainBody(req, 64 * 1024, (kept) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const known = req.method === 'POST' && path === `/services/${this.hookToken}`
      // Slack's answers: `ok`, or 404 `no_service` for a webhook that was disabled (the flawed lab's).
      const accepted = known && mode === 'fixed'
      if (known)
        this.webhooks.push({
          path,
          accepted,
          body: kept.toString('utf8'),
          contentType: String(req.headers['content-type'] ?? ''),
        })
      const text = accepted ? 'ok' : known ? 'no_service' : 'invalid_token'
      send(res, accepted ? 200 : known ? 404 : 403, 'text/plain', text)
    })
  }
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}
