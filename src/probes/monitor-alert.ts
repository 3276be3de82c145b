// monitor.alerting's probe: one clearly marked test alert down one alert route — a Slack-compatible webhook whose
// URL is read from the keychain (a secret: the redactor learns it, the subject names only the keychain entry), or an
// e-mail through the engagement's mail server over STARTTLS — and what the receiver answered.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { refName, resolveRef } from '../keychain/keychain'
import { fetchUrl } from '../network/http'
import { sendMail } from '../network/smtp'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { PROBE } from './codes'
import { SMTP } from '../network/codes'

/** Data of a `monitor.alert` observation. */
export const alertProbeSchema = z.strictObject({
  channel: z.enum(['webhook', 'email']),
  /** Where it went, safe to show: the webhook's host (never its path) or the e-mail address. */
  to: z.string(),
  /** The marker in the alert's text, e.g. `[TEST] Handover alert test 3f9a…`, to find it at the receiver. */
  marker: z.string(),
  /** Whether the receiver took it: a 2xx from the webhook, every recipient accepted by the mail server. */
  accepted: z.boolean(),
  /** The receiver's answer: `200 ok`, `404 no_service`, `250 OK: queued as …`, `550 no such user`. */
  answer: z.string(),
  status: z.number().int().optional(),
  /** The mail server's message id. */
  messageId: z.string().optional(),
})

/** What one test alert found (`monitor.alert`). */
export type AlertFacts = z.output<typeof alertProbeSchema>

/** One alert route: the webhook's keychain reference, or the e-mail address and its mail server. */
export type AlertParams =
  | { channel: 'webhook'; ref: string; engagement: string }
  | {
      channel: 'email'
      to: string
      engagement: string
      smtp: { host: string; port: number; from: string; username?: string; password?: string }
    }

const alertText = (engagement: string, marker: string): string =>
  `${marker}: a test alert sent by the Handover launch-readiness audit of ${engagement} to check that alerts reach ` +
  'the on-call route. No action is needed; it is not an incident.'

/**
 * Whether a 2xx webhook answer says it took the message: Slack answers `ok`, Mattermost and Teams `ok` or `1`,
 * Discord 204 with no body. A sign-in page or an error object served with 200 (`{"ok":false}`) is not acceptance.
 */
export function webhookTookIt(body: string): boolean {
  const text = body.trim()
  if (text === '' || /^(ok|1|accepted)$/i.test(text)) return true
  if (/^<(!doctype|html)/i.test(text)) return false
  try {
    const parsed = JSON.parse(text) as unknown
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      return o.ok !== false && o.error === undefined && o.errors === undefined
    }
  } catch {
    // Plain text other than `ok`: a receiver's own words; taken at its 2xx.
  }
  return true
}

async function sendWebhook(
  p: Extract<AlertParams, { channel: 'webhook' }>,
  marker: string,
  ctx: ProbeContext,
): Promise<ProbeResult<AlertFacts>> {
  const got = await resolveRef(p.ref, ctx.credentials, ctx.network.redactor)
  if (!got.ok) return got
  let url: URL
  try {
    url = new URL(got.value)
  } catch {
    return failure(PROBE.BAD_WEBHOOK_URL, `the keychain entry ${refName(p.ref)} does not hold a URL`)
  }
  if (url.protocol !== 'https:')
    return failure(
      PROBE.BAD_WEBHOOK_URL,
      `the keychain entry ${refName(p.ref)} holds a URL that is not https`,
    )
  // The path is the webhook's secret (Slack: /services/T…/B…/token): removed wherever it shows, alone too.
  ctx.network.redactor.addSecret(url.pathname + url.search, `${refName(p.ref)} path`)
  const outcome = await fetchUrl(
    ctx.network,
    {
      url: url.toString(),
      method: 'POST',
      body: JSON.stringify({ text: alertText(p.engagement, marker) }),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Handover/0.1 (alert route test)',
      },
      follow: false,
      keepBody: 400,
      active: true,
      deadline: ctx.deadline,
    },
    ctx.rec,
  )
  const last = outcome.exchanges.at(-1)
  if (!last)
    return failure(outcome.error?.code ?? PROBE.NOT_SENT, outcome.error?.message ?? 'nothing was sent')
  const body = ctx.network.redactor.text((last.body ?? '').trim().slice(0, 200))
  return ok({
    channel: 'webhook',
    to: url.host,
    marker,
    accepted: last.status >= 200 && last.status < 300 && webhookTookIt(last.body ?? ''),
    answer: `${last.status}${body ? ` ${body}` : ''}`,
    status: last.status,
  })
}

async function sendEmail(
  p: Extract<AlertParams, { channel: 'email' }>,
  marker: string,
  ctx: ProbeContext,
): Promise<ProbeResult<AlertFacts>> {
  let password: string | undefined
  if (p.smtp.password) {
    const got = await resolveRef(p.smtp.password, ctx.credentials, ctx.network.redactor)
    if (!got.ok) return got
    password = got.value
  }
  const sent = await sendMail(
    ctx.network,
    {
      host: p.smtp.host,
      port: p.smtp.port,
      from: p.smtp.from,
      to: p.to,
      subject: `${marker} (no action needed)`,
      text: alertText(p.engagement, marker),
      ...(p.smtp.username ? { username: p.smtp.username } : {}),
      ...(password !== undefined ? { password } : {}),
      deadline: ctx.deadline,
      active: true,
    },
    ctx.rec,
  )
  if (!sent.ok) {
    // The server refused the recipient or the message: that is the route's answer, not a failure to observe.
    if (sent.error.code === SMTP.ENVELOPE || sent.error.code === SMTP.MESSAGE)
      return ok({ channel: 'email', to: p.to, marker, accepted: false, answer: sent.error.message })
    return sent
  }
  const d = sent.value
  return ok({
    channel: 'email',
    to: p.to,
    marker,
    accepted: d.accepted.includes(p.to) && d.rejected.length === 0,
    answer: d.response,
    messageId: d.messageId,
  })
}

/** Probe `monitor.alert`: sends one `[TEST]` alert down one route and keeps the receiver's answer. */
export const monitorAlert: ProbeKind<AlertParams, AlertFacts> = {
  kind: 'monitor.alert',
  subject: (p) => (p.channel === 'webhook' ? `webhook ${p.ref}` : `email ${p.to}`),
  async run(p, ctx): Promise<ProbeResult<AlertFacts>> {
    const marker = `[TEST] Handover alert test ${randomBytes(4).toString('hex')}`
    return p.channel === 'webhook' ? sendWebhook(p, marker, ctx) : sendEmail(p, marker, ctx)
  },
}

/** The engagement's alert routes as probe requests: the webhook, and the e-mail when a mail server is declared. */
export function alertProbesOf(engagement: Engagement): ProbeRequest[] {
  const m = engagement.monitoring
  if (!m) return []
  const out: ProbeRequest[] = []
  const params = (p: AlertParams): ProbeRequest =>
    request(monitorAlert.kind, monitorAlert.subject(p), p as unknown as Record<string, unknown>)
  if (m.alertWebhook)
    out.push(params({ channel: 'webhook', ref: m.alertWebhook, engagement: engagement.name }))
  if (m.alertEmail && m.smtp)
    out.push(
      params({
        channel: 'email',
        to: m.alertEmail,
        engagement: engagement.name,
        smtp: {
          host: m.smtp.host,
          port: m.smtp.port,
          from: m.smtp.from,
          ...(m.smtp.username ? { username: m.smtp.username } : {}),
          ...(m.smtp.password ? { password: m.smtp.password } : {}),
        },
      }),
    )
  return out
}
