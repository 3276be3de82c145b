// The flaws planted in the flawed demo lab, as the result that must report each. Some fixes delete a record
// (a dangling CNAME, a stale A record): against the fixed baseline those results are new, not regressed.
/** The exposed-secrets flaws of the flawed lab (src/lab/secrets.ts); every one is gone in the fixed lab. */
export const PLANTED_SECRETS = [
  {
    fingerprint: 'secrets.frontend|https://app.acme.test/assets/app.js · sendgrid.api-key',
    outcome: 'credential-exposed',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'secrets.frontend|https://app.acme.test/assets/app.js · private-key.pem',
    outcome: 'credential-exposed',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'secrets.frontend|https://app.acme.test/downloads/service-account.p12 · pkcs12.keystore',
    outcome: 'credential-exposed',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint:
      'secrets.frontend|https://app.acme.test/assets/app.js.map → webpack:///src/admin/deploy-bot.ts · github.token',
    outcome: 'credential-exposed',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'secrets.frontend|https://app.acme.test/api/config · supabase.service-role-key',
    outcome: 'credential-exposed',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'secrets.repo|history:src/payments.ts · stripe.secret-key',
    outcome: 'in-history',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'secrets.repo|.env · postgres.url',
    outcome: 'in-working-tree',
    status: 'fail',
    severity: 'critical',
  },
  { fingerprint: 'secrets.env-files|.env', outcome: 'tracked', status: 'fail', severity: 'high' },
  { fingerprint: 'secrets.env-reuse|STRIPE_SECRET_KEY', outcome: 'shared', status: 'fail', severity: 'high' },
  {
    fingerprint: 'secrets.logs|log:lab-sources/logs/app.log',
    outcome: 'secrets-in-logs',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'secrets.logs|log:lab-sources/logs/build.log',
    outcome: 'secrets-in-logs',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'secrets.webhooks|https://api.acme.test/webhooks/stripe',
    outcome: 'accepts-unsigned',
    status: 'fail',
    severity: 'high',
  },
]

