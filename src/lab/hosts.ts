// The demo portal's hosts and the flaws planted in each; `fixed` repairs every one of them.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { handleApi, send, type LabAccounts } from './api'
import { cors, type PortalLab } from './portal'
import type { BehaviourLab } from './behaviour'
import type { SecretsLab } from './secrets'
import type { LabMode } from './types'
import type { MonitoringLab } from './monitoring'

/** The lab's zone. */
export const LAB_APEX = 'acme.test'
/** An out-of-scope host that counts every connection: the tool must never reach it. */
export const SENTINEL = 'sentinel.outside.test'
/** The out-of-scope target of help.acme.test's CNAME (a hosted help desk); also routed to the sentinel. */
export const HELPDESK = 'acme.helpdesk.outside.test'

/** How a host's certificate is made in a mode. Offsets are days from now. */
export interface CertPlan {
  issuer: 'lab' | 'unknown'
  names: string[]
  fromDays: number
  toDays: number
  /** A leaf key of this size instead of the lab's 2048-bit one. */
  keyBits?: 1024
  /** The CA signs with this digest instead of SHA-256. */
  digest?: 'sha1'
}

/** Which suites a host serves beyond the defaults: weak ones (NULL, anonymous), or none with forward secrecy. */
export type SuitePlan = 'weak' | 'no-forward-secrecy'

/** One host of the demo portal: its certificate, TLS settings and HTTP/HTTPS handlers per mode. */
export interface LabHost {
  name: string
  /** One line on what is wrong with this host in the flawed lab. */
  flaw?: string
  cert(mode: LabMode): CertPlan
  /** True when the host still accepts TLS 1.0/1.1. */
  legacyTls(mode: LabMode): boolean
  /** Suites beyond a modern server's defaults, when the host is planted with weak ones. */
  suites?(mode: LabMode): SuitePlan | undefined
  http(mode: LabMode, req: IncomingMessage, res: ServerResponse, ctx: SiteContext): void
  https(mode: LabMode, req: IncomingMessage, res: ServerResponse, ctx: SiteContext): void
}

/** What a lab host handler may use: the accounts, the secrets stage and the MTA-STS policy. */
export interface SiteContext {
  accounts: LabAccounts
  /** The MTA-STS policy file served in a mode (resources/lab/mta-sts.<mode>.txt). */
  mtaStsPolicy(mode: LabMode): string
  /** The exposed-secrets stage's routes (src/lab/secrets.ts). */
  secrets: SecretsLab
  /** The monitoring stage's routes and receivers (src/lab/monitoring.ts). */
  monitoring: MonitoringLab
  /** The client area: objects, admin area, reports, reset links, the single-page app (src/lab/portal.ts). */
  portal: PortalLab
  /** The write endpoints of the behaviour checks (src/lab/behaviour.ts). */
  behaviour: BehaviourLab
}

const YEAR_HSTS = 'max-age=31536000; includeSubDomains'

/** A 90-day certificate with 80 days left, like an ACME certificate renewed ten days ago. */
const normalCert = (name: string): CertPlan => ({ issuer: 'lab', names: [name], fromDays: -10, toDays: 80 })

function page(
  res: ServerResponse,
  status: number,
  title: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
  send(res, status, 'text/html; charset=utf-8', html, headers)
}

function redirect(
  res: ServerResponse,
  location: string,
  status = 301,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { location, 'content-length': '0', ...headers })
  res.end()
}

const toHttps =
  (host: string) =>
  (_mode: LabMode, req: IncomingMessage, res: ServerResponse): void =>
    redirect(res, `https://${host}${req.url ?? '/'}`)

const LOGIN_FORM =
  '<form method="post" action="/login"><label>E-mail <input type="email" name="email"></label>' +
  '<label>Password <input type="password" name="password"></label><button type="submit">Sign in</button></form>'

/**
 * Decoy for smoke.error-leak, both modes: the portal's public pages (the catch-all included) show how to paste a
 * stack trace into a bug report. A sample every page shows is documentation, not an error answer's leak.
 */
