// The secret detection engine: text in, redacted findings out. Pure: no I/O, no clock, no randomness.
import { KeywordIndex } from './keywords'
import { entropy, isPlaceholder } from './placeholder'
import { maskValue, type FindingKey } from './redaction'
import type { Confidence, Exposure, SecretRule, Verdict } from './rule'

/** How the value was written where it was found. */
export type Encoding = 'plain' | 'escaped' | 'base64'

/** One secret (or public-by-design value) found in a text; redacted when made, so it can go anywhere. */
export interface SecretFinding {
  rule: string
  provider: string
  title: string
  exposure: Exposure
  confidence: Confidence
  /** First and last characters and the length, e.g. `sk_live_4e…dc (32 chars)`. */
  masked: string
  /** HMAC-SHA256 of the value with the workspace's key (hex): compares values across files and runs. */
  hash: string
  length: number
  /** 1-based position of the match in the scanned text. */
  line: number
  column: number
  encoding: Encoding
  /** The variable or field the value was assigned to, when there is one. */
  name?: string
  note?: string
}

/** How one text is scanned: the redaction key and a cap on findings. */
export interface ScanOptions {
  key: FindingKey
  /** Stop after this many findings in one text (default 500). */
  limit?: number
}

/** Characters after a keyword that a JS/JSON unescape is tried on when the plain match fails (rule.span). */
const ESCAPE_SPAN = 1024
/** How close to its keyword the first escape of an escaped value must be. */
const ESCAPE_NEAR = 160
const MAX_BASE64_RUN = 1 << 20
const BASE64_BYTE = new Uint8Array(256).map((_, c) =>
  /[A-Za-z0-9+/=_-]/.test(String.fromCharCode(c)) ? 1 : 0,
)

interface Entry {
  rules: SecretRule[]
  base64: boolean
}

interface Candidate {
  rule: SecretRule
  start: number
  end: number
  secret: string
  verdict: Extract<Verdict, { keep: true }>
  encoding: Encoding
  /** Where a base64-wrapped finding's run starts, for its line. */
  at: number
  name?: string
}

/** A compiled rule set: one keyword index (every keyword in one pass) plus each rule's sticky regex. */
export class SecretScanner {
  private readonly index: KeywordIndex
  private readonly entries: Entry[]
  private readonly sticky = new Map<string, RegExp>()
  private readonly prefixes = new Map<string, string>()
  private readonly ordinal = new Map<SecretRule, number>()
  /** Rules whose pattern can take a character that JS/JSON strings write escaped; only they retry unescaped. */
  private readonly escapable = new Set<string>()
  /** Rules that also recognise a whole binary input (keystores). */
  private readonly binaryRules: SecretRule[]

  constructor(readonly rules: readonly SecretRule[]) {
    const byKeyword = new Map<string, Entry>()
    const entry = (kw: string, base64: boolean): Entry => {
      const key = `${base64 ? 'b64:' : ''}${kw}`
      let e = byKeyword.get(key)
      if (!e) byKeyword.set(key, (e = { rules: [], base64 }))
      return e
    }
    if (rules.length >= 1024) throw new Error('too many rules for the attempt key')
    rules.forEach((r, i) => this.ordinal.set(r, i))
    this.binaryRules = rules.filter((r) => r.binary)
    for (const rule of rules) {
      const flags = rule.regex.flags.replace(/[gy]/g, '')
      this.sticky.set(rule.id, new RegExp(rule.regex.source, `${flags}y`))
      if (takesEscapedCharacters(rule.regex)) this.escapable.add(rule.id)
      for (const kw of rule.keywords) {
        if (kw !== kw.toLowerCase()) throw new Error(`${rule.id}: keyword "${kw}" must be lower-case`)
        entry(kw, false).rules.push(rule)
        if (rule.confidence !== 'heuristic' && kw.length >= 5)
          for (const variant of base64Variants(kw)) entry(variant, true)
      }
      const literal = /^[a-z0-9]+[_-](?:[a-z0-9]+[_-])?/i.exec(rule.keywords[0] ?? '')?.[0]
      if (literal && (rule.lead ?? 0) === 0) this.prefixes.set(rule.id, literal)
    }
    const keys = [...byKeyword.keys()]
    this.entries = keys.map((k) => byKeyword.get(k)!)
    this.index = new KeywordIndex(keys.map((k) => (k.startsWith('b64:') ? k.slice(4) : k)))
  }

