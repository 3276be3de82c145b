// SPF macros (RFC 7208 §7): parsing macro-strings, domain-spec syntax, and expansion with transformers.
import { failure, ok, type Result } from '../../core/result'
import { SPF } from '../codes'

/** A macro letter: s l o d i p h v everywhere; c r t only in explanation text (§7.2). */
export type MacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'v' | 'c' | 'r' | 't'

/** One piece of a macro-string: literal text (escapes already resolved) or a %{…} expansion. */
export type MacroToken =
  | { kind: 'literal'; text: string; escape: boolean }
  | {
      kind: 'expand'
      letter: MacroLetter
      /** Upper-case letter: the value is URL-escaped (§7.3). */
      escape: boolean
      /** Keep this many right-hand parts (1–128); undefined keeps all. */
      keep?: number
      reverse: boolean
      delimiters: string
    }

/** Where a macro-string appears: a domain-spec or modifier value, or the text of an explanation TXT record. */
export type MacroContext = 'domain' | 'explanation'

const DOMAIN_LETTERS = 'slodiphv'
const EXPLAIN_LETTERS = 'slodiphvcrt'
const DELIMITERS = '.-+,/_='
/** RFC 7208 §7.3: implementations must support at least 128 parts; more is pointless for a 253-octet name. */
const MAX_PARTS = 128

/** Parses a macro-string (or, in explanation context, an explain-string that may contain spaces). */
export function parseMacroString(text: string, context: MacroContext = 'domain'): Result<MacroToken[]> {
  const tokens: MacroToken[] = []
  const letters = context === 'domain' ? DOMAIN_LETTERS : EXPLAIN_LETTERS
  let literal = ''
  const flush = (): void => {
    if (literal) tokens.push({ kind: 'literal', text: literal, escape: false })
    literal = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? ''
    const code = ch.charCodeAt(0)
    if (ch !== '%') {
      // macro-literal = %x21-24 / %x26-7E; explain-string also allows SP.
      const visible = code >= 0x21 && code <= 0x7e
      if (!visible && !(context === 'explanation' && code === 0x20)) {
        return failure(SPF.MACRO_SYNTAX, `${quote(text)} contains ${describeChar(code)} at position ${i + 1}`)
      }
      literal += ch
      continue
    }
    const next = text[i + 1]
    if (next === '%' || next === '_' || next === '-') {
      flush()
      tokens.push({ kind: 'literal', text: next === '%' ? '%' : next === '_' ? ' ' : '%20', escape: true })
      i++
      continue
    }
    if (next !== '{') {
      return failure(
        SPF.MACRO_SYNTAX,
        `${quote(text)}: a '%' must be followed by '{', '%', '_' or '-' (position ${i + 1})`,
      )
    }
    const close = text.indexOf('}', i + 2)
    if (close < 0) return failure(SPF.MACRO_SYNTAX, `${quote(text)}: unterminated macro at position ${i + 1}`)
    const body = text.slice(i + 2, close)
    const match = /^([a-zA-Z])([0-9]*)([rR]?)(.*)$/.exec(body)
    const letter = match?.[1]?.toLowerCase() ?? ''
    if (!match || !letters.includes(letter)) {
      const where =
        context === 'domain' && EXPLAIN_LETTERS.includes(letter) ? ' (only allowed in explanation text)' : ''
      return failure(SPF.MACRO_SYNTAX, `${quote(text)}: unknown macro letter in %{${body}}${where}`)
    }
    const digits = match[2] ?? ''
    const delimiters = match[4] ?? ''
    if ([...delimiters].some((d) => !DELIMITERS.includes(d))) {
      return failure(SPF.MACRO_SYNTAX, `${quote(text)}: invalid delimiter in %{${body}}`)
    }
    if (digits !== '' && Number(digits) === 0) {
      return failure(SPF.MACRO_SYNTAX, `${quote(text)}: the part count in %{${body}} must not be zero`)
    }
    flush()
    tokens.push({
      kind: 'expand',
      letter: letter as MacroLetter,
      escape: match[1] !== letter,
      keep: digits === '' ? undefined : Math.min(Number(digits), MAX_PARTS),
      reverse: (match[3] ?? '') !== '',
      delimiters: delimiters || '.',
    })
    i = close
  }
  flush()
  return ok(tokens)
}

