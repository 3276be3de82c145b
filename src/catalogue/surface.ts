// Texts for the HTTP surface checks: headers, CORS, redirects, exposed files, error leaks, cookies and the edge.
import type { CheckText, OutcomeText } from './types'

const pass = (title: string, summary: string): OutcomeText => ({
  status: 'pass',
  title,
  summary,
  remediation: 'Nothing to do.',
})

/** Outcome texts of the HTTP surface checks, by check id. */
export const SURFACE_TEXTS = {
  'surface.headers': {
    name: 'Security headers',
    purpose:
      'Browser-side defences — a Content-Security-Policy, frame protection, nosniff, a referrer policy, a permissions policy and cross-origin isolation — limit what an injected script, a framing page or a leaked URL can do.',
    outcomes: {
      'csp-ok': pass(
        'Content-Security-Policy restricts scripts',
        '{url} sends a policy ({source}) that holds scripts to named sources.',
      ),
      'csp-missing': {
        status: 'fail',
        severity: 'medium',
        title: 'No Content-Security-Policy',
        summary: '{url} sends {how}: any injected script runs with the page’s full rights.',
        remediation:
          "Send Content-Security-Policy with at least default-src 'self'; script-src 'self' (nonces or hashes for inline code); object-src 'none'; base-uri 'none'; frame-ancestors 'none'. Start with Content-Security-Policy-Report-Only to find what breaks, then enforce.",
      },
      'csp-weak': {
        status: 'fail',
        severity: 'medium',
        title: 'Content-Security-Policy does not restrict scripts',
        summary: 'The policy of {url} ({source}) is weakened: {weaknesses}.',
        remediation:
          "Remove 'unsafe-inline' and 'unsafe-eval' from script-src (use nonces or hashes, and 'strict-dynamic' for loaders) and name script hosts exactly instead of *, https: or data:.",
      },
      'frame-ok': pass('Framing is restricted', '{url} may not be framed by other sites ({by}).'),
      'frame-missing': {
        status: 'fail',
        severity: 'medium',
        title: 'No frame protection',
        summary:
          '{url} sends neither CSP frame-ancestors nor X-Frame-Options, so any site can frame it and trick a signed-in user into clicks (clickjacking).',
        remediation:
          "Send Content-Security-Policy: frame-ancestors 'none' (or 'self'), and X-Frame-Options: DENY for older browsers.",
      },
      'nosniff-ok': pass('MIME sniffing is off', '{url} sends X-Content-Type-Options: nosniff.'),
      'nosniff-missing': {
        status: 'fail',
        severity: 'low',
        title: 'No X-Content-Type-Options: nosniff',
        summary:
          '{url} lets browsers guess content types, so an uploaded file can be run as script or style.',
        remediation: 'Send X-Content-Type-Options: nosniff on every response.',
      },
      'referrer-policy-ok': pass('Referrer policy keeps URLs in', '{url} uses Referrer-Policy {value}.'),
      'referrer-policy-missing': {
        status: 'fail',
        severity: 'low',
        title: 'No safe Referrer-Policy',
        summary:
          '{url} has referrer policy {value}: full URLs, with any token or id in them, can be sent to other sites.',
        remediation: 'Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer).',
      },
      'permissions-policy-ok': pass('Permissions-Policy is set', '{url} limits powerful browser features.'),
      'permissions-policy-missing': {
        status: 'fail',
        severity: 'low',
        title: 'No Permissions-Policy',
        summary:
          '{url} does not limit camera, microphone, geolocation and other powerful features for itself and its frames.',
        remediation:
          'Send Permissions-Policy listing only what the portal uses, e.g. camera=(), microphone=(), geolocation=(), payment=().',
      },
      'coop-ok': pass(
        'Cross-Origin-Opener-Policy isolates the page',
        '{url} sends Cross-Origin-Opener-Policy: {value}.',
      ),
      'coop-missing': {
        status: 'fail',
        severity: 'low',
        title: 'No Cross-Origin-Opener-Policy',
        summary:
          '{url} has COOP {value}: a page it opens, or that opens it, keeps a handle to its window (tab-napping, cross-window leaks).',
        remediation:
          'Send Cross-Origin-Opener-Policy: same-origin (same-origin-allow-popups if sign-in uses popups).',
      },
      'mixed-content-none': pass('No mixed content', '{url} loads nothing over plain http://.'),
      'mixed-content': {
        status: 'fail',
        severity: 'medium',
        title: 'Scripts, styles or frames loaded over http://',
        summary:
          '{url} is served over HTTPS but loads {list}; anyone on the network path can replace them (browsers block most, breaking the page).',
        remediation:
          'Load every subresource over https:// (or relative URLs), and add upgrade-insecure-requests to the CSP.',
      },
      'mixed-passive': {
        status: 'warn',
        severity: 'low',
        title: 'Images or media loaded over http://',
        summary: '{url} loads {list} over plain HTTP: they can be watched or swapped on the network path.',
        remediation: 'Load every subresource over https://.',
      },
    },
  },
  'surface.cors': {
    name: 'CORS is not wide open',
    purpose:
      'Cross-origin resource sharing decides which other sites may read the portal’s answers in a user’s browser; a policy that trusts any origin with credentials hands a signed-in user’s data to any site they visit.',
    outcomes: {
      restricted: pass(
        'Foreign origins are not trusted',
        'None of the {urls} URLs asked on {subject} grants read access with credentials to a foreign, null or look-alike origin (open without credentials, public by design: {public}).',
      ),
      'public-open': pass(
        'Public data open to any site, without credentials',
        'Every URL asked on {subject} answers Access-Control-Allow-Origin: {allowed} without credentials, and none is a protected endpoint: public by design.',
      ),
      'reflects-with-credentials': {
        status: 'fail',
        severity: 'critical',
        title: 'Any Origin is trusted with credentials',
        summary:
          '{url} echoes Origin {origin} back in Access-Control-Allow-Origin with Access-Control-Allow-Credentials: true ({variant} request): any website can read a signed-in user’s data.',
        remediation:
          'Compare the Origin header against an exact allow-list of the portal’s own origins; never echo it back. Send Vary: Origin.',
      },
      'null-with-credentials': {
        status: 'fail',
        severity: 'critical',
        title: 'The null origin is trusted with credentials',
        summary:
          '{url} allows Origin: null with credentials; sandboxed iframes and local files send null, so any site can read a signed-in user’s data.',
        remediation: 'Remove "null" from the allowed origins; allow only the portal’s exact https origins.',
      },
      'trusts-lookalike': {
        status: 'fail',
        severity: 'critical',
        title: 'A look-alike origin is trusted with credentials',
        summary:
          '{url} trusts {origin} with credentials: the allow-list matches by prefix or suffix, so an attacker registers a name that passes.',
        remediation:
          'Match the whole origin (scheme, host and port) against an exact list, not with startsWith, endsWith or an unanchored regex.',
      },
      'open-on-authenticated': {
        status: 'fail',
        severity: 'high',
        title: 'A protected endpoint is readable from any origin',
        summary:
          '{url} is a protected endpoint but answers Access-Control-Allow-Origin: {allowed} to {origin}: any script holding a token can read it cross-site, and a later credentials change makes it critical.',
        remediation:
          'Allow only the portal’s own origins on authenticated API routes, and send Vary: Origin.',
      },
    },
  },
  'edge.auth-cache': {
    name: 'Authenticated answers are not cached',
    purpose:
      'An edge or proxy that stores a signed-in answer serves it to the next caller: one client sees another client’s data.',
    outcomes: {
      private: pass(
        'Authenticated answer is kept private',
        '{url}, asked as {account}, answers {status} with {by}.',
      ),
      'served-from-cache': {
        status: 'fail',
        severity: 'critical',
        title: 'Authenticated answer served from a shared cache',
        summary:
          '{url}, asked as {account}, came from a shared cache ({by}): whoever asked first decides what the next caller sees.',
        remediation:
          'Bypass the cache for authenticated routes at the edge (a cache rule on the API path, or on the Authorization header / session cookie), send Cache-Control: private, no-store, and purge what is cached.',
      },
      'shared-cacheable': {
        status: 'fail',
        severity: 'critical',
        title: 'Authenticated answer may be stored by a shared cache',
        summary:
          '{url}, asked as {account}, answers with {by}: a CDN or proxy may store it and hand it to other users.',
        remediation:
          'Send Cache-Control: private, no-store on every authenticated answer (and no public, s-maxage or CDN-Cache-Control max-age), and add an edge rule that never caches the API.',
      },
      unmarked: {
        status: 'fail',
        severity: 'high',
        title: 'Authenticated answer does not forbid caching',
        summary:
          '{url}, asked as {account}, answers {status} without private or no-store: browsers keep it on disk, and an edge rule such as “cache everything” would store it for everyone.',
        remediation: 'Send Cache-Control: private, no-store on every authenticated answer.',
      },
    },
  },
  'edge.protection': {
    name: 'Edge protection',
    purpose:
      'A CDN or WAF in front of the portal and the API absorbs floods, filters common attacks and hides the origin server.',
    outcomes: {
      'edge-detected': pass(
        'An edge answers for the host',
        '{subject} is served through {providers} ({trace}).',
      ),
      'no-edge': {
        status: 'fail',
        severity: 'high',
        title: 'No CDN or WAF in front of the host',
        summary:
          '{subject} answers with no header from any known edge (Cloudflare, Fastly, Akamai, CloudFront, Azure Front Door, Google Cloud CDN, Vercel, Netlify, Imperva, Sucuri, Bunny, KeyCDN): the origin takes every request itself.',
        remediation:
          'Put the host behind the edge the rest of the portal uses (proxied DNS record or CDN distribution), and firewall the origin so it accepts only the edge.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