  /** Every finding in `input` (a string, or bytes read as Latin-1 so offsets stay byte offsets). */
  scan(input: string | Uint8Array, options: ScanOptions): SecretFinding[] {
    if (typeof input !== 'string') {
      const whole = this.scanBinary(input, options)
      if (whole.length > 0) return whole
    }
    return this.scanAt(input, options, 0)
  }

  /**
   * The findings of the rules that recognise a whole binary file (a PKCS#12 keystore): cheap on anything else,
   * so a caller that skips binary files for the text scan still asks this.
   */
  scanBinary(bytes: Uint8Array, options: ScanOptions): SecretFinding[] {
    const out: SecretFinding[] = []
    for (const rule of this.binaryRules) {
      const verdict = rule.binary!(bytes)
      if (!verdict?.keep) continue
      const value = verdict.value ?? Buffer.from(bytes).toString('base64')
      out.push({
        rule: rule.id,
        provider: verdict.provider ?? rule.provider,
        title: verdict.title ?? rule.title,
        exposure: verdict.exposure ?? rule.exposure ?? 'secret',
        confidence: rule.confidence ?? 'format',
        masked: maskValue(value),
        hash: options.key.hash(value),
        length: bytes.length,
        line: 1,
        column: 1,
        encoding: 'plain',
        ...(verdict.note ? { note: verdict.note } : {}),
      })
    }
    return out
  }

  private scanAt(input: string | Uint8Array, options: ScanOptions, depth: number): SecretFinding[] {
    const fromBytes = typeof input !== 'string'
    // A string is scanned as it is (each character's low byte, as Latin-1 bytes would be); bytes are read as
    // Latin-1 text only once a keyword is seen, so neither form is copied for a text with no keyword in it.
    // The pass's state is one object and the keyword callback an unnamed arrow: no named closure per text
    // (under tsx, each one costs a defineProperty of its name, a fifth of a scan of a small text).
    const pass: Pass = {
      input,
      options,
      depth,
      limit: options.limit ?? 500,
      found: [],
      decoded: [],
      ...(typeof input === 'string' ? { text: input } : { bytes: input }),
    }
    if (typeof input === 'string') this.index.scanText(input, (id, start) => this.onKeyword(pass, id, start))
    else this.index.scan(input, (id, start) => this.onKeyword(pass, id, start))
    const { found, decoded } = pass
    if (found.length === 0 && decoded.length === 0) return []
    const kept = resolveOverlaps(found)
    const lines =
      kept.length === 0
        ? []
        : pass.text !== undefined
          ? newlineOffsetsText(pass.text)
          : newlineOffsets(bytesOf(pass))
    const out = kept.map((c): SecretFinding => {
      const raw = c.verdict.value ?? c.secret
      const value = fromBytes ? Buffer.from(raw, 'latin1').toString('utf8') : raw
      const finding: SecretFinding = {
        rule: c.rule.id,
        provider: c.verdict.provider ?? c.rule.provider,
        title: c.verdict.title ?? c.rule.title,
        exposure: c.verdict.exposure ?? c.rule.exposure ?? 'secret',
        confidence: c.rule.confidence ?? 'format',
        masked: maskValue(value, this.prefixes.get(c.rule.id)),
        hash: options.key.hash(value),
        length: value.length,
        ...position(lines, c.at),
        encoding: c.encoding,
      }
      if (c.name) finding.name = c.name
      if (c.verdict.note) finding.note = c.verdict.note
      return finding
    })
    for (const d of decoded) if (!out.some((f) => f.hash === d.hash)) out.push(d)
    return out.sort((a, b) => a.line - b.line || a.column - b.column)
  }

