// Texts for the exposed-secrets checks of stage 3.
import type { CheckText } from './types'

const ROTATE =
  'Rotate it now — {rotation} — then remove it from what the browser loads: keep it on the server and call the provider from there. The rotation plan lists every step.'

/** Names, purposes and outcome texts of the secrets.* checks, by check id. */
export const SECRETS_TEXTS = {
  'secrets.frontend': {
    name: 'No secrets in the frontend',
    purpose:
      'Everything the browser loads — pages, scripts, source maps, config endpoints — is public; a key shipped there belongs to everyone.',
    outcomes: {
      clean: {
        status: 'pass',
        title: 'Nothing secret is served to browsers',
        summary:
          '{pages} pages, {scripts} scripts, {maps} source maps and {configs} config endpoints of {subject} hold no private key or service credential.',
        remediation: 'Nothing to do. Keep a secret scan in the build so it stays that way.',
      },
      'public-only': {
        status: 'pass',
        title: 'Only public-by-design values are served',
        summary:
          '{pages} pages, {scripts} scripts, {maps} source maps and {configs} config endpoints of {subject} hold only values meant for browsers: {publics}.',
        remediation:
          'Nothing to rotate. Make sure those keys are restricted as their provider advises (referrers, row-level security, allowed domains).',
      },
      incomplete: {
        status: 'warn',
        severity: 'low',
        title: 'Frontend only partly scanned',
        summary:
          'No secret was found in what was read of {subject} ({pages} pages, {scripts} scripts, {maps} source maps), but the crawl stopped early: {why}.',
        remediation:
          'Raise scope.maxRequests or network.timeouts.totalMs in handover.json, or list the main pages in portal.url/portal.login, and run the audit again.',
      },
      'credential-exposed': {
        status: 'fail',
        severity: 'critical',
        title: 'Credential served to every visitor',
        summary: 'A {provider} {what} ({masked}) is in the {where} {url}, which anyone can download. {risk}',
        remediation: ROTATE,
      },
      'possible-secret': {
        status: 'fail',
        severity: 'high',
        title: 'Possible secret served to every visitor',
        summary:
          'A secret-looking value ({masked}) is in the {where} {url}, assigned to a name that says it is secret.',
        remediation:
          'Find out what the value unlocks. If it is a credential, rotate it at its service and move it server-side; if it is not, rename it so it does not look like one.',
      },
    },
  },
  'secrets.repo': {
    name: 'No secrets in the repository or its history',
    purpose:
      'Anyone who ever had a clone (contractors, CI, a leaked laptop) holds every value ever committed; removing it from the code does not remove it from history.',
    outcomes: {
      clean: {
        status: 'pass',
        title: 'No secret in the code or its history',
        summary:
          '{files} tracked files and {blobs} unique file versions from {commits} commits ({mb} MB) hold no secret.',
        remediation: 'Nothing to do. Add a pre-commit and CI secret scan so it stays that way.',
      },
      incomplete: {
        status: 'warn',
        severity: 'low',
        title: 'History only partly scanned',
        summary:
          'No secret was found in {blobs} file versions of {commits} commits, but the scan stopped early: {why}.',
        remediation:
          'Raise network.timeouts.totalMs in handover.json for large repositories and run the audit again.',
      },
      'in-working-tree': {
        status: 'fail',
        severity: 'critical',
        title: 'Secret committed in the code',
        summary:
          'A {provider} {what} ({masked}) is in {path} today, first committed in {commit} by {author} on {date}. {risk}',
        remediation:
          'Rotate it now — {rotation} — then read it from the environment or the secret manager instead of the code, and add a secret scan to CI.',
      },
      'in-history': {
        status: 'fail',
        severity: 'critical',
        title: 'Secret in the git history',
        summary:
          'A {provider} {what} ({masked}) was committed to {path} in {commit} by {author} on {date}; it is gone from the code but every clone still has it. {risk}',
        remediation:
          'Rotate it — {rotation} — then record the rotation (secrets.rotated in handover.json, id {ids}). Rewriting history is optional once the value is dead.',
      },
      'in-history-rotated': {
        status: 'fail',
        severity: 'high',
        title: 'Rotated secret still in the git history',
        summary:
          'A {provider} {what} ({masked}) from {commit} ({path}) is recorded as rotated, but it stays readable in every clone of the history.',
        remediation:
          'Confirm at the provider that the old value no longer works; then purge it from history (git filter-repo) and ask everyone to re-clone, or accept the risk in the handover notes.',
      },
      'possible-secret': {
        status: 'fail',
        severity: 'high',
        title: 'Possible secret in the repository',
        summary:
          'A secret-looking value ({masked}) is assigned to a secret name in {path} (first committed in {commit} by {author}).',
        remediation:
          'Check what it unlocks; if it is a credential, rotate it and move it to the secret manager; if it is test data, rename or mark it so it is not mistaken for one.',
      },
    },
  },
  'secrets.env-files': {
    name: 'No env files in git',
    purpose:
      'A tracked .env file is how production credentials end up in every clone, fork and CI log of the repository.',
    outcomes: {
      'none-tracked': {
        status: 'pass',
        title: 'No env file is tracked',
        summary: 'None of the {files} tracked files of {subject} is an environment file (.env, *.env).',
        remediation: 'Nothing to do. Keep .env in .gitignore and commit only an .env.example without values.',
      },
      tracked: {
        status: 'fail',
        severity: 'high',
        title: 'Env file tracked by git',
        summary: '{subject} is committed to the repository with {filled} of its {variables} variables set.',
        remediation:
          'Remove it from git (git rm --cached), add it to .gitignore, commit an .env.example without values, and rotate every value it held: they are in the history.',
      },
      'tracked-empty': {
        status: 'warn',
        severity: 'low',
        title: 'Empty env file tracked by git',
        summary: '{subject} is committed with {variables} variables, none of them set.',
        remediation:
          'Rename it to .env.example so nobody fills it in place and commits the values, and add .env to .gitignore.',
      },
    },
  },
  'secrets.env-reuse': {
    name: 'Each environment has its own credentials',
    purpose:
      'When staging and production share a key, a leak from the weaker environment opens the stronger one, and nothing can be rotated separately.',
    outcomes: {
      distinct: {
        status: 'pass',
        title: 'No credential is shared between environments',
        summary:
          'The env files of {environments} hold {credentials} credentials, none with the same value in two environments (compared by keyed hash).',
        remediation: 'Nothing to do.',
      },
      shared: {
        status: 'fail',
        severity: 'high',
        title: 'Same credential in two environments',
        summary:
          '{names} has the same value ({length} characters, compared by keyed hash) in {environments}.',
        remediation:
          'Issue a separate credential for each environment at the provider (test keys for staging where the provider has them), deploy them, and revoke the shared one.',
      },
    },
  },
  'secrets.logs': {
    name: 'Logs and build output hold no secrets',
    purpose:
      'Logs travel: to log services, support tickets and CI artefacts. A token or password printed there is exposed to everyone who can read them.',
    outcomes: {
      clean: {
        status: 'pass',
        title: 'Nothing secret in the log',
        summary:
          '{subject} ({lines} lines) holds no token, password or secret, nor data the log policy forbids.',
        remediation: 'Nothing to do.',
      },
      'secrets-in-logs': {
        status: 'fail',
        severity: 'high',
        title: 'Secrets printed to the log',
        summary: '{subject} holds {count} secret values ({kinds}) on lines {lines}.',
        remediation:
          'Rotate the values shown, redact Authorization headers, passwords and keys in the logger (or stop the build step echoing its environment), and purge the old log copies.',
      },
      'sensitive-fields': {
        status: 'fail',
        severity: 'high',
        title: 'Personal data in clear in the log',
        summary: '{subject} shows {fields} unredacted, which the engagement’s log policy forbids.',
        remediation:
          'Mask those fields in the logger (e-mail to a***@domain, card numbers to the last four digits) and shorten the retention of the existing logs.',
      },
    },
  },
  'secrets.webhooks': {
    name: 'Webhooks are verified',
    purpose:
      'A receiver that does not check signatures lets anyone post a fake “invoice paid” or “user created” event straight into the portal.',
    outcomes: {
      'rejects-forgeries': {
        status: 'pass',
        title: 'Forged deliveries are refused',
        summary: '{subject} refused an unsigned delivery, a wrongly signed one{replay} ({statuses}).',
        remediation: 'Nothing to do.',
      },
      'accepts-unsigned': {
        status: 'fail',
        severity: 'high',
        title: 'Webhook accepts unsigned events',
        summary: '{subject} accepted a {style}-style delivery with no signature at all ({statuses}).',
        remediation:
          'Verify the provider’s signature on every delivery before acting on it (for Stripe: stripe.webhooks.constructEvent with the endpoint secret), and answer 400 when it does not verify.',
      },
      'accepts-bad-signature': {
        status: 'fail',
        severity: 'high',
        title: 'Webhook accepts wrong signatures',
        summary: '{subject} accepted a {style}-style delivery signed with the wrong secret ({statuses}).',
        remediation:
          'Compare the signature computed with the endpoint’s own secret, in constant time, and refuse the delivery when it differs; check that the right secret is deployed.',
      },
      'accepts-stale': {
        status: 'fail',
        severity: 'high',
        title: 'Webhook accepts replayed events',
        summary:
          '{subject} accepted a {style}-style delivery whose timestamp is an hour old ({statuses}): a captured event can be replayed.',
        remediation:
          'Refuse deliveries whose signed timestamp is more than five minutes from now (the provider libraries do this with their default tolerance).',
      },
    },
  },
} as const satisfies Record<string, CheckText>