/** The monitoring flaws of the flawed lab (src/lab/monitoring.ts); every one is gone in the fixed lab. */
export const PLANTED_MONITORING = [
  {
    fingerprint: 'monitor.uptime|https://api.acme.test/api/health',
    outcome: 'unexpected-body',
    status: 'fail',
  },
  {
    fingerprint: 'monitor.request-id|https://api.acme.test/api/projects',
    outcome: 'missing',
    status: 'fail',
  },
  { fingerprint: 'monitor.status-page|https://status.acme.test/', outcome: 'no-components', status: 'warn' },
  /** A Sentry DSN in the home page's framework payload, but no SDK in any script: nothing reports errors. */
  {
    fingerprint: 'monitor.error-tracking|https://app.acme.test/',
    outcome: 'config-only',
    status: 'fail',
  },
  /** The webhook was disabled: the receiver answers 404 no_service to the test alert (consent `alerts`). */
  {
    fingerprint: 'monitor.alerting|webhook keychain:acme-alert-webhook',
    outcome: 'refused',
    status: 'fail',
  },
  {
    fingerprint: 'monitor.latency|https://api.acme.test/api/projects',
    outcome: 'over-target',
    status: 'fail',
    /** Sampled as a signed-in account: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
  {
    fingerprint: 'monitor.error-rate|https://api.acme.test/api/projects',
    outcome: 'over-target',
    status: 'fail',
    /** Sampled as a signed-in account: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
]

/** The HTTP surface flaws of the flawed lab (src/lab/surface.ts); every one is repaired in the fixed lab. */
export const PLANTED_SURFACE = [
  {
    fingerprint: 'surface.cors|https://api.acme.test',
    outcome: 'reflects-with-credentials',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'surface.cors|https://app.acme.test',
    outcome: 'null-with-credentials',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'surface.headers|app.acme.test · csp',
    outcome: 'csp-missing',
    status: 'fail',
    severity: 'medium',
  },
  { fingerprint: 'edge.protection|api.acme.test', outcome: 'no-edge', status: 'fail', severity: 'high' },
  {
    fingerprint: 'smoke.error-leak|api.acme.test',
    outcome: 'stack-trace',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'surface.exposed-files|app.acme.test/.env',
    outcome: 'secrets-file',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'surface.exposed-files|app.acme.test/.git/HEAD',
    outcome: 'repository',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'surface.exposed-files|app.acme.test/.git/config',
    outcome: 'repository',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'surface.exposed-files|app.acme.test/assets/app.js.map',
    outcome: 'source-map',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'surface.exposed-files|api.acme.test/metrics',
    outcome: 'console',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'surface.redirect-leak|app.acme.test/login',
    outcome: 'token-leak',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'edge.auth-cache|alice@https://api.acme.test/api/me',
    outcome: 'shared-cacheable',
    status: 'fail',
    severity: 'critical',
    /** Seen only when the account signs in: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
]

/**
 * The session-storage flaws of the flawed lab (authz.session-cookies, read in Chromium after each account's browser
 * sign-in): the home page's visitor cookie without flags, and the session token the flawed app keeps in localStorage.
 */
const PLANTED_SESSION_COOKIES = [
  {
    fingerprint: 'authz.session-cookies|acme_sid (app.acme.test)',
    outcome: 'missing-flags',
    status: 'fail',
    severity: 'high',
    /** Seen only when the account signs in: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
  ...['alice', 'bob', 'root', 'demo'].map((a) => ({
    fingerprint: `authz.session-cookies|${a}`,
    outcome: 'token-in-storage',
    status: 'fail',
    severity: 'high',
    /** Seen only when the account signs in: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  })),
]

/** The access flaws of the flawed lab's client area (src/lab/portal.ts); every one passes in the fixed lab. */
export const PLANTED_IDENTITY = [
  ...PLANTED_SESSION_COOKIES,
  {
    fingerprint: 'surface.inventory|GET /api/v1/export',
    outcome: 'shadow-api',
    status: 'warn',
    severity: 'medium',
  },
  {
    fingerprint: 'surface.unauth-data|GET /api/reports',
    outcome: 'leaks-data',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'authz.bola|GET /api/invoices/{id}',
    outcome: 'bypass',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'authz.bfla|GET /api/admin/users',
    outcome: 'reachable',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'authz.demo-isolation|demo GET /api/dashboard',
    outcome: 'reaches-customer-data',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'authz.demo-isolation|demo GET /api/invoices/{id}',
    outcome: 'reaches-customer-data',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'authz.logout|POST https://api.acme.test/api/logout',
    outcome: 'still-valid',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'authz.reset-expiry|used reset link (alice)',
    outcome: 'still-works',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'authz.reset-expiry|expired reset link (bob)',
    outcome: 'still-works',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'authz.admin-stepup|POST https://api.acme.test/api/admin/invites',
    outcome: 'no-step-up',
    status: 'fail',
    severity: 'medium',
  },
  ...['alice', 'bob', 'root', 'demo'].map((a) => ({
    fingerprint: `authz.session-expiry|${a}`,
    outcome: 'unbounded',
    status: 'fail',
    severity: 'medium',
  })),
]

/** Subjects of the surface stage that only exist when flawed (the fixed portal answers its catch-all page). */
const ONLY_FLAWED_SURFACE = /^(?:surface\.exposed-files|surface\.redirect-leak)\|/

/** The provider-API flaws of the flawed lab (src/lab/providers.ts); the fixed lab repairs every one. */
export const PLANTED_INTEGRATIONS = [
  {
    fingerprint: 'edge.config-drift|acme-staging.test',
    outcome: 'unsafe-settings',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'edge.config-drift|staging vs production',
    outcome: 'environments-differ',
    status: 'fail',
    severity: 'high',
  },
  { fingerprint: 'monitor.coverage|app.acme.test', outcome: 'no-monitor', status: 'fail', severity: 'high' },
  {
    fingerprint: 'monitor.coverage|https://api.acme.test/',
    outcome: 'paused',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'monitor.coverage|https://shop.previous-client.test/',
    outcome: 'outside-engagement',
    status: 'warn',
    severity: 'low',
  },
  {
    fingerprint: 'handover.access|Cloudflare account Acme Ltd',
    outcome: 'unlisted-admin',
    status: 'fail',
    severity: 'medium',
  },
  {
    fingerprint: 'handover.access|GitHub acme/portal',
    outcome: 'unlisted-admin',
    status: 'fail',
    severity: 'medium',
  },
]

/** Fingerprints whose subject exists only in the flawed lab. */
export const ONLY_WHEN_FLAWED = new Set([
  'dns.dangling|old.acme.test',
  'dns.dangling|promo.acme.test',
  'dns.stale|legacy.acme.test',
  // Exposed secrets: each result's subject is where the value sat; fixed, there is no such subject.
  // The log files and the webhook receiver exist in both modes; every other secrets subject is gone once fixed.
  ...PLANTED_SECRETS.map((p) => p.fingerprint).filter((f) => !/^secrets\.(?:logs|webhooks)\|/.test(f)),
  ...PLANTED_SURFACE.map((p) => p.fingerprint).filter((f) => ONLY_FLAWED_SURFACE.test(f)),
  // A paused monitor and another client's monitor are subjects of their own; the fixed lab has neither.
  'monitor.coverage|https://api.acme.test/',
  'monitor.coverage|https://shop.previous-client.test/',
  // The shadow endpoint is only called by the flawed app; the demo account's leaks are subjects of their own.
  // The fixed home page's visitor cookie is __Host-acme_sid, a subject of its own.
  'authz.session-cookies|acme_sid (app.acme.test)',
  ...PLANTED_IDENTITY.map((p) => p.fingerprint).filter((f) =>
    /^(?:surface\.inventory|authz\.demo-isolation)\|/.test(f),
  ),
])

/** Each planted TLS flaw of the flawed lab, as the check, subject and outcome that must report it. */
/** The behaviour flaws of the flawed lab (src/lab/behaviour.ts); every one is repaired in the fixed lab. */
export const PLANTED_BEHAVIOUR = [
  {
    fingerprint: 'surface.input-validation|POST /api/tasks',
    outcome: 'accepts-invalid',
    status: 'fail',
    severity: 'high',
    signedIn: true,
  },
  {
    fingerprint: 'surface.input-validation|POST /api/imports',
    outcome: 'crashes',
    status: 'fail',
    severity: 'high',
    signedIn: true,
  },
]

/** The throttling flaws of the flawed lab (src/lab/api.ts); the repaired lab answers 429 past its limits. */
export const PLANTED_RATE_LIMITS = [
  {
    fingerprint: 'edge.rate-limit-login|POST https://api.acme.test/api/login',
    outcome: 'never-throttled',
    status: 'fail',
    severity: 'high',
  },
  {
    fingerprint: 'edge.rate-limit-api|GET https://api.acme.test/api/search?q=invoice',
    outcome: 'never-throttled',
    status: 'fail',
    severity: 'medium',
    /** The burst is made as a signed-in account: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
]

/** The browser-flow flaws of the flawed lab (src/lab/flows.ts); the repaired lab passes each. */
export const PLANTED_FLOWS = [
  {
    fingerprint: 'smoke.cache-switch|alice → bob',
    outcome: 'leak',
    status: 'fail',
    severity: 'critical',
    signedIn: true,
  },
  {
    fingerprint: 'smoke.flows|password reset',
    outcome: 'step-failed',
    status: 'fail',
    severity: 'critical',
  },
  {
    fingerprint: 'smoke.flows|invite a user',
    outcome: 'step-failed',
    status: 'fail',
    severity: 'critical',
    signedIn: true,
  },
  {
    fingerprint: 'smoke.flows|tasks',
    outcome: 'step-failed',
    status: 'fail',
    severity: 'critical',
    signedIn: true,
  },
]

/** The stage-5 upload flaw of the flawed lab (src/lab/uploads.ts); the repaired portal refuses unsafe files. */
export const PLANTED_UPLOADS = [
  {
    fingerprint: 'smoke.upload|POST https://api.acme.test/api/uploads',
    outcome: 'accepts-unsafe',
    status: 'fail',
    severity: 'high',
    /** Uploaded as a signed-in account: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
]

/** The stage-5 isolation flaw of the flawed lab (src/lab/isolation.ts); the repaired API's failures hold nothing. */
export const PLANTED_ISOLATION = [
  {
    fingerprint: 'smoke.isolation|POST https://api.acme.test/api/exports',
    outcome: 'degrades',
    status: 'fail',
    severity: 'medium',
    /** Made as a signed-in account: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
]

/** The stage-5 assistant flaw of the flawed lab (src/lab/assistant.ts); the repaired assistant keeps its context. */
export const PLANTED_ASSISTANT = [
  {
    fingerprint: 'smoke.ai-assistant|POST https://api.acme.test/api/assistant',
    outcome: 'leaks-canary',
    status: 'fail',
    severity: 'high',
    /** Asked as a signed-in account: the credential must be at hand (the CLI reads the OS keychain). */
    signedIn: true,
  },
]

export const PLANTED = [
  ...PLANTED_SECRETS,
  ...PLANTED_MONITORING,
  ...PLANTED_SURFACE,
  ...PLANTED_INTEGRATIONS,
  ...PLANTED_IDENTITY,
  ...PLANTED_BEHAVIOUR,
  ...PLANTED_RATE_LIMITS,
  ...PLANTED_FLOWS,
  ...PLANTED_UPLOADS,
  ...PLANTED_ISOLATION,
  ...PLANTED_ASSISTANT,
  { fingerprint: 'tls.cert-valid|help.acme.test:443', outcome: 'expired', status: 'fail' },
  { fingerprint: 'tls.cert-expiry|help.acme.test:443', outcome: 'expired', status: 'fail' },
  { fingerprint: 'tls.cert-valid|docs.acme.test:443', outcome: 'hostname-mismatch', status: 'fail' },
  { fingerprint: 'tls.cert-valid|files.acme.test:443', outcome: 'untrusted', status: 'fail' },
  { fingerprint: 'tls.cert-valid|www.acme.test:443', outcome: 'weak-signature', status: 'fail' },
  { fingerprint: 'tls.ciphers|www.acme.test:443', outcome: 'weak-signature', status: 'fail' },
  { fingerprint: 'tls.ciphers|status.acme.test:443', outcome: 'weak-key', status: 'fail' },
  { fingerprint: 'tls.ciphers|api.acme.test:443', outcome: 'weak-suites', status: 'fail' },
  { fingerprint: 'tls.ciphers|files.acme.test:443', outcome: 'no-forward-secrecy', status: 'fail' },
  { fingerprint: 'tls.cert-expiry|status.acme.test:443', outcome: 'expires-soon', status: 'warn' },
  { fingerprint: 'tls.https-forced|app.acme.test', outcome: 'login-over-http', status: 'fail' },
  { fingerprint: 'tls.protocols|api.acme.test:443', outcome: 'legacy-accepted', status: 'fail' },
  { fingerprint: 'tls.hsts|www.acme.test', outcome: 'short-max-age', status: 'fail' },
  // Browsers ignore HSTS over a certificate they refuse (RFC 6797 §8.1): the strong headers of the three hosts whose
  // certificate is expired, for another name or from an unknown issuer protect nothing.
  { fingerprint: 'tls.hsts|help.acme.test', outcome: 'untrusted-certificate', status: 'fail' },
  { fingerprint: 'tls.hsts|docs.acme.test', outcome: 'untrusted-certificate', status: 'fail' },
  { fingerprint: 'tls.hsts|files.acme.test', outcome: 'untrusted-certificate', status: 'fail' },
  { fingerprint: 'dns.canonical-host|acme.test', outcome: 'inconsistent', status: 'fail' },
  { fingerprint: 'tls.auto-renew|www.acme.test:443', outcome: 'long-lived-manual', status: 'fail' },
  { fingerprint: 'dns.dangling|old.acme.test', outcome: 'dangling-nxdomain', status: 'fail' },
  { fingerprint: 'dns.dangling|promo.acme.test', outcome: 'unclaimed-provider', status: 'fail' },
  { fingerprint: 'dns.stale|legacy.acme.test', outcome: 'unreachable', status: 'fail' },
  { fingerprint: 'dns.ns-consistency|acme.test', outcome: 'serial-mismatch', status: 'fail' },
  { fingerprint: 'dns.caa|acme.test', outcome: 'missing', status: 'fail' },
  { fingerprint: 'mail.mx|acme.test', outcome: 'mx-unresolvable', status: 'fail' },
  { fingerprint: 'mail.spf|acme.test', outcome: 'too-many-lookups', status: 'fail' },
  { fingerprint: 'mail.spf|news.acme.test', outcome: 'all-pass', status: 'fail' },
  { fingerprint: 'mail.spf|billing.acme.test', outcome: 'multiple-records', status: 'fail' },
  { fingerprint: 'mail.dkim|s1._domainkey.acme.test', outcome: 'weak-key', status: 'warn' },
  { fingerprint: 'mail.dkim|s2._domainkey.acme.test', outcome: 'revoked', status: 'fail' },
  { fingerprint: 'mail.dmarc|acme.test', outcome: 'p-none', status: 'fail' },
  { fingerprint: 'mail.dmarc|news.acme.test', outcome: 'p-none', status: 'fail' },
  { fingerprint: 'mail.dmarc|billing.acme.test', outcome: 'p-none', status: 'fail' },
  { fingerprint: 'mail.mta-sts|acme.test', outcome: 'inconsistent', status: 'fail' },
]