  /** One keyword occurrence: its rules are tried there (once per rule and offset), or its base64 run decoded. */
  private onKeyword(pass: Pass, id: number, start: number): void {
    if (pass.found.length >= pass.limit) return
    const e = this.entries[id]!
    if (e.base64) {
      if (pass.depth > 0) return
      const run = base64Run(bytesOf(pass), start)
      const runs = (pass.runs ??= new Set())
      if (!run || runs.has(run[0])) return
      runs.add(run[0])
      for (const f of this.decodeRun(bytesOf(pass), run, pass.options, pass.depth)) pass.decoded.push(f)
      return
    }
    const tried = (pass.tried ??= new Set())
    for (const rule of e.rules) {
      const at = start - (rule.lead ?? 0)
      const key = at * 1024 + this.ordinal.get(rule)!
      if (at < 0 || tried.has(key)) continue
      tried.add(key)
      const c = this.attempt(rule, textOf(pass), at)
      if (c) pass.found.push(c)
    }
  }

  /** Tries one rule at one offset: as written, then (if there are escapes nearby) JS/JSON-unescaped. */
  private attempt(rule: SecretRule, text: string, at: number): Candidate | undefined {
    if (rule.quick && !rule.quick(text, at)) return undefined
    const re = this.sticky.get(rule.id)!
    re.lastIndex = at
    let m = re.exec(text)
    let encoding: Encoding = 'plain'
    let base = at
    if (!m) {
      if (!this.escapable.has(rule.id)) return undefined
      // Escaped values have an escape right after their keyword (`:\/\/`, `-----\r\n`): look only nearby.
      const slash = text.indexOf('\\', at)
      if (slash < 0 || slash > at + (rule.escapeNear ?? ESCAPE_NEAR)) return undefined
      const windowText = text.slice(at, at + (rule.span ?? ESCAPE_SPAN))
      const unescaped = unescapeJs(windowText)
      if (unescaped === windowText) return undefined
      re.lastIndex = 0
      m = re.exec(unescaped)
      if (!m) return undefined
      encoding = 'escaped'
      base = at
      return this.accept(rule, m, unescaped, 0, base, encoding, text)
    }
    return this.accept(rule, m, text, m.index, base, encoding, text)
  }

  private accept(
    rule: SecretRule,
    m: RegExpExecArray,
    where: string,
    index: number,
    at: number,
    encoding: Encoding,
    original: string,
  ): Candidate | undefined {
    const secret = secretOf(m)
    if (!secret) return undefined
    if (rule.entropy !== undefined && entropy(secret) < rule.entropy) return undefined
    if (isPlaceholder(secret)) return undefined
    const verdict: Verdict = rule.classify
      ? rule.classify({ secret, match: m, text: where, index })
      : { keep: true }
    if (!verdict.keep) return undefined
    const length = encoding === 'plain' ? m[0].length : Math.min(m[0].length, rule.span ?? ESCAPE_SPAN)
    const name = nameBefore(original, at) + (m.groups?.name ?? '')
    return {
      rule,
      start: at,
      end: at + length,
      secret,
      verdict,
      encoding,
      at,
      ...(name ? { name } : {}),
    }
  }

  private decodeRun(
    bytes: Uint8Array,
    [from, to]: [number, number],
    options: ScanOptions,
    depth: number,
  ): SecretFinding[] {
    const run = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1')
    const plain = Buffer.from(run, 'base64')
    if (plain.length < 12 || !mostlyPrintable(plain)) return []
    const inner = this.scanAt(plain, options, depth + 1)
    const lines = newlineOffsets(bytes.subarray(0, from))
    const line = lines.length + 1
    const column = from - (lines.length > 0 ? lines[lines.length - 1]! + 1 : 0) + 1
    return inner.map((f) => ({ ...f, line, column, encoding: 'base64' as const }))
  }
}

/**
 * Whether a pattern can match a character that a JS or JSON string may hold escaped (`/`, a quote, a backslash,
 * a line break or other white space): any class with white space, a negated class, `.`, or one of them literally.
 * A pattern of letters, digits, `.`, `_` and `-` only (most token formats) gains nothing from unescaping.
 */
