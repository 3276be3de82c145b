// The shape of a secret rule: one provider's credential, how to find it cheaply, and how to rotate it.

/** How sure a match is: a provider format with a fixed prefix or checksum, or a heuristic (name + entropy). */
export type Confidence = 'format' | 'heuristic'

/** What a found value is: a secret to rotate, or a value that is public by design (reported as info). */
export type Exposure = 'secret' | 'public'

/** What a classifier says about one match: keep it (possibly as public or under another provider) or drop it. */
export type Verdict =
  | {
      keep: true
      exposure?: Exposure
      provider?: string
      title?: string
      note?: string
      /** The canonical value to hash and mask, when the match holds it in another form (e.g. a PEM body). */
      value?: string
    }
  | { keep: false; why: 'placeholder' | 'not-this-rule' | 'public' }

/** Everything a classifier may look at: the value, the regex match and the text around it. */
export interface MatchContext {
  secret: string
  match: RegExpExecArray
  text: string
  /** Start of the match in `text`. */
  index: number
}

/** One kind of credential of one provider (STYLE.md, after gitleaks: one file per provider, samples inside). */
export interface SecretRule {
  /** Stable id, `provider.kind`, e.g. `github.pat`. */
  id: string
  provider: string
  /** What the value is, e.g. "personal access token". */
  title: string
  /** One line: what someone holding it can do. */
  risk: string
  /** Lower-case literals, one of which starts every match (`lead` characters after the match start). */
  keywords: readonly string[]
  /** Sticky-safe pattern; the value is the `secret` named group, else the whole match. */
  regex: RegExp
  /** Characters between the match start and the keyword, when the value begins before its keyword. */
  lead?: number
  /** Minimum Shannon entropy of the value, in bits per character. */
  entropy?: number
  exposure?: Exposure
  confidence?: Confidence
  /**
   * The most characters an escaped match can take (e.g. a JSON-escaped PEM key): the escaped retry unescapes
   * this much text after the keyword. Default 1024, enough for any token; long keys declare more.
   */
  span?: number
  /**
   * How far after the match start the first backslash of an escaped form can be (default 160): a URL's is
   * right after its scheme (`https:\/\/`), a name's right after the name (`\"password\": …`).
   */
  escapeNear?: number
  /**
   * A cheap test at the match start (`lead` already applied) that every match, plain or escaped, passes: a
   * keyword that is common in code (`http`, `token`) then costs a few character reads instead of a regex run.
   */
  quick?(text: string, at: number): boolean
  /** Wins over a lower-priority rule matching an overlapping span (specific over generic). */
  priority?: number
  /** Optional check on the match: keeps, re-labels or drops it. Runs after the placeholder test. */
  classify?(m: MatchContext): Verdict
  /**
   * For binary input (bytes a text scan skips): whether the whole input is this rule's value, e.g. a DER
   * keystore. Undefined when it is not; a kept verdict carries the canonical `value` to hash and mask.
   */
  binary?(bytes: Uint8Array): Verdict | undefined
  /** What to do, in order, when this value has been exposed. */
  rotation: readonly string[]
  /** Texts that must yield this rule (true positives) and texts that must yield no secret at all. */
  samples: { positive: readonly string[]; negative: readonly string[] }
}

/** Character set for sample secrets: letters and digits. */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** Character set for sample secrets: lower-case hex. */
export const HEX = '0123456789abcdef'
/** Character set for sample secrets: base64. */
export const B64 = `${ALNUM}+/`
/** Character set for sample secrets: base64url. */
export const B64URL = `${ALNUM}-_`

/**
 * Deterministic pseudo-random characters for samples: sample secrets are assembled at load time, so no
 * secret-shaped literal ever sits in the source (GitHub push protection and our own scanner stay quiet).
 */
export function rnd(seed: string, length: number, alphabet = ALNUM): string {
  let h = 2166136261
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619)
  let out = ''
  for (let i = 0; i < length; i++) {
    h ^= h << 13
    h ^= h >>> 17
    h ^= h << 5
    out += alphabet[(h >>> 0) % alphabet.length]
  }
  return out
}

/** A UUID-shaped sample of lower-case hex, its five groups seeded from `seed`. */
export function sampleUuid(seed: string): string {
  return [8, 4, 4, 4, 12].map((length, i) => rnd(`${seed}${'abcde'[i]}`, length, HEX)).join('-')
}

/** A JWT-shaped sample whose payload is `claims`, with a random signature. */
export function sampleJwt(claims: Record<string, unknown>, seed: string): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')
  return [part({ alg: 'HS256', typ: 'JWT' }), part(claims), rnd(seed, 43, B64URL)].join('.')
}

/** Regex source for `NAME = value`-style assignments after a name: quotes, `=`, `:`, `=>`, `:=`. */
export const ASSIGN = String.raw`["'\x60]?[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}["'\x60]?`

/** Regex source for a UUID in lower-case hex (tokens of Postmark, Heroku, Azure ids). */
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** Regex source for "the rest of a variable name" after its keyword. */
export const NAME_TAIL = String.raw`[A-Za-z0-9_.-]{0,40}?`
