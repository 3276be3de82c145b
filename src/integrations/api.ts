// A provider's API through the network layer: scope first (the API host must be in scope.allow, or nothing is
// sent), the token from the keychain at the moment of use, JSON answers redacted as they are recorded, and a
// rate-limit answer waited out within the probe's deadline.
import { failure, ok, type Result } from '../core/result'
import { resolveRef } from '../keychain/keychain'
import { fetchUrl, HttpPool } from '../network/http'
import { sleep } from '../network/limiter'
import type { ProbeContext } from '../probes/probe'
import type { ApiRecord } from './types'
import { API } from './codes'
import type { ProviderCode } from './codes'
import { NET } from '../network/codes'

/** How many times a rate-limit answer is waited out before the probe gives up. */
const RATE_LIMIT_RETRIES = 2
/** The longest Retry-After honoured; a longer wait ends the probe with PROVIDER_RATE_LIMITED. */
const MAX_WAIT_SECONDS = 5

/** How a provider authenticates and which fields of its answers are sensitive. */
export interface ProviderAuth {
  /** The provider's name in messages, e.g. Cloudflare. */
  label: string
  /** `bearer`: Authorization: Bearer TOKEN; `form`: the token as a form field of a POST (UptimeRobot's api_key). */
  style: 'bearer' | { form: string }
  /** Keys whose values are masked wherever they appear in an answer (alert contact addresses, webhook URLs). */
  sensitiveKeys?: readonly string[]
  /** Extra request headers, e.g. GitHub's Accept and API version. */
  headers?: Record<string, string>
}

/** One answer: status, headers and parsed JSON (null when the body was empty). */
export interface ApiAnswer {
  status: number
  headers: Record<string, string>
  json: unknown
}

/** A signed-in client for one provider API within one probe; every answer is kept in `records`. */
export class ProviderApi {
  readonly records: ApiRecord[] = []
  private readonly pool: HttpPool

  private constructor(
    private readonly ctx: ProbeContext,
    private readonly auth: ProviderAuth,
    private readonly token: string,
  ) {
    this.pool = new HttpPool(ctx.network, ctx.rec)
  }

  /**
   * Opens a client for `base`: refuses an API host outside scope.allow before anything is sent (the token is not
   * even read), then reads the token from the keychain and teaches the redactor its value.
   */
  static async open(
    ctx: ProbeContext,
    base: string,
    tokenRef: string,
    auth: ProviderAuth,
  ): Promise<Result<ProviderApi, ProviderCode>> {
    const host = new URL(base).hostname
    if (!ctx.network.scope.allows(host)) {
      ctx.rec.add('refused', host, `not contacted: ${host} is outside scope.allow`, API.OUT_OF_SCOPE)
      return failure(
        API.OUT_OF_SCOPE,
        `${auth.label}'s API host ${host} is not in scope.allow; add it there to let the audit read it`,
      )
    }
    const token = await resolveRef(tokenRef, ctx.credentials, ctx.network.redactor)
    if (!token.ok) return token
    return ok(new ProviderApi(ctx, auth, token.value))
  }

  /** Closes the client's connections. */
  async close(): Promise<void> {
    await this.pool.close()
  }

