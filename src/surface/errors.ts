// What an error answer gives away, proven by its content: stack frames, framework debug pages, SQL error texts and
// absolute server paths. A status code proves nothing (a plain 500 is not a leak); a pattern names what it saw and
// keeps the one line that shows it, cut short, so the evidence quotes the answer without carrying all of it.

/** What a leaking line gives away; the check's outcome of the same name. */
export type LeakKind = 'debug-page' | 'stack-trace' | 'sql-error' | 'server-path'

/** One thing an answer gives away: the kind, what it is in words, and the line that shows it. */
export interface Leak {
  kind: LeakKind
  /** What the line is, e.g. `a Node.js stack frame`. */
  what: string
  /** The answer's line that shows it (entities decoded, tags removed, cut to {@link LINE_CHARS}). */
  line: string
}

/** Characters of a quoted line. */
export const LINE_CHARS = 200

interface Pattern {
  kind: LeakKind
  what: string
  re: RegExp
}

/** The patterns, most telling first within each kind. */
const PATTERNS: readonly Pattern[] = [
  // Framework debug pages: the page names itself.
  {
    kind: 'debug-page',
    what: 'the Django debug page',
    re: /You're seeing this error because you have DEBUG = True/,
  },
  { kind: 'debug-page', what: 'the Django debug page', re: /\bDjango Version:\s*\d/ },
  { kind: 'debug-page', what: 'the Rails debug page', re: /Action Controller: Exception caught/ },
  {
    kind: 'debug-page',
    what: 'the Laravel debug page',
    re: /Whoops! There was an error\.|\bIlluminate\\[A-Z]\w+\\/,
  },
  {
    kind: 'debug-page',
    what: 'the Werkzeug debugger',
    re: /Werkzeug Debugger|The debugger caught an exception/,
  },
  { kind: 'debug-page', what: 'the ASP.NET error page', re: /Server Error in '[^']*' Application/ },
  {
    kind: 'debug-page',
    what: 'the Symfony exception page',
    re: /Symfony\\Component\\[A-Z]\w+\\|Symfony Exception/,
  },
  {
    kind: 'debug-page',
    what: 'the Spring Boot error page with its trace',
    re: /"trace"\s*:\s*"[\w.$]+(?:Exception|Error)/,
  },
  // Stack frames of the common runtimes.
  {
    kind: 'stack-trace',
    what: 'a Node.js stack frame',
    re: /^\s*at (?:[\w$.<>[\] ]+ \()?(?:\/|[A-Za-z]:\\|file:\/\/|node:)[^\s()]*:\d+:\d+\)?[\s"',}\]]*$/,
  },
  {
    kind: 'stack-trace',
    what: 'a JavaScript stack frame',
    re: /^\s*at [\w$.<>[\] ]+ \([^()\s]+:\d+:\d+\)[\s"',}\]]*$/,
  },
  {
    kind: 'stack-trace',
    what: 'a Python traceback',
    re: /Traceback \(most recent call last\)|^\s*File "[^"]+", line \d+, in /,
  },
  {
    kind: 'stack-trace',
    what: 'a Java stack frame',
    re: /^\s*at [\w$./<>]+\.[\w$<>]+\([\w$]+\.(?:java|kt|scala|groovy):\d+\)/,
  },
  { kind: 'stack-trace', what: 'a .NET stack frame', re: /^\s*at [\w.<>`]+\(.*\) in .+:line \d+/ },
  { kind: 'stack-trace', what: 'a PHP stack trace', re: /^#\d+ (?:\/|[A-Za-z]:\\)\S+\.php\(\d+\): / },
  { kind: 'stack-trace', what: 'a Ruby stack frame', re: /\S+\.rb:\d+:in [`'][^']+'/ },
  { kind: 'stack-trace', what: 'a Go panic', re: /^goroutine \d+ \[running\]:|^panic: .+/ },
  // SQL error texts of the common databases and drivers.
  { kind: 'sql-error', what: 'a MySQL error', re: /You have an error in your SQL syntax|\bER_PARSE_ERROR\b/ },
  {
    kind: 'sql-error',
    what: 'a PostgreSQL error',
    re: /syntax error at or near "|unterminated quoted string at or near|\bPG::\w+Error/,
  },
  { kind: 'sql-error', what: 'an SQL state', re: /\bSQLSTATE\[\w+\]/ },
  { kind: 'sql-error', what: 'an Oracle error', re: /\bORA-\d{5}\b/ },
  {
    kind: 'sql-error',
    what: 'an SQL Server error',
    re: /Unclosed quotation mark after the character string/,
  },
  {
    kind: 'sql-error',
    what: 'an SQLite error',
    re: /\bSQLITE_ERROR\b|sqlite3\.OperationalError|SQLite3::SQLException/,
  },
  {
    kind: 'sql-error',
    what: 'an ORM query error',
    re: /\bSequelizeDatabaseError\b|\bQueryFailedError\b|\bPrismaClient\w*Error\b/,
  },
  // Absolute paths of the server's own files.
  {
    kind: 'server-path',
    what: 'an absolute server path',
    re: /(?:^|[\s"'(=:])(?:\/(?:srv|var\/www|home|opt|usr\/src|usr\/local\/lib|app|workspace)(?:\/[\w.@-]+){2,}\.(?:js|mjs|cjs|ts|py|rb|php|java|go|cs)\b|[A-Z]:\\(?:inetpub|Users|Projects|src)\\[^\s"'<>]+)/,
  },
]

/** Rank of a kind: the worst first. */
export const LEAK_RANK: Record<LeakKind, number> = {
  'debug-page': 4,
  'stack-trace': 3,
  'sql-error': 2,
  'server-path': 1,
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  nbsp: ' ',
}

/** The answer as lines of text: tags and `<br>` become line ends, entities are decoded, JSON `\n` escapes split. */
export function textLines(body: string): string[] {
  return body
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li|tr|pre|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .split(/\r?\n/)
}

/** A connection string's password in a quoted line (`postgres://user:pw@db`) is replaced before it is kept. */
function withoutUserinfo(line: string): string {
  return line.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/\s@]+):[^@\s/]+@/gi, '$1:[redacted]@')
}

/**
 * What an answer gives away: one leak per kind and line (at most `max`), each with the line that shows it. An
 * answer that matches nothing gives an empty list.
 */
export function leaksIn(body: string, max = 8): Leak[] {
  const found: Leak[] = []
  const seen = new Set<string>()
  for (const raw of textLines(body)) {
    const line = raw.replace(/\s+$/, '')
    if (!line.trim()) continue
    for (const p of PATTERNS) {
      if (!p.re.test(line)) continue
      const key = `${p.kind}|${line}`
      if (seen.has(key)) break
      seen.add(key)
      found.push({ kind: p.kind, what: p.what, line: withoutUserinfo(line.trim()).slice(0, LINE_CHARS) })
      break
    }
    if (found.length >= max) break
  }
  return found
}
