// The error-leak detector (src/surface/errors.ts): each runtime's stack frames, the framework debug pages, the SQL
// error texts and server paths are found with the line that shows them; generic error answers, ordinary pages and
// URLs are not; a connection string's password never reaches a quoted line.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { LINE_CHARS, leaksIn, textLines, type LeakKind } from '../../src/surface/errors'

const LEAKING: [string, LeakKind, string][] = [
  [
    'an Express stack trace',
    'stack-trace',
    'SyntaxError: Unexpected token } in JSON at position 9\n    at JSON.parse (<anonymous>)\n    at parse (/srv/app/node_modules/body-parser/lib/types/json.js:89:19)',
  ],
  [
    "Express's HTML error page (escaped, with <br>)",
    'stack-trace',
    '<pre>TypeError: x is undefined<br> &nbsp; &nbsp;at Object.&lt;anonymous&gt; (/app/src/routes/invoices.js:12:7)<br></pre>',
  ],
  [
    'a stack inside a JSON error',
    'stack-trace',
    '{"message":"boom","stack":"Error: boom\\n    at handler (/opt/api/dist/index.js:10:3)"}',
  ],
  [
    'a Python traceback',
    'stack-trace',
    'Traceback (most recent call last):\n  File "/usr/lib/python3/site-packages/flask/app.py", line 2190, in wsgi_app',
  ],
  [
    'a Java stack',
    'stack-trace',
    'java.lang.NumberFormatException: For input string: "x"\n\tat java.base/java.lang.Integer.parseInt(Integer.java:652)\n\tat com.acme.portal.InvoiceController.get(InvoiceController.java:41)',
  ],
  [
    'a .NET stack',
    'stack-trace',
    '   at Acme.Portal.Controllers.InvoiceController.Get(Int32 id) in C:\\src\\Acme\\InvoiceController.cs:line 41',
  ],
  ['a PHP stack', 'stack-trace', 'Stack trace:\n#0 /var/www/html/index.php(12): PDO->query()\n#1 {main}'],
  ['a Ruby stack', 'stack-trace', "app/controllers/invoices_controller.rb:12:in `show'"],
  [
    'a Go panic',
    'stack-trace',
    'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:',
  ],
  [
    'the Django debug page',
    'debug-page',
    "<p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>",
  ],
  ['the Rails debug page', 'debug-page', '<title>Action Controller: Exception caught</title>'],
  ['the Laravel debug page', 'debug-page', '<h1>Whoops! There was an error.</h1>'],
  ['the Werkzeug debugger', 'debug-page', '<title>ValueError // Werkzeug Debugger</title>'],
  ['the ASP.NET error page', 'debug-page', "<h1>Server Error in '/' Application.</h1>"],
  ['a MySQL error', 'sql-error', "You have an error in your SQL syntax; check the manual near ''' at line 1"],
  ['a PostgreSQL error', 'sql-error', 'ERROR:  unterminated quoted string at or near "\'"'],
  ['a PDO error', 'sql-error', 'SQLSTATE[42000]: Syntax error or access violation'],
  ['an Oracle error', 'sql-error', 'ORA-01756: quoted string not properly terminated'],
  ['an SQL Server error', 'sql-error', "Unclosed quotation mark after the character string ''."],
  ['an SQLite error', 'sql-error', 'sqlite3.OperationalError: near "\'": syntax error'],
  [
    'a server path',
    'server-path',
    '{"error":"ENOENT: no such file or directory, open \'/var/www/portal/views/404.php\'"}',
  ],
  ['a Windows server path', 'server-path', 'Could not load C:\\inetpub\\wwwroot\\portal\\web.config'],
]

const CLEAN: [string, string][] = [
  [
    'a plain generic 500',
    'Internal Server Error. Something went wrong on our side; quote reference 4f1c2a to support.',
  ],
  ['a JSON error', '{"error":"invalid JSON","status":400}'],
  [
    'a Spring whitelabel page without a trace',
    '<h1>Whitelabel Error Page</h1><div>There was an unexpected error (type=Not Found, status=404).</div>',
  ],
  [
    'an app shell whose tags name script paths',
    '<!doctype html><script src="/app/static/js/main.4f1c2a.js"></script><link href="/home/assets/site.css">',
  ],
  [
    'a URL whose path looks like a folder',
    'See https://docs.acme.test/home/guides/errors/handling.js for details.',
  ],
  ['prose about a stack', 'We fixed the crash at login: it was a bug in our stack.'],
]

describe('leaksIn: what an error answer gives away', () => {
  it.each(LEAKING)('finds %s', (_name, kind, body) => {
    const leaks = leaksIn(body)
    expect(leaks.map((l) => l.kind)).toContain(kind)
    const leak = leaks.find((l) => l.kind === kind)!
    expect(leak.what.length).toBeGreaterThan(3)
    expect(textLines(body).map((l) => l.trim())).toContain(leak.line)
  })

  it.each(CLEAN)('finds nothing in %s', (_name, body) => {
    expect(leaksIn(body)).toEqual([])
  })

  it('quotes each leaking line once, cut short, and at most the number asked', () => {
    const frame = `    at handler (/srv/app/${'x'.repeat(300)}.js:1:2)`
    const leaks = leaksIn(
      [frame, frame, ...Array.from({ length: 20 }, (_, i) => `    at f${i} (/srv/app/a.js:${i}:1)`)].join(
        '\n',
      ),
      5,
    )
    expect(leaks).toHaveLength(5)
    expect(leaks[0]!.line.length).toBe(LINE_CHARS)
    expect(new Set(leaks.map((l) => l.line)).size).toBe(5)
  })

  it('keeps a connection string in a quoted line without its password', () => {
    // Made at test time: a literal here would be a secret in the repository (test/secrets/self-scan.test.ts).
    const password = randomBytes(9).toString('base64url')
    const [leak] = leaksIn(
      `error: password authentication failed\n    at Connection.connect (/srv/api/db.js:10:5) postgres://portal:${password}@db.acme.internal:5432/portal`,
    )
    expect(leak!.line).toContain('postgres://portal:[redacted]@db.acme.internal')
    expect(leak!.line).not.toContain(password)
  })
})