  /** GETs (or, with `form`, POSTs) a URL; 2xx answers with JSON come back, anything else as a coded failure. */
  async call(
    url: string,
    options: { form?: Record<string, string>; allow404?: boolean } = {},
  ): Promise<Result<ApiAnswer, ProviderCode>> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once(url, options.form)
      if (!answer.ok) return answer
      const { status } = answer.value
      if (status === 429) {
        const wait = retryAfter(answer.value.headers)
        const fits = Date.now() + wait * 1000 < this.ctx.deadline - 1000
        if (attempt < RATE_LIMIT_RETRIES && wait <= MAX_WAIT_SECONDS && fits) {
          this.ctx.rec.add('note', new URL(url).host, `${this.auth.label} answered 429: waiting ${wait} s`)
          if (await sleep(wait * 1000, this.ctx.rec.signal))
            return failure(NET.PROBE_ABORTED, 'the probe was stopped while waiting out a rate limit')
          continue
        }
        return failure(
          API.RATE_LIMITED,
          `${this.auth.label}'s API kept answering 429 Too Many Requests (asked to wait ${wait} s); run the audit again later`,
        )
      }
      if (status === 401 || status === 403)
        return failure(
          API.AUTH,
          `${this.auth.label} refused the token (${status}): check that it is valid and may read this (${providerMessage(answer.value.json)})`,
        )
      if (status === 404 && options.allow404) return answer
      if (status === 404)
        return failure(
          API.NOT_FOUND,
          `${this.auth.label} has no ${pathOf(url)} (404: ${providerMessage(answer.value.json)})`,
        )
      if (status < 200 || status >= 300)
        return failure(API.UNAVAILABLE, `${this.auth.label}'s API answered ${status} for ${pathOf(url)}`)
      return answer
    }
  }

  private async once(url: string, form?: Record<string, string>): Promise<Result<ApiAnswer, ProviderCode>> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.auth.headers }
    let body: string | undefined
    if (this.auth.style === 'bearer') headers.authorization = `Bearer ${this.token}`
    if (form || typeof this.auth.style === 'object') {
      const fields = new URLSearchParams(form)
      if (typeof this.auth.style === 'object') fields.set(this.auth.style.form, this.token)
      body = fields.toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const outcome = await fetchUrl(
      this.ctx.network,
      {
        url,
        method: body === undefined ? 'GET' : 'POST',
        headers,
        ...(body !== undefined ? { body } : {}),
        follow: false,
        capture: true,
        captureBytes: this.ctx.network.settings.maxResponseBytes,
        deadline: this.ctx.deadline,
        pool: this.pool,
      },
      this.ctx.rec,
    )
    const exchange = outcome.exchanges[0]
    if (outcome.error || !exchange) {
      const error = outcome.error ?? { code: API.UNAVAILABLE, message: `no answer from ${pathOf(url)}` }
      return failure(error.code, error.message)
    }
    const raw = outcome.captured?.body ?? ''
    let json: unknown = null
    if (raw.trim() !== '') {
      try {
        json = JSON.parse(raw)
      } catch {
        return failure(
          API.BAD_RESPONSE,
          `${this.auth.label}'s API sent something other than JSON for ${pathOf(url)}`,
        )
      }
    }
    const wait = exchange.status === 429 ? retryAfter(exchange.headers) : undefined
    this.records.push({
      method: exchange.method,
      url: exchange.url,
      status: exchange.status,
      ...(json !== null ? { body: this.redact(json) } : {}),
      ...(wait !== undefined ? { retryAfter: wait } : {}),
    })
    return ok({ status: exchange.status, headers: exchange.headers, json })
  }

  /** The answer as it may be kept: sensitive fields masked, then every known secret and token shape removed. */
  private redact(json: unknown): unknown {
    const keys = new Set(this.auth.sensitiveKeys ?? [])
    const masked = JSON.stringify(json, (k, v: unknown) =>
      keys.has(k) && typeof v === 'string' && v !== '' ? describeContact(v) : v,
    )
    return JSON.parse(this.ctx.network.redactor.text(masked)) as unknown
  }
}

/** How an alert address is shown: an e-mail address's domain, a URL's host; never the whole value. */
export function describeContact(value: string): string {
  if (/^https?:\/\//i.test(value)) {
    try {
      return `[redacted URL at ${new URL(value).host}]`
    } catch {
      return '[redacted]'
    }
  }
  const at = value.lastIndexOf('@')
  if (at > 0) return `[redacted]@${value.slice(at + 1)}`
  return '[redacted]'
}

function retryAfter(headers: Record<string, string>): number {
  const value = Number(headers['retry-after'])
  return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : 60
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/** The provider's own error words, from the shapes Cloudflare, UptimeRobot, Better Stack and GitHub use. */
function providerMessage(json: unknown): string {
  const j = json as {
    errors?: { message?: string }[] | string[]
    error?: { message?: string } | string
    message?: string
  } | null
  const first = j?.errors?.[0]
  const text =
    (typeof first === 'string' ? first : first?.message) ??
    (typeof j?.error === 'string' ? j.error : j?.error?.message) ??
    j?.message
  return text ? text.slice(0, 200) : 'no message'
}