const BUG_REPORT_HELP =
  '<section><h2>Reporting a bug</h2><p>Paste the whole error, like this:</p><pre>TypeError: Cannot read properties of undefined (reading &#39;id&#39;)\n    at Object.&lt;anonymous&gt; (/home/dev/acme-sdk/examples/invoice.js:3:9)</pre></section>'

/** The portal's pages, served over HTTPS (and, in the flawed lab, over plain HTTP too). */
function portal(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  extra = '',
): void {
  const path = (req.url ?? '/').split('?')[0]
  if (path === '/login') return page(res, 200, 'Sign in to Acme', LOGIN_FORM, headers)
  page(
    res,
    200,
    'Acme client portal',
    `<p><a href="/login">Sign in</a></p><p>Partner offers: <a href="https://sentinel.outside.test/partner">our partner</a></p>${BUG_REPORT_HELP}${extra}`,
    headers,
  )
}

/** GitHub Pages' answer for a custom domain nobody has claimed (the fingerprint dns.dangling looks for). */
function unclaimedPages(res: ServerResponse): void {
  page(res, 404, 'Site not found · GitHub Pages', "<p>There isn't a GitHub Pages site here.</p>")
}

/** The demo portal's hosts, each with the flaw it carries in the flawed lab. */
export const LAB_HOSTS: LabHost[] = [
  {
    name: 'acme.test',
    flaw: 'the apex serves its own site instead of redirecting to www (apex and www disagree)',
    cert: () => normalCert('acme.test'),
    legacyTls: () => false,
    http: toHttps('acme.test'),
    https(mode, req, res) {
      if (mode === 'fixed')
        return redirect(res, `https://www.acme.test${req.url ?? '/'}`, 301, {
          'strict-transport-security': YEAR_HSTS,
        })
      page(res, 200, 'Acme', '<p>Welcome to Acme.</p>', { 'strict-transport-security': YEAR_HSTS })
    },
  },
  {
    name: 'www.acme.test',
    flaw: 'HSTS max-age is five minutes, and the certificate is a one-year certificate renewed by hand, signed with SHA-1',
    cert: (mode) =>
      mode === 'fixed'
        ? normalCert('www.acme.test')
        : { issuer: 'lab', names: ['www.acme.test'], fromDays: -30, toDays: 335, digest: 'sha1' },
    legacyTls: () => false,
    http: toHttps('www.acme.test'),
    https(mode, _req, res) {
      page(
        res,
        200,
        'Acme — client services',
        '<p>Log in at <a href="https://app.acme.test/login">app.acme.test</a>.</p>',
        {
          'strict-transport-security': mode === 'fixed' ? YEAR_HSTS : 'max-age=300',
        },
      )
    },
  },
  {
    name: 'app.acme.test',
    flaw: 'the sign-in page is served over plain HTTP',
    cert: () => normalCert('app.acme.test'),
    legacyTls: () => false,
    http(mode, req, res) {
      if (mode === 'fixed') return redirect(res, `https://app.acme.test${req.url ?? '/'}`)
      portal(req, res, {})
    },
    https(mode, req, res, ctx) {
      const headers = { 'strict-transport-security': YEAR_HSTS }
      if (ctx.secrets.app(mode, req, res, headers)) return
      if (ctx.portal.app(mode, req, res, headers)) return
      // The repaired home page's sign-in link returns to the client area: a same-host redirect (a decoy).
      const signIn =
        mode === 'fixed' ? '<p><a href="/login?next=%2Fportal%2F">Sign in to your client area</a></p>' : ''
      // The fixed home page's error tracker reports to the API host: its CSP lets it.
      const ingest = ctx.monitoring.errors.connectSource(mode)
      const csp = res.getHeader('content-security-policy')
      if (ingest && typeof csp === 'string')
        res.setHeader('content-security-policy', `${csp}; connect-src 'self' ${ingest}`)
      portal(req, res, headers, ctx.secrets.homeMarkup(mode) + signIn)
    },
  },
  {
    name: 'api.acme.test',
    flaw: 'TLS 1.0 and 1.1 are still accepted, and so are NULL and anonymous cipher suites',
    cert: () => normalCert('api.acme.test'),
    legacyTls: (mode) => mode === 'flawed',
    suites: (mode) => (mode === 'flawed' ? 'weak' : undefined),
    http: toHttps('api.acme.test'),
    https(mode, req, res, ctx) {
      if (ctx.monitoring.api(mode, req, res, { 'strict-transport-security': YEAR_HSTS })) return
      if (ctx.secrets.api(mode, req, res, { 'strict-transport-security': YEAR_HSTS })) return
      if (ctx.behaviour.api(mode, req, res, { 'strict-transport-security': YEAR_HSTS, ...cors(req) })) return
      if (ctx.portal.api(mode, req, res, { 'strict-transport-security': YEAR_HSTS })) return
      handleApi(mode, req, res, ctx.accounts, { 'strict-transport-security': YEAR_HSTS, ...cors(req) })
    },
  },
  {
    name: 'help.acme.test',
    flaw: 'the certificate expired five days ago',
    cert: (mode) =>
      mode === 'fixed'
        ? normalCert('help.acme.test')
        : { issuer: 'lab', names: ['help.acme.test'], fromDays: -95, toDays: -5 },
    legacyTls: () => false,
    http: toHttps('help.acme.test'),
    https(_mode, req, res) {
      // The help centre lives at a provider outside the engagement's scope.
      redirect(res, `https://${SENTINEL}/hc/acme${req.url ?? '/'}`, 302, {
        'strict-transport-security': YEAR_HSTS,
      })
    },
  },
  {
    name: 'status.acme.test',
    flaw: 'the certificate expires in 20 days, on a 1024-bit RSA key',
    cert: (mode) =>
      mode === 'fixed'
        ? normalCert('status.acme.test')
        : { issuer: 'lab', names: ['status.acme.test'], fromDays: -70, toDays: 20, keyBits: 1024 },
    legacyTls: () => false,
    http: toHttps('status.acme.test'),
    https(mode, _req, res, ctx) {
      page(res, 200, 'Acme status', ctx.monitoring.statusMarkup(mode), {
        'strict-transport-security': YEAR_HSTS,
      })
    },
  },
  {
    name: 'docs.acme.test',
    flaw: 'the certificate is for another name (legacy-docs.acme.test)',
    cert: (mode) =>
      mode === 'fixed'
        ? normalCert('docs.acme.test')
        : { issuer: 'lab', names: ['legacy-docs.acme.test'], fromDays: -10, toDays: 80 },
    legacyTls: () => false,
    http: toHttps('docs.acme.test'),
    https(_mode, _req, res) {
      page(res, 200, 'Acme docs', '<p>Guides for Acme clients.</p>', {
        'strict-transport-security': YEAR_HSTS,
      })
    },
  },
  {
    name: 'files.acme.test',
    flaw: 'the certificate comes from an unknown CA, and no suite with forward secrecy is offered',
    cert: (mode) =>
      mode === 'fixed'
        ? normalCert('files.acme.test')
        : { issuer: 'unknown', names: ['files.acme.test'], fromDays: -10, toDays: 80 },
    legacyTls: () => false,
    suites: (mode) => (mode === 'flawed' ? 'no-forward-secrecy' : undefined),
    http: toHttps('files.acme.test'),
    https(_mode, _req, res) {
      page(res, 200, 'Acme files', '<p>Shared documents.</p>', { 'strict-transport-security': YEAR_HSTS })
    },
  },
  {
    name: 'mta-sts.acme.test',
    cert: () => normalCert('mta-sts.acme.test'),
    legacyTls: () => false,
    http: toHttps('mta-sts.acme.test'),
    https(mode, req, res, ctx) {
      if ((req.url ?? '').split('?')[0] !== '/.well-known/mta-sts.txt') return page(res, 404, 'Not found', '')
      send(res, 200, 'text/plain; charset=utf-8', ctx.mtaStsPolicy(mode))
    },
  },
  {
    // Stands in for GitHub Pages: reached only through promo.acme.test's CNAME, in the flawed lab.
    name: 'promo.acme.test',
    cert: () => ({ issuer: 'lab', names: ['*.github.io', 'github.io'], fromDays: -10, toDays: 80 }),
    legacyTls: () => false,
    http: (_mode, _req, res) => unclaimedPages(res),
    https: (_mode, _req, res) => unclaimedPages(res),
  },
]
