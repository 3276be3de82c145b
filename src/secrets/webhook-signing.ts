// How the common webhook providers sign deliveries, so a forged event can be signed right, wrong or late.
import { createHmac, randomBytes, randomUUID } from 'node:crypto'

/** The signing schemes secrets.webhooks speaks. */
export type WebhookStyle = 'stripe' | 'github' | 'slack' | 'svix'

/** A harmless event of each style: an unknown or ping type that a correct handler ignores. */
export function probeEvent(
  style: WebhookStyle,
  at: number,
): { body: string; headers: Record<string, string> } {
  switch (style) {
    case 'stripe':
      return {
        body: JSON.stringify({
          id: 'evt_handover_probe',
          object: 'event',
          type: 'handover.signature_probe',
          created: at,
          data: { object: {} },
          livemode: false,
        }),
        headers: {},
      }
    case 'github':
      return {
        body: JSON.stringify({ zen: 'Handover signature probe.', hook_id: 0 }),
        headers: { 'x-github-event': 'ping', 'x-github-delivery': randomUUID() },
      }
    case 'slack':
      return {
        body: JSON.stringify({ type: 'event_callback', event: { type: 'handover_signature_probe' } }),
        headers: {},
      }
    case 'svix':
      return { body: JSON.stringify({ type: 'handover.signature_probe', data: {} }), headers: {} }
  }
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest()

/** Signs `body` as the provider would at `at` (unix seconds) with `secret`; no secret means no signature. */
export function signDelivery(
  style: WebhookStyle,
  body: string,
  at: number,
  secret: string | undefined,
): Record<string, string> {
  switch (style) {
    case 'stripe':
      return secret
        ? { 'stripe-signature': `t=${at},v1=${hmac(secret, `${at}.${body}`).toString('hex')}` }
        : {}
    case 'github':
      return secret ? { 'x-hub-signature-256': `sha256=${hmac(secret, body).toString('hex')}` } : {}
    case 'slack':
      return {
        'x-slack-request-timestamp': String(at),
        ...(secret ? { 'x-slack-signature': `v0=${hmac(secret, `v0:${at}:${body}`).toString('hex')}` } : {}),
      }
    case 'svix': {
      const id = `msg_${randomBytes(12).toString('hex')}`
      const key = secret ? Buffer.from(secret.replace(/^whsec_/, ''), 'base64') : undefined
      return {
        'webhook-id': id,
        'webhook-timestamp': String(at),
        ...(key ? { 'webhook-signature': `v1,${hmac(key, `${id}.${at}.${body}`).toString('base64')}` } : {}),
      }
    }
  }
}

/** True when the style puts a timestamp under its signature (so a replayed, stale delivery can be refused). */
export function hasTimestamp(style: WebhookStyle): boolean {
  return style !== 'github'
}

/** A secret of the right shape that is not the receiver's, for the wrong-signature case. */
export function wrongSecret(style: WebhookStyle): string {
  return style === 'svix' ? `whsec_${randomBytes(24).toString('base64')}` : randomBytes(24).toString('hex')
}