/** Quotes text for a message, showing control and non-ASCII characters as escapes. */
export function quote(text: string): string {
  const shown = text.replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u{${code.toString(16).toUpperCase()}}`
  })
  return `"${shown}"`
}

function describeChar(code: number): string {
  if (code === 0x20) return 'a space'
  if (code < 0x20 || code === 0x7f) return `the control character 0x${code.toString(16).padStart(2, '0')}`
  return `the non-ASCII character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

const TOPLABEL = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/

/** A parsed domain-spec: the macro-string and its original text. */
export interface DomainSpec {
  text: string
  tokens: MacroToken[]
}

/** Parses a domain-spec (RFC 7208 §7.1): a macro-string ending in a macro or in "." toplabel with an optional dot. */
export function parseDomainSpec(text: string): Result<DomainSpec> {
  if (text === '') return failure(SPF.SYNTAX, 'the domain-spec is empty')
  const parsed = parseMacroString(text, 'domain')
  if (!parsed.ok) return parsed
  const tokens = parsed.value
  const last = tokens[tokens.length - 1]
  if (last && (last.kind === 'expand' || last.escape)) return ok({ text, tokens })
  // The domain-end is "." toplabel ["."] and must be literal text after the last macro.
  const trailing = last?.kind === 'literal' ? last.text : ''
  const body = trailing.endsWith('.') ? trailing.slice(0, -1) : trailing
  const dot = body.lastIndexOf('.')
  if (dot < 0 || !TOPLABEL.test(body.slice(dot + 1))) {
    return failure(SPF.SYNTAX, `${quote(text)} does not end in a valid top-level label (RFC 7208 §7.1)`)
  }
  return ok({ text, tokens })
}

/** Values the macro letters expand to; `p` is looked up only when used. */
export interface MacroValues {
  sender: string
  localPart: string
  senderDomain: string
  domain: string
  /** "i": dotted quad or dotted nibbles. */
  ip: string
  /** "c": the readable address. */
  readableIp: string
  /** "v": in-addr or ip6. */
  ipVersion: 'in-addr' | 'ip6'
  helo: string
  receiver: string
  timestamp: number
  validatedName: () => Promise<string>
}

/** Expands parsed tokens. Domain results lose a trailing dot and are cut from the left to 253 octets (§7.3). */
export async function expandMacros(
  tokens: MacroToken[],
  values: MacroValues,
  context: MacroContext,
): Promise<string> {
  let out = ''
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text
      continue
    }
    let value = await letterValue(token.letter, values)
    const parts = splitOn(value, token.delimiters)
    if (token.reverse) parts.reverse()
    const kept =
      token.keep !== undefined && token.keep < parts.length ? parts.slice(parts.length - token.keep) : parts
    value = kept.join('.')
    out += token.escape ? urlEscape(value) : value
  }
  if (context === 'explanation') return out
  if (out.endsWith('.')) out = out.slice(0, -1)
  while (out.length > 253 && out.includes('.')) out = out.slice(out.indexOf('.') + 1)
  return out
}

async function letterValue(letter: MacroLetter, v: MacroValues): Promise<string> {
  switch (letter) {
    case 's':
      return v.sender
    case 'l':
      return v.localPart
    case 'o':
      return v.senderDomain
    case 'd':
      return v.domain
    case 'i':
      return v.ip
    case 'p':
      return v.validatedName()
    case 'h':
      return v.helo
    case 'v':
      return v.ipVersion
    case 'c':
      return v.readableIp
    case 'r':
      return v.receiver
    case 't':
      return String(v.timestamp)
  }
}

function splitOn(value: string, delimiters: string): string[] {
  const parts: string[] = []
  let current = ''
  for (const ch of value) {
    if (delimiters.includes(ch)) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts
}

/** Percent-encodes every octet outside RFC 3986's unreserved set (§7.3: upper-case macros). */
export function urlEscape(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}
