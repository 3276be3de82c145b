// Redaction belongs to the evidence, so no reporter can forget it (STYLE.md, after gitleaks).

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
])

const SECRET_PARAMS =
  /^(access_?token|id_?token|refresh_?token|token|code|password|passwd|pwd|secret|client_secret|api_?key|key|sig|signature|session|session_?id|sid|auth|jwt|otp|magic|reset)$/i

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi

/** Masks a value for display: keeps a hint of its shape, never enough to use it. */
export function mask(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length)
  return `${value.slice(0, 4)}${'*'.repeat(Math.min(12, value.length - 6))}${value.slice(-2)}`
}

/** Knows every secret value of a run and removes it from any text that becomes evidence. */
export class Redactor {
  private readonly secrets = new Map<string, string>()

  /** Registers a value to remove wherever it appears (credentials, session tokens). */
  addSecret(value: string, label: string): void {
    if (value.length >= 4) this.secrets.set(value, label)
    // The forms a value takes on the wire: URL-encoded, form-encoded (space as +) and base64.
    for (const encoded of [
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
    ]) {
      if (encoded !== value && encoded.length >= 4) this.secrets.set(encoded, label)
    }
    const b64 = Buffer.from(value).toString('base64')
    if (value.length >= 6) this.secrets.set(b64, label)
  }

  /** Replaces known secret values and token-shaped strings. */
  text(input: string): string {
    let out = input
    for (const [value, label] of [...this.secrets].sort((a, b) => b[0].length - a[0].length)) {
      if (out.includes(value)) out = out.split(value).join(`[redacted:${label}]`)
    }
    return out.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted:jwt]')
  }

  /** Redacts secret-bearing query parameters and userinfo of a URL. */
  url(input: string): string {
    try {
      const url = new URL(input)
      if (url.password) url.password = 'redacted'
      for (const key of [...url.searchParams.keys()]) {
        if (SECRET_PARAMS.test(key)) url.searchParams.set(key, 'redacted')
      }
      return this.text(url.toString())
    } catch {
      return this.text(input)
    }
  }

  /** Header lines safe to keep: secret headers lose their value, cookies keep name and attributes. */
  headers(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [rawName, raw] of Object.entries(headers)) {
      if (raw === undefined) continue
      const name = rawName.toLowerCase()
      const values = Array.isArray(raw) ? raw : [String(raw)]
      if (SECRET_HEADERS.has(name)) {
        out[name] = name === 'cookie' ? values.map(redactCookieHeader).join('; ') : '[redacted]'
      } else if (name === 'set-cookie') {
        out[name] = values.map(redactSetCookie).join('\n')
      } else if (name === 'location' || name === 'content-location' || name === 'refresh') {
        out[name] = values.map((v) => this.url(v)).join(', ')
      } else {
        out[name] = this.text(values.join(', '))
      }
    }
    return out
  }
}

function redactCookieHeader(value: string): string {
  return value
    .split(';')
    .map((pair) => `${pair.split('=')[0]?.trim() ?? ''}=[redacted]`)
    .join('; ')
}

/** `sid=abc; Path=/; HttpOnly` → `sid=[redacted]; Path=/; HttpOnly` (the attributes are evidence). */
export function redactSetCookie(value: string): string {
  const [pair, ...attributes] = value.split(';')
  const name = (pair ?? '').split('=')[0]?.trim() ?? ''
  return [`${name}=[redacted]`, ...attributes.map((a) => a.trim())].join('; ')
}
