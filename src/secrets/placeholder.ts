// Placeholders and documentation examples: values that look like secrets but are meant to be replaced.

/** Published example values of providers' documentation (exact). */
const KNOWN_EXAMPLES = new Set([
  ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'EXAMPLEKEY'].join(''),
  ['AKIAI44QH8DHB', 'EXAMPLE'].join(''),
  ['je7MtGbClwBF', '/2Zp9Utk/h3yCo8nvb', 'EXAMPLEKEY'].join(''),
])

const TEMPLATE =
  /\$\{[^}]*\}|\{\{[^}]*\}\}|\{[A-Za-z_][\w.-]*\}|<[^<>\s]{1,40}>|%[A-Z_][A-Z0-9_]*%|^\$[A-Za-z_][\w]*$|^\$\(/
const WORDS =
  /(?:^|[^a-z])(?:your[-_ ]?(?:own[-_ ]?)?(?:[a-z]+[-_ ]?)?|my[-_ ](?:[a-z]+[-_ ])?)(?:key|token|secret|pass(?:word)?|api|id|user(?:name)?)|replace[-_ ]?(?:me|with|this)|change[-_ ]?me|placeholder|insert[-_ ]?(?:your|here)|(?:token|key|secret)[-_ ]?here|[-_]here$|^redacted$|\[redacted|\[filtered|^(?:dummy|fake|sample|test|example)(?:[-_]|$)|not[-_]?a[-_]?real/i
/** References to a secret store, which are exactly what should be in code instead of the value. */
const REFERENCE =
  /^(?:keychain|vault|op|ssm|secretsmanager|sm|env|secret|secrets|kms|azurekeyvault|gcpsm):\/{0,2}[\w./-]/i
/** Runs of the characters people type to stand for a value: XXXX, ****, ...., ••••. */
const FILLER = /[xX]{4,}|\*{3,}|\.{3,}|•{3,}|#{4,}|…|0{8,}/
/** Passwords that documentation uses. */
const WEAK = new Set([
  'password',
  'passwd',
  'pass',
  'secret',
  'changeme',
  'change_me',
  'example',
  'sample',
  'test',
  'testing',
  'admin',
  'root',
  'qwerty',
  'letmein',
  'password123',
  'mypassword',
  'yourpassword',
  'pa$$word',
  'p@ssw0rd',
  'null',
  'none',
  'undefined',
  'true',
  'false',
  'foo',
  'bar',
  'foobar',
])

/** True when `value` is a placeholder, a template reference or a documentation example, not a real secret. */
export function isPlaceholder(value: string): boolean {
  if (KNOWN_EXAMPLES.has(value) || REFERENCE.test(value)) return true
  if (FILLER.test(value)) return true
  // Words and templates in a long random value are chance, not intent.
  if (value.length <= 80 && (TEMPLATE.test(value) || WORDS.test(value))) return true
  if (WEAK.has(value.toLowerCase())) return true
  // One character repeated, or two alternating: "aaaaaaaa", "abababab".
  if (value.length >= 4 && new Set(value).size <= 2) return true
  return false
}

/** Shannon entropy of `value` in bits per character. */
export function entropy(value: string): number {
  if (value.length === 0) return 0
  const counts = new Map<string, number>()
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) {
    const p = n / value.length
    bits -= p * Math.log2(p)
  }
  return bits
}
