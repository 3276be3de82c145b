// secrets.webhooks' probe: forged deliveries to one declared receiver — unsigned, wrongly signed, and stale.
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { resolveRef } from '../keychain/keychain'
import { fetchUrl } from '../network/http'
import {
  hasTimestamp,
  probeEvent,
  signDelivery,
  wrongSecret,
  type WebhookStyle,
} from '../secrets/webhook-signing'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'

/** How old the stale delivery claims to be: well past every provider's tolerance (Stripe: 5 min). */
export const STALE_SECONDS = 3600

const attempt = z.strictObject({
  case: z.enum(['unsigned', 'bad-signature', 'stale-timestamp']),
  status: z.number().int().optional(),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  /** For the stale case: whether it carried a correct signature (the receiver's secret was available). */
  correctlySigned: z.boolean().optional(),
})

/** Data of a `secrets.webhook` observation. */
export const webhookProbeSchema = z.strictObject({
  url: z.string(),
  style: z.enum(['stripe', 'github', 'slack', 'svix']),
  attempts: z.array(attempt),
  /** Why the probe stopped before sending every case (a sign of harm). */
  stopped: z.string().optional(),
  /** Why the declared signing secret could not be read (the stale delivery then carries a wrong signature). */
  secret: z.strictObject({ code: z.string(), message: z.string() }).optional(),
})

/** How a webhook endpoint answered the deliveries sent to it (`secrets.webhook`). */
export type WebhookProbeFacts = z.output<typeof webhookProbeSchema>

/** One webhook endpoint, its signing style and (optionally) its secret. */
export interface WebhookParams {
  url: string
  style: WebhookStyle
  secret?: string
}

/** Probe `secrets.webhook`: sends harmless deliveries, signed right and wrong, to one endpoint. */
export const secretsWebhook: ProbeKind<WebhookParams, WebhookProbeFacts> = {
  kind: 'secrets.webhook',
  subject: ({ url }) => url,
  async run({ url, style, secret }, ctx): Promise<ProbeResult<WebhookProbeFacts>> {
    let real: string | undefined
    let unread: WebhookProbeFacts['secret']
    if (secret) {
      const got = await resolveRef(secret, ctx.credentials, ctx.network.redactor)
      if (got.ok) real = got.value
      else unread = got.error
    }
    const facts: WebhookProbeFacts = { url, style, attempts: [], ...(unread ? { secret: unread } : {}) }
    const now = Math.floor(Date.now() / 1000)
    const cases: { case: WebhookProbeFacts['attempts'][number]['case']; at: number; key?: string }[] = [
      { case: 'unsigned', at: now },
      { case: 'bad-signature', at: now, key: wrongSecret(style) },
      ...(hasTimestamp(style)
        ? [{ case: 'stale-timestamp' as const, at: now - STALE_SECONDS, key: real ?? wrongSecret(style) }]
        : []),
    ]
    for (const c of cases) {
      const event = probeEvent(style, c.at)
      const outcome = await fetchUrl(
        ctx.network,
        {
          url,
          method: 'POST',
          body: event.body,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Handover/0.1 (webhook signature check)',
            ...event.headers,
            ...signDelivery(style, event.body, c.at, c.key),
          },
          follow: false,
          active: true,
          deadline: ctx.deadline,
        },
        ctx.rec,
      )
      const status = outcome.exchanges[0]?.status
      facts.attempts.push({
        case: c.case,
        ...(status !== undefined ? { status } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(c.case === 'stale-timestamp' ? { correctlySigned: real !== undefined } : {}),
      })
      // Stop at the first sign of harm: a server error or a rate limit.
      if (outcome.error || (status !== undefined && (status >= 500 || status === 429))) {
        facts.stopped = outcome.error
          ? `${outcome.error.code}: ${outcome.error.message}`
          : `the receiver answered ${status}`
        break
      }
    }
    return ok(facts)
  },
}

/** One webhook probe request per endpoint the engagement names. */
export const webhookProbesOf = (engagement: Engagement): ProbeRequest[] =>
  (engagement.secrets?.webhooks ?? []).map((w) =>
    request(secretsWebhook.kind, w.url, {
      url: w.url,
      style: w.style,
      ...(w.secret ? { secret: w.secret } : {}),
    }),
  )
