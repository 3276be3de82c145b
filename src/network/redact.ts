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
  private compiled: { pattern: RegExp; label: string }[] | undefined

  /** Registers a value to remove wherever it appears, in any of the forms `secretPattern` knows. */
  addSecret(value: string, label: string): void {
    if (value.length < 4) return
    this.secrets.set(value, label)
    this.compiled = undefined
  }

  /** Replaces known secret values (in every encoding) and token-shaped strings. */
  text(input: string): string {
    // Longest first, so a secret that contains another is removed whole and no fragment of it survives.
    this.compiled ??= [...this.secrets]
      .sort((a, b) => b[0].length - a[0].length)
      .map(([value, label]) => ({ pattern: secretPattern(value), label }))
    let out = input
    for (const { pattern, label } of this.compiled) out = out.replace(pattern, () => `[redacted:${label}]`)
    return out.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted:jwt]')
  }

  /** Redacts secret-bearing query parameters and userinfo of a URL. */
  url(input: string): string {
    // A relative reference (a Location such as `/callback?code=…`) keeps its text: only the values of secret
    // query parameters are replaced, so text that is no URL at all passes through unchanged.
    if (!/^[a-z][a-z0-9+.-]*:/i.test(input)) return this.text(redactQuery(input))
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

/** `/cb?code=abc&x=1#f` → `/cb?code=redacted&x=1#f`: secret query values out, the rest as written. */
function redactQuery(ref: string): string {
  const q = ref.indexOf('?')
  if (q < 0) return ref
  return (
    ref.slice(0, q) +
    ref.slice(q).replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, key: string) => {
      let name = key
      try {
        name = decodeURIComponent(key.replace(/\+/g, ' '))
      } catch {
        // A malformed escape: judge the name as written.
      }
      return SECRET_PARAMS.test(name) ? `${sep}${key}=redacted` : all
    })
  )
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

// ——— The forms a secret takes on the wire ———

/** HTML 4's named references for U+00A0–U+00FF, in code point order (what PHP's htmlentities writes). */
const LATIN1_ENTITIES = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml ' +
  'Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde ' +
  'Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ' +
  'ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide ' +
  'oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ')
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  '&': 'amp',
  '<': 'lt',
  '>': 'gt',
  '"': 'quot',
  "'": 'apos',
}
const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** A regex source matching `text` in any letter case (hex digits, entity names, the secret itself). */
function caseless(text: string): string {
  return [...text]
    .map((ch) => {
      const variants = new Set([ch, ch.toLowerCase(), ch.toUpperCase()].filter((v) => [...v].length === 1))
      return variants.size > 1 ? `[${[...variants].map(escapeRegex).join('')}]` : escapeRegex(ch)
    })
    .join('')
}

const hex = (n: number, width = 0): string => n.toString(16).padStart(width, '0')

/**
 * Every way one character of a secret is written on the wire: itself in either case; percent-encoded UTF-8
 * (either hex case, space as +); a JSON escape (\", \\, \/, \n… or \uXXXX); an HTML character reference
 * (decimal, hex, named); and, when it is not ASCII, its UTF-8 bytes read as latin1 (how Node decodes a header).
 */
function charForms(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0
  const bytes = Buffer.from(ch, 'utf8')
  const forms = new Set<string>([caseless(ch), [...bytes].map((b) => `%${caseless(hex(b, 2))}`).join('')])
  if (ch === ' ') forms.add('\\+')
  const json = JSON_ESCAPES[ch]
  if (json) forms.add(escapeRegex(json))
  const units = Array.from({ length: ch.length }, (_, i) => ch.charCodeAt(i))
  forms.add(units.map((u) => `\\\\u${caseless(hex(u, 4))}`).join(''))
  forms.add(`&#0*${cp};`)
  forms.add(`&#[xX]0*${caseless(hex(cp))};`)
  const named = NAMED_ENTITIES[ch] ?? (cp >= 0xa0 && cp <= 0xff ? LATIN1_ENTITIES[cp - 0xa0] : undefined)
  if (named) forms.add(`&${named};`)
  if (cp > 0x7f) forms.add(escapeRegex(bytes.toString('latin1')))
  return `(?:${[...forms].join('|')})`
}

/**
 * The base64 (and base64url) text that encodes `bytes` wherever they sit in a longer encoded value: for each of
 * the three alignments, the characters that depend on these bytes alone.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores = new Set<string>()
  for (let lead = 0; lead < 3; lead++) {
    const total = lead + bytes.length
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64')
    const start = [0, 2, 3][lead] ?? 0
    const end = Math.floor(total / 3) * 4 + (total % 3)
    const core = encoded.slice(start, end)
    if (core.length >= 8) cores.add(core)
  }
  return [...cores]
}

/**
 * A global regex for a secret in every form it takes in evidence: as itself in any case, and URL-, form-, JSON-
 * and HTML-escaped (in any mix, character by character); base64 and base64url, padded or not and inside longer
 * encoded values; hex in either case; and UTF-8 read as latin1.
 */
export function secretPattern(value: string): RegExp {
  const bytes = Buffer.from(value, 'utf8')
  const whole = [...value].map(charForms).join('')
  const encoded: string[] = []
  if (bytes.length >= 6) {
    const b64 = bytes.toString('base64')
    // The complete encodings first (padded, then not), then the cores that also match inside longer values.
    for (const form of [b64, b64.replace(/=+$/, ''), ...base64Cores(bytes)]) {
      encoded.push(escapeRegex(form), escapeRegex(form.replace(/\+/g, '-').replace(/\//g, '_')))
    }
  }
  if (bytes.length >= 4) encoded.push(caseless(bytes.toString('hex')))
  return new RegExp([whole, ...new Set(encoded)].join('|'), 'g')
}
