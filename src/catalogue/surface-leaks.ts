// Texts for the HTTP surface checks that look for what leaks: exposed files and consoles, and error answers.
import type { CheckText, OutcomeText } from './types'

const exposed = (
  severity: 'critical' | 'high' | 'medium',
  title: string,
  summary: string,
  remediation: string,
): OutcomeText => ({ status: severity === 'medium' ? 'warn' : 'fail', severity, title, summary, remediation })

const leak = (title: string, summary: string, remediation: string): OutcomeText => ({
  status: 'fail',
  severity: 'high',
  title,
  summary,
  remediation,
})

/** Outcome texts of the leak checks of the HTTP surface, by check id. */
export const SURFACE_LEAK_TEXTS = {
  'surface.exposed-files': {
    name: 'No exposed files or consoles',
    purpose:
      'Deploy leftovers — .env files, the .git folder, backups and dumps, source maps, metrics and debug consoles, directory listings — hand an attacker secrets, source code and the map of internal routes without any login.',
    outcomes: {
      'none-exposed': {
        status: 'pass',
        title: 'No curated path is exposed',
        summary:
          'None of the {asked} paths asked on {subject} served what its name promises ({catchAll}); a path counts only when its content proves it.',
        remediation: 'Nothing to do.',
      },
      'secrets-file': exposed(
        'critical',
        'An environment file is served',
        '{url} serves an env file ({proof}): every credential in it must be treated as public.',
        'Remove the file from the web root (and from the build output), block dotfiles at the server or edge, and rotate every secret it held.',
      ),
      repository: exposed(
        'critical',
        'The git repository is served',
        '{url} serves repository metadata ({proof}): the whole source and its history can be downloaded object by object.',
        'Deploy build output, not a checkout; deny /.git/ (and every dotfile) at the server or edge; rotate any secret the history ever held.',
      ),
      backup: exposed(
        'high',
        'A backup or editor file is served',
        '{url} serves {proof}: source code or data meant to stay on the server.',
        'Delete backups, dumps and editor files from the web root and deny such names (*.bak, *.sql, *.zip, *~, *.swp, .DS_Store) at the server.',
      ),
      'source-map': exposed(
        'high',
        'A source map is public',
        '{url} serves a {proof}: the original front-end code, comments and internal routes can be read by anyone.',
        'Do not deploy .map files publicly (upload them to the error tracker instead), or serve them only to authenticated staff.',
      ),
      console: exposed(
        'high',
        'A debug, metrics or admin console is public',
        '{url} serves {proof} without authentication: internals (routes, memory, configuration) are readable, some consoles run code.',
        'Bind metrics and debug endpoints to an internal interface or put them behind authentication; switch debug consoles off in production.',
      ),
      'directory-listing': exposed(
        'high',
        'A directory listing is served',
        '{url} serves {proof}: every file in that folder can be found and fetched.',
        'Turn off autoindex / directory browsing and put an index or a 404 in each public folder.',
      ),
      'api-docs': exposed(
        'medium',
        'API documentation is public but not declared',
        '{url} serves {proof} that the engagement does not declare: it maps every route, internal ones included.',
        'Remove the document from production, or declare it in api.openapi when it is public on purpose and lists only public routes.',
      ),
    },
  },
  'smoke.error-leak': {
    name: 'Error answers reveal no internals',
    purpose:
      'A stack trace, an SQL error, a framework debug page or a server path in an error answer tells an attacker the code, the libraries and their versions, the database and where the files live — the map for the next attack, handed out by any malformed request.',
    outcomes: {
      'no-leak': {
        status: 'pass',
        title: 'Error answers reveal no internals',
        summary:
          'None of the {asked} requests made to fail on {subject} ({tried}) answered with a stack trace, an SQL error, a debug page or a server path{notes}.',
        remediation: 'Nothing to do.',
      },
      'debug-page': leak(
        'A framework debug page is served',
        '{request} answered {status} with {what}: “{line}”{also}.',
        'Switch the framework’s debug mode off in production (DEBUG=False, APP_DEBUG=false, RAILS_ENV=production, NODE_ENV=production) and serve a plain error page; debug pages can also run code.',
      ),
      'stack-trace': leak(
        'An error answer shows a stack trace',
        '{request} answered {status} with {what}: “{line}”{also}.',
        'Catch errors in one handler that logs the trace (with a request id) and answers a short generic message; in Express set NODE_ENV=production and add an error middleware that never sends err.stack.',
      ),
      'sql-error': leak(
        'An error answer shows the database’s error',
        '{request} answered {status} with {what}: “{line}”{also}.',
        'Never pass database errors to the client; use parameterised queries (a quote that breaks the query is an injection point — fix that first) and answer a generic message.',
      ),
      'server-path': leak(
        'An error answer shows a server path',
        '{request} answered {status} with {what}: “{line}”{also}.',
        'Answer errors with a generic message and keep file paths, versions and internal names in the server log only.',
      ),
      'bodies-not-sent': {
        status: 'skipped',
        title: 'Malformed bodies were not sent',
        summary:
          '{subject} takes JSON, but a malformed and a wrong-typed body are sent only with the input consent; the passive requests to this origin are judged apart.',
        remediation:
          'Add input to scope.active in handover.json once the portal owner agrees, to learn how the sign-in endpoint answers broken bodies.',
      },
    },
  },
  'surface.redirect-leak': {
    name: 'No redirect leaks',
    purpose:
      'A sign-in or sign-out page that sends the browser wherever a ?next= parameter says is a phishing tool with the portal’s own name on it, and a redirect that carries a session token or code to another host hands the account over; a Location naming an internal host maps the private network.',
    outcomes: {
      'no-leak': {
        status: 'pass',
        title: 'Redirects stay home and carry nothing',
        summary:
          'None of the {asked} requests to sign-in, sign-out and redirect endpoints of {subject} was sent to a host it named, and no redirect carried a token or an internal host name to another host.',
        remediation: 'Nothing to do.',
      },
      'token-leak': {
        status: 'fail',
        severity: 'high',
        title: 'A redirect hands a token to another host',
        summary:
          '{url} redirects to {host} with {carried} in the address ({location}): whoever runs that host, and every log and Referer on the way, gets it.',
        remediation:
          'Never put a session token, code or key in a redirect address; redirect only to an allow-list of the portal’s own paths (compare the parsed host, not a prefix of the text) and pass tokens in an HttpOnly cookie or a POST body.',
      },
      'open-redirect': {
        status: 'warn',
        severity: 'medium',
        title: 'An open redirect',
        summary:
          '{url} sends the browser to whatever host {param} names ({location}): a link that starts at the real portal can land on a look-alike sign-in page.',
        remediation:
          'Accept only a relative path that starts with a single "/" (reject "//host", "/\\host" and absolute URLs), or look the destination up in an allow-list; otherwise land on the dashboard.',
      },
      'internal-host': {
        status: 'warn',
        severity: 'medium',
        title: 'A redirect names an internal host',
        summary:
          '{url} redirects to {host} ({location}), a name only the private network knows: the answer maps internal systems, and the browser cannot reach them anyway.',
        remediation:
          'Build redirect addresses from the public host name (check the proxy’s Host / X-Forwarded-Host handling and the app’s base URL setting), never from an internal one.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
