// Texts for the HTTPS and certificate checks of stage 4, and for dns.canonical-host.
import type { CheckText } from './types'

/** Names, purposes and outcome texts of the tls.* checks, by check id. */
export const TLS_TEXTS = {
  'tls.https-forced': {
    name: 'HTTPS is forced',
    purpose:
      'Every host must send plain-HTTP visitors to HTTPS before serving anything; a sign-in page over HTTP exposes passwords.',
    outcomes: {
      redirects: {
        status: 'pass',
        title: 'HTTP redirects to HTTPS',
        summary: 'http://{subject}/ answers {status} and sends the browser to {target}.',
        remediation: 'Nothing to do.',
      },
      'no-plain-http': {
        status: 'pass',
        title: 'Nothing is served over plain HTTP',
        summary: '{subject} does not accept connections on port 80, so no page can load unencrypted.',
        remediation: 'Nothing to do. A redirect on port 80 would still help visitors who type the bare name.',
      },
      'indirect-redirect': {
        status: 'warn',
        severity: 'low',
        title: 'First redirect does not go to HTTPS on the same host',
        summary:
          'http://{subject}/ first redirects to {target}; the host never answers over HTTPS itself first, so it cannot set its own HSTS policy.',
        remediation:
          'Redirect http://{subject}/ to https://{subject}/ first, and only then to the canonical host.',
      },
      'redirect-to-http': {
        status: 'fail',
        severity: 'high',
        title: 'Redirects never reach HTTPS',
        summary: 'http://{subject}/ ends on {target}, still unencrypted.',
        remediation:
          'Make the first redirect of every plain-HTTP request go to the https:// address of the same host.',
      },
      'serves-http': {
        status: 'fail',
        severity: 'high',
        title: 'Content served over plain HTTP',
        summary: '{url} answers {status} with a page instead of redirecting to HTTPS.',
        remediation:
          'Answer every plain-HTTP request with a 301 or 308 redirect to the same path on https://, at the edge or the web server.',
      },
      'login-over-http': {
        status: 'fail',
        severity: 'critical',
        title: 'Sign-in page served over plain HTTP',
        summary:
          '{url} serves a password form without encryption; anyone on the network path can read or change it.',
        remediation:
          'Redirect the sign-in page and every other plain-HTTP request to HTTPS now, and turn on HSTS so browsers stop trying HTTP.',
      },
    },
  },
  'tls.cert-valid': {
    name: 'Certificate is valid',
    purpose:
      'Browsers refuse or warn on an untrusted, mismatched or expired certificate, and users learn to click through warnings.',
    outcomes: {
      valid: {
        status: 'pass',
        title: 'Certificate is trusted and matches',
        summary: '{subject} presents a certificate for {names}, issued by {issuer}, valid until {notAfter}.',
        remediation: 'Nothing to do.',
      },
      expired: {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate has expired',
        summary: 'A certificate presented by {subject} ({which}) expired on {notAfter}.',
        remediation:
          'Issue and install a new certificate now, then put renewal on automation (ACME) so it cannot lapse again.',
      },
      'not-yet-valid': {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate is not valid yet',
        summary: 'A certificate presented by {subject} ({which}) only becomes valid on {notBefore}.',
        remediation:
          "Check the server's clock and the certificate's dates; install a certificate that is valid today.",
      },
      untrusted: {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate is not from a trusted CA',
        summary:
          '{subject} presents a chain that does not end at a trusted root ({reason}); issuer: {issuer}.',
        remediation:
          'Use a certificate from a publicly trusted CA (for example through ACME) instead of a self-signed or private one.',
      },
      'incomplete-chain': {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate chain is incomplete',
        summary:
          '{subject} does not send the intermediate certificate(s) needed to reach a trusted root ({reason}); some clients will fail.',
        remediation:
          'Configure the server to send the full chain (leaf plus intermediates), e.g. the fullchain.pem file of your ACME client.',
      },
      'weak-signature': {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate signed with a refused digest',
        summary:
          'The chain of {subject} reaches a trusted root, but its {which} certificate is signed with {algorithm}, which browsers and TLS libraries refuse.',
        remediation:
          'Have the CA reissue the certificate (and any intermediate) signed with SHA-256 or stronger, and install the new chain.',
      },
      'no-subject-alt-name': {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate has no subject alternative name',
        summary:
          '{subject} presents a certificate without a subjectAltName extension; names are matched against SANs only, as browsers do, so its common name ({names}) covers nothing.',
        remediation:
          'Issue a certificate that lists {host} in its subject alternative names (every public CA and ACME client does this).',
      },
      'hostname-mismatch': {
        status: 'fail',
        severity: 'critical',
        title: 'Certificate does not cover the host name',
        summary: '{subject} presents a certificate for {names}, which does not include this host.',
        remediation:
          'Issue a certificate whose subject alternative names include {host}, or point the name at the server that has one.',
      },
    },
  },
  'tls.cert-expiry': {
    name: 'Certificate is far from expiry',
    purpose:
      'A certificate that lapses takes the portal offline for every user at once; the whole chain counts, not only the leaf.',
    outcomes: {
      ok: {
        status: 'pass',
        title: 'Certificates are valid for a while',
        summary: 'The earliest expiry in the chain of {subject} is {notAfter}, in {days} days.',
        remediation: 'Nothing to do.',
      },
      'expires-soon': {
        status: 'warn',
        severity: 'low',
        title: 'Certificate expires within 30 days',
        summary: 'The {which} certificate of {subject} expires on {notAfter}, in {days} days.',
        remediation: 'Confirm that automatic renewal is working, or renew it by hand this week.',
      },
      'expires-very-soon': {
        status: 'fail',
        severity: 'high',
        title: 'Certificate expires within 14 days',
        summary: 'The {which} certificate of {subject} expires on {notAfter}, in {days} days.',
        remediation: 'Renew it now and find out why automatic renewal did not already do so.',
      },
      expired: {
        status: 'fail',
        severity: 'high',
        title: 'Certificate already expired',
        summary: 'The {which} certificate of {subject} expired on {notAfter}, {days} days ago.',
        remediation: 'Install a renewed certificate now and automate renewal.',
      },
    },
  },
  'tls.auto-renew': {
    name: 'Certificate renewal is automated',
    purpose:
      'Certificates renewed by hand are the ones that expire on a Friday night; short-lived ACME certificates show renewal is automatic.',
    outcomes: {
      'acme-issuer': {
        status: 'pass',
        title: 'Issued by an ACME CA',
        summary:
          '{subject} uses a certificate from {issuer}, which issues through ACME with automatic renewal.',
        remediation: 'Nothing to do.',
      },
      'short-lived': {
        status: 'pass',
        title: 'Short-lived certificate',
        summary:
          '{subject} uses a certificate valid for {lifetime} days, a lifetime only automated renewal keeps up with.',
        remediation: 'Nothing to do.',
      },
      'renewal-declared': {
        status: 'pass',
        title: 'Renewal process declared',
        summary:
          '{subject} uses a {lifetime}-day certificate from {issuer}; renewal is recorded as: {renewal}.',
        remediation: 'Nothing to do; keep the renewal note current in the handover pack.',
      },
      'long-lived-manual': {
        status: 'fail',
        severity: 'medium',
        title: 'Long-lived certificate with no renewal evidence',
        summary:
          '{subject} uses a {lifetime}-day certificate from {issuer}, which is not an ACME issuer, and no renewal process is recorded.',
        remediation:
          'Move to an ACME issuer with automatic renewal, or record how and by whom renewal happens in tls.renewal of handover.json.',
      },
    },
  },
  'tls.protocols': {
    name: 'Only modern TLS versions',
    purpose:
      'SSL and TLS 1.0/1.1 have known weaknesses and are disabled in browsers; accepting them only helps attackers downgrade.',
    outcomes: {
      'modern-only': {
        status: 'pass',
        title: 'Only TLS 1.2 and 1.3 accepted',
        summary: '{subject} accepts {accepted} and refuses SSL 2/3 and TLS 1.0/1.1.',
        remediation: 'Nothing to do.',
      },
      'legacy-accepted': {
        status: 'fail',
        severity: 'high',
        title: 'TLS 1.0 or 1.1 accepted',
        summary: '{subject} still completes handshakes with {legacy}.',
        remediation:
          'Set the minimum protocol to TLS 1.2 at the edge and on the origin (e.g. ssl_protocols TLSv1.2 TLSv1.3;).',
      },
      'ssl-accepted': {
        status: 'fail',
        severity: 'high',
        title: 'SSL accepted',
        summary: '{subject} still answers {legacy} handshakes.',
        remediation: 'Disable SSL 2 and 3 entirely and set the minimum protocol to TLS 1.2.',
      },
    },
  },
  'tls.ciphers': {
    name: 'Strong keys, signatures and suites',
    purpose:
      'A weak key or a SHA-1 signature lets a certificate be forged, weak suites let traffic be read, and without forward secrecy one stolen key decrypts every recorded session.',
    outcomes: {
      strong: {
        status: 'pass',
        title: 'Strong keys, signatures and suites',
        summary:
          '{subject} uses strong keys and SHA-2 signatures below the root, refuses RC4, 3DES, export, NULL and anonymous suites, and offers forward secrecy ({forwardSecrecy}).',
        remediation: 'Nothing to do.',
      },
      'weak-signature': {
        status: 'fail',
        severity: 'high',
        title: 'Weak signature in the certificate chain',
        summary: 'The chain of {subject} has a certificate signed with a broken digest: {which}.{also}',
        remediation:
          'Reissue the certificate and intermediates signed with SHA-256 or stronger; SHA-1 and MD5 signatures can be forged.',
      },
      'weak-key': {
        status: 'fail',
        severity: 'high',
        title: 'Weak key in the certificate chain',
        summary: 'The chain of {subject} has a key too small to be safe: {which}.{also}',
        remediation:
          'Issue a new certificate on an RSA key of at least 2048 bits or an EC key of at least 256 bits.',
      },
      'weak-suites': {
        status: 'fail',
        severity: 'high',
        title: 'Weak cipher suites accepted',
        summary: '{subject} agrees to {suites}.{also}',
        remediation:
          'Remove RC4, 3DES, export, NULL and anonymous suites from the server or edge configuration (e.g. a Mozilla "intermediate" cipher list).',
      },
      'no-forward-secrecy': {
        status: 'fail',
        severity: 'medium',
        title: 'No forward secrecy',
        summary:
          '{subject} refuses every ECDHE and DHE suite and does not speak TLS 1.3, so one stolen server key decrypts all recorded traffic.{also}',
        remediation:
          'Enable TLS 1.3 and ECDHE suites (ECDHE-ECDSA/RSA with AES-GCM or ChaCha20) first in the list.',
      },
    },
  },
  'tls.hsts': {
    name: 'HSTS is on for a year',
    purpose:
      'HSTS makes browsers use HTTPS without trying HTTP first; a short max-age lets the protection lapse between visits.',
    outcomes: {
      strong: {
        status: 'pass',
        title: 'HSTS set for at least a year',
        summary: '{subject} sends Strict-Transport-Security with max-age={maxAge} ({days} days){extras}.',
        remediation: 'Nothing to do.',
      },
      'short-max-age': {
        status: 'fail',
        severity: 'medium',
        title: 'HSTS max-age under one year',
        summary:
          '{subject} sends Strict-Transport-Security with max-age={maxAge} ({days} days); a year is the minimum worth having.',
        remediation:
          'Send Strict-Transport-Security: max-age=31536000; includeSubDomains once every subdomain serves HTTPS.',
      },
      missing: {
        status: 'fail',
        severity: 'medium',
        title: 'No HSTS header',
        summary: 'https://{subject}/ answers {status} without a Strict-Transport-Security header.',
        remediation:
          'Send Strict-Transport-Security: max-age=31536000; includeSubDomains on every HTTPS response.',
      },
      invalid: {
        status: 'fail',
        severity: 'medium',
        title: 'HSTS header cannot be parsed',
        summary: '{subject} sends Strict-Transport-Security "{header}", which browsers ignore ({reason}).',
        remediation:
          'Send a well-formed header: Strict-Transport-Security: max-age=31536000; includeSubDomains.',
      },
      'untrusted-certificate': {
        status: 'fail',
        severity: 'medium',
        title: 'HSTS sent over a certificate browsers refuse',
        summary:
          '{subject} sends Strict-Transport-Security with max-age={maxAge} ({days} days){extras}, but over a certificate browsers do not accept ({reason}); they ignore the header on such a connection (RFC 6797 §8.1), so it protects nothing.',
        remediation:
          'Serve a valid, trusted certificate for the host (see tls.cert-valid); the header then takes effect as sent.',
      },
    },
  },
  'dns.canonical-host': {
    name: 'One canonical HTTPS host',
    purpose:
      'The apex and www should both land on one HTTPS address, so links, cookies and search results agree.',
    outcomes: {
      consistent: {
        status: 'pass',
        title: 'Apex and www agree',
        summary: 'Every entry point ({entries}) ends on {canonical}.',
        remediation: 'Nothing to do.',
      },
      inconsistent: {
        status: 'fail',
        severity: 'medium',
        title: 'Apex and www end on different hosts',
        summary: 'The entry points end on different places: {endings}.',
        remediation:
          'Pick one canonical host (apex or www) and redirect the other to it, over HTTPS, with a permanent redirect.',
      },
      'not-https': {
        status: 'fail',
        severity: 'medium',
        title: 'An entry point ends on plain HTTP',
        summary: '{entry} ends on {ending}, which is not HTTPS.',
        remediation: 'Redirect every entry point to the canonical https:// address.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