export function takesEscapedCharacters(regex: RegExp): boolean {
  const src = regex.source.replace(/\\[.\-_]/g, '')
  return /\\[sSnrtWDbB]|\[\^|(?<!\\)\.|[\/"'`]|\\x60|\\u|\\\//.test(src)
}

/** The value of a match: its first `secret…` named group that matched, else the whole match. */
function secretOf(m: RegExpExecArray): string {
  for (const [name, value] of Object.entries(m.groups ?? {}))
    if (name.startsWith('secret') && value) return value
  return m[0]
}

/** The state of one scan of one text. */
interface Pass {
  input: string | Uint8Array
  options: ScanOptions
  depth: number
  limit: number
  found: Candidate[]
  decoded: SecretFinding[]
  bytes?: Uint8Array
  text?: string
  tried?: Set<number>
  runs?: Set<number>
}

function bytesOf(pass: Pass): Uint8Array {
  return (pass.bytes ??= Buffer.from(pass.input as string, 'latin1'))
}

function textOf(pass: Pass): string {
  const b = pass.bytes!
  return (pass.text ??= Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1'))
}

/** 1-based line and column of an offset, given the offsets of the text's line breaks. */
function position(lines: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0
  let hi = lines.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (lines[mid]! < offset) lo = mid + 1
    else hi = mid
  }
  return { line: lo + 1, column: offset - (lo > 0 ? lines[lo - 1]! + 1 : 0) + 1 }
}

/** Keeps, among overlapping matches, the one of higher priority (then the longer); others are dropped. */
function resolveOverlaps(found: Candidate[]): Candidate[] {
  const ranked = [...found].sort(
    (a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1) || b.end - b.start - (a.end - a.start),
  )
  const kept: Candidate[] = []
  for (const c of ranked) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue
    kept.push(c)
  }
  return kept.sort((a, b) => a.start - b.start)
}

/** The identifier that ends where a match starts, e.g. `STRIPE_` before `secret_key=…`. */
function nameBefore(text: string, at: number): string {
  let i = at
  while (i > 0 && i > at - 64 && /[A-Za-z0-9_.-]/.test(text[i - 1]!)) i--
  return text.slice(i, at)
}

/** The run of base64 characters around `at`, when it is long enough to hold a key. */
function base64Run(bytes: Uint8Array, at: number): [number, number] | undefined {
  let a = at
  let b = at
  const isB64 = (c: number): boolean => BASE64_BYTE[c] === 1
  while (a > 0 && at - a < MAX_BASE64_RUN && isB64(bytes[a - 1]!)) a--
  while (b < bytes.length && b - at < MAX_BASE64_RUN && isB64(bytes[b]!)) b++
  return b - a >= 16 ? [a, b] : undefined
}

function mostlyPrintable(buf: Buffer): boolean {
  let good = 0
  for (const c of buf) if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) good++
  return good >= buf.length * 0.95
}

function newlineOffsetsText(text: string): number[] {
  const out: number[] = []
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i)
  return out
}

function newlineOffsets(bytes: Uint8Array): number[] {
  const out: number[] = []
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) out.push(i)
  return out
}

const ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrtbfv0/\\"'`]))/g
const SIMPLE: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '/': '/',
  '\\': '\\',
  '"': '"',
  "'": "'",
  '`': '`',
}

/** Decodes JavaScript and JSON string escapes (`\n`, `\r\n`, `\/`, `\u002d`, `\x2d`). */
export function unescapeJs(text: string): string {
  return text.replace(ESCAPE, (_all, braced: string, u4: string, x2: string, simple: string) => {
    if (braced) return String.fromCodePoint(Math.min(0x10ffff, parseInt(braced, 16)))
    if (u4) return String.fromCharCode(parseInt(u4, 16))
    if (x2) return String.fromCharCode(parseInt(x2, 16))
    return SIMPLE[simple] ?? simple
  })
}

/** The base64 texts of `keyword` at its three byte alignments, trimmed to the characters it alone decides. */
export function base64Variants(keyword: string): string[] {
  const out = new Set<string>()
  for (const shift of [0, 1, 2]) {
    const bytes = Buffer.concat([Buffer.alloc(shift), Buffer.from(keyword, 'latin1')])
    const whole = Math.floor(bytes.length / 3) * 3
    const encoded = bytes.subarray(0, whole).toString('base64')
    const drop = shift === 0 ? 0 : shift === 1 ? 2 : 3
    const fragment = encoded.slice(drop).toLowerCase()
    if (fragment.length >= 6) out.add(fragment)
  }
  return [...out]
}
