// The generic rule: a high-entropy value assigned to a name that says it is secret (`*_SECRET`, `password`…).
import { ALNUM, rnd, type SecretRule } from '../rule'

/** Names that carry one of the keywords but hold something else. */
const NOT_SECRET_NAME =
  /(?:token|secret|password|passwd|pwd|key|credentials?)[_.-]?(?:type|name|names|id|ids|url|uri|endpoint|path|file|length|len|min|max|expiry|expires?|ttl|lifetime|field|label|hint|placeholder|policy|rules?|pattern|regex|header|param|prefix|store|manager|provider|version|count|hash|algorithm|alg|format|kind|mode|enabled|required|reset|confirm(?:ation)?|strength|input|location|ref|reference|arn)s?$|^(?:is|has|show|use|no|enable|disable|require|validate|forgot|reset|change|new|confirm)[_-]?|tokeni[sz]|publishable|public|^(?:old)?pwd$/i
/** Names whose provider rule knows the exact format: a value that does not fit it is not that secret. */
const OWNED_NAME = /aws_?secret_?(?:access_?)?key$/i
/** Values that are code, not data: member access, calls, environment lookups, booleans. */
const CODE_VALUE =
  /^(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*$|^(?:process\.env|import\.meta|os\.environ|env\.|getenv|this\.|self\.|props\.|req\.|request\.|config\.)|^(?:true|false|null|nil|none|undefined|required|optional|string|number|boolean)$/i

export const GENERIC: readonly SecretRule[] = [
  {
    id: 'generic.assigned-secret',
    provider: 'Generic',
    title: 'secret-named value',
    risk: 'Depends on what it unlocks: a password, an API key or a signing secret of some service.',
    keywords: [
      'secret',
      'token',
      'password',
      'passwd',
      'pwd',
      'api_key',
      'apikey',
      'api-key',
      'access_key',
      'accesskey',
      'auth_key',
      'private_key',
      'signing_key',
      'encryption_key',
      'master_key',
      'credential',
    ],
    regex: new RegExp(
      String.raw`(?<name>(?:secret|token|passw(?:or)?d|pwd|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?)[A-Za-z0-9_.-]{0,30}?)\\?["'\x60]?[ \t]{0,3}(?<op>:=|=>|=|:)[ \t]{0,3}\\?(?<quote>["'\x60]?)(?<secret>[^\s"'\x60,;&<>(){}\[\]\\]{8,200})`,
      'i',
    ),
    confidence: 'heuristic',
    priority: 0,
    entropy: 3,
    // The name (keyword + at most 30 characters), a quote and spaces, then `=` or `:`: no operator that close
    // means no assignment.
    quick(text, at) {
      for (let i = at + 3, end = Math.min(text.length, at + 56); i < end; i++) {
        const c = text.charCodeAt(i)
        if (c === 61 || c === 58) return true
        if (c === 10) return false
      }
      return false
    },
    // A JSON text inside a string (`{\"password\": \"…\"}`) is matched as written: the pattern takes the
    // escaped quotes and the value stops at a backslash, so the unescaped retry would find nothing more.
    escapeNear: 0,
    classify(m) {
      const name = `${/[A-Za-z0-9_.-]*$/.exec(m.text.slice(Math.max(0, m.index - 40), m.index))?.[0] ?? ''}${m.match.groups?.name ?? ''}`
      if (NOT_SECRET_NAME.test(name) || OWNED_NAME.test(name)) return { keep: false, why: 'not-this-rule' }
      const value = m.secret
      if (CODE_VALUE.test(value)) return { keep: false, why: 'not-this-rule' }
      // Unquoted, a value is data only on an env, YAML or INI line (`NAME=value`, `name: value`); in code it
      // is an expression or a type.
      if (!m.match.groups?.quote) {
        const lineStart = m.text.lastIndexOf('\n', m.index - 1) + 1
        const before = m.text.slice(lineStart, m.index - (name.length - (m.match.groups?.name?.length ?? 0)))
        const op = m.match.groups?.op
        if (!/^\s*(?:export\s+|-\s+)?$/.test(before) || name.includes('.') || op === '=>' || op === ':=')
          return { keep: false, why: 'not-this-rule' }
      }
      // At least two character classes: letters and digits, or symbols (a plain word is not a secret).
      const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length
      if (classes < 2 || !/[0-9]|[^A-Za-z0-9.]/.test(value)) return { keep: false, why: 'not-this-rule' }
      // Relative paths and dotted versions are not secrets either.
      if (/^(?:~|\.{1,2})?\/?[\w.-]+(?:\/[\w.-]+)+\/?$/.test(value) && !/[0-9].*[0-9].*[0-9]/.test(value))
        return { keep: false, why: 'not-this-rule' }
      if (/^\d+(?:\.\d+)*$/.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
        return { keep: false, why: 'not-this-rule' }
      return { keep: true }
    },
    rotation: [
      'Find the service this value belongs to and issue a new one there; then revoke the old one.',
      'Move it to the secret manager of each environment and read it from the environment at run time.',
    ],
    samples: {
      positive: [
        `DB_PASSWORD=${rnd('gen1', 20, ALNUM)}`,
        `"client_secret": "${rnd('gen2', 32, ALNUM)}"`,
        `export const API_KEY = '${rnd('gen3', 24, ALNUM)}'`,
      ],
      negative: [
        'password = getPassword()',
        'const token = req.headers.authorization',
        'TOKEN_EXPIRY=3600000',
        'password: "changeme"',
        'SECRET_NAME=prod/db/password',
        'tokenizer = new Tokenizer(options)',
        'ANY_KEY = ZHVtbXkgdGV4dCBkYXRhIGRhdGEgZGF0YQ==',
      ],
    },
  },
]
