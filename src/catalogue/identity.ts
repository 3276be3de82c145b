// Texts for the identity and access checks of stages 1–2.
import type { CheckText } from './types'

/** Catalogue texts of the identity and access checks. */
export const IDENTITY_TEXTS = {
  'surface.inventory': {
    name: 'Endpoint inventory',
    purpose:
      'Every endpoint the portal answers — declared in OpenAPI or the manual list, or called by the app as each account — is what the access tests work through; an undeclared one is nobody’s to secure.',
    outcomes: {
      inventoried: {
        status: 'pass',
        title: 'Endpoints inventoried',
        summary:
          '{endpoints} endpoints on {subject}: {declared} declared, {crawled} called by the app while crawled as {accounts} accounts.{note}',
        remediation:
          'Nothing to do. Keep the OpenAPI document or api.endpoints up to date as endpoints are added.',
      },
      'shadow-api': {
        status: 'warn',
        severity: 'medium',
        title: 'Shadow API: the app calls an undeclared endpoint',
        summary:
          'The app called {subject} (seen as {accounts}), which is neither in the OpenAPI document nor in api.endpoints.',
        remediation:
          'Declare the endpoint (with its roles) so it is tested and owned, or remove it from the app and the server if it is left over.',
      },
      'openapi-unreadable': {
        status: 'warn',
        severity: 'low',
        title: 'OpenAPI document not read',
        summary: 'The declared API description could not be used: {reason}.',
        remediation: 'Point api.openapi at a JSON OpenAPI 3 document (a workspace file or an in-scope URL).',
      },
    },
  },
  'surface.unauth-data': {
    name: 'No data without a session',
    purpose:
      'A protected endpoint must refuse a request without credentials on the server; the brief calls any customer data served to anyone a launch blocker.',
    outcomes: {
      enforced: {
        status: 'pass',
        title: 'Refuses requests without credentials',
        summary: '{subject} gave no data without credentials (answered {status}).',
        remediation: 'Nothing to do.',
      },
      'leaks-data': {
        status: 'fail',
        severity: 'critical',
        title: 'Customer data served without a session',
        summary:
          '{subject} answered {status} without any credential, with the same data {account} sees when signed in.',
        remediation:
          'Require a valid session on the server for this endpoint (middleware on the route, not the UI), and return 401 without one.',
      },
    },
  },
  'authz.bola': {
    name: 'Object-level authorization',
    purpose:
      'One client must never read another client’s records by changing an id in the request; the check swaps ids harvested from each account into the others’ requests.',
    outcomes: {
      enforced: {
        status: 'pass',
        title: 'Other accounts’ objects are refused',
        summary: '{subject}: {tries} requests for another account’s object carried none of its data.',
        remediation: 'Nothing to do.',
      },
      bypass: {
        status: 'fail',
        severity: 'critical',
        title: 'One client reads another client’s record',
        summary: '{subject}: {reader} asked for {owner}’s object {id} and got its data back.',
        remediation:
          'Check on the server that the object belongs to the caller (or the caller’s organisation) before returning it; answer 404 otherwise.',
      },
      untested: {
        status: 'skipped',
        title: 'Objects not swapped',
        summary: '{subject} was not tested: {reason}.',
        remediation:
          'Declare examples per account (api.endpoints[].examples) or give the accounts objects of their own, and run the audit again.',
      },
    },
  },
  'authz.bfla': {
    name: 'Function-level authorization',
    purpose:
      'Admin functions must be refused on the server to every other role; a hidden button is not a control.',
    outcomes: {
      enforced: {
        status: 'pass',
        title: 'Admin function refused to other roles',
        summary: '{subject} ({roles} only) gave none of its data to {tries} requests from other roles.',
        remediation: 'Nothing to do.',
      },
      reachable: {
        status: 'fail',
        severity: 'critical',
        title: 'Admin function reachable by a non-admin',
        summary: '{subject} is meant for {roles}, yet {account} got the same data.{ui}',
        remediation:
          'Check the caller’s role on the server for every admin route (403 otherwise); hiding the button in the UI does not protect the function.',
      },
      untested: {
        status: 'skipped',
        title: 'Admin function not tested',
        summary: '{subject} was not tested: {reason}.',
        remediation: 'Add an account of each role to handover.json, and run the audit again.',
      },
    },
  },
  'authz.demo-isolation': {
    name: 'Demo account isolated',
    purpose: 'A demo account shown to prospects must never reach a real customer’s data.',
    outcomes: {
      isolated: {
        status: 'pass',
        title: 'Demo account sees no customer data',
        summary: '{answers} answers to {subject} carried none of the data of {customers} real customers.',
        remediation: 'Nothing to do.',
      },
      'reaches-customer-data': {
        status: 'fail',
        severity: 'critical',
        title: 'Demo account reaches real customer data',
        summary: '{account} got {customer}’s data from {endpoint}.',
        remediation:
          'Serve the demo account only from a separate demo tenant (or sample data), and check tenancy on the server for every query it makes.',
      },
    },
  },
  'authz.logout': {
    name: 'Logout ends the session',
    purpose: 'After signing out, the old cookie or token must stop working on the server.',
    outcomes: {
      revoked: {
        status: 'pass',
        title: 'Signing out ends the session',
        summary:
          'After {account} signed out, the same session got no data from {endpoint} (answered {status}).',
        remediation: 'Nothing to do.',
      },
      'still-valid': {
        status: 'fail',
        severity: 'high',
        title: 'Session still works after logout',
        summary:
          'After {account} signed out with {subject}, the same session still read {endpoint} (answered {status}).',
        remediation:
          'Invalidate the session or token on the server at logout (delete it from the session store, or keep a deny-list of token ids until they expire).',
      },
    },
  },
  'authz.session-expiry': {
    name: 'Sessions expire',
    purpose:
      'A session must end on its own within the engagement’s policy (auth.maxSessionHours), so a stolen one does not last.',
    outcomes: {
      bounded: {
        status: 'pass',
        title: 'Session lifetime within policy',
        summary: '{subject}’s session lasts {hours} h ({source} {from}); the policy allows {policy} h.',
        remediation: 'Nothing to do.',
      },
      unbounded: {
        status: 'fail',
        severity: 'medium',
        title: 'No bounded session lifetime',
        summary:
          'Signing in as {subject} gave a session with no stated end ({source} {from}); the policy is {policy} h.',
        remediation:
          'Give sessions a server-side lifetime: Max-Age on the session cookie, `exp` in the token or `expires_in` in the answer, and enforce it on the server.',
      },
      'too-long': {
        status: 'fail',
        severity: 'medium',
        title: 'Session lives longer than the policy',
        summary: '{subject}’s session lasts {hours} h ({source} {from}), more than the policy’s {policy} h.',
        remediation:
          'Shorten the session lifetime to the policy (auth.maxSessionHours), with refresh on activity if needed.',
      },
      'not-applicable': {
        status: 'skipped',
        title: 'No session to age',
        summary:
          '{subject} signs in with {kind} credentials sent on every request; there is no session lifetime.',
        remediation: 'Nothing to do here; rotate such credentials on a schedule.',
      },
    },
  },
  'authz.session-cookies': {
    name: 'Session cookies and stored tokens',
    purpose:
      'After a real sign-in, the session cookie must be Secure, HttpOnly and SameSite (host-only ones with the __Host- prefix), and no token may sit in localStorage or sessionStorage, where any script on the page can read and send it away.',
    outcomes: {
      flagged: {
        status: 'pass',
        title: 'Session cookie flagged',
        summary:
          'The session cookie {cookie} is set with {flags} ({scope}); seen after signing in as {accounts}.',
        remediation: 'Nothing to do.',
      },
      'missing-flags': {
        status: 'fail',
        severity: 'high',
        title: 'Session cookie without its protections',
        summary:
          'The session cookie {cookie} is set without {missing} (it has {flags}; {scope}); seen after signing in as {accounts}.',
        remediation:
          'Set the session cookie with Secure, HttpOnly and SameSite=Lax (or Strict), and name a host-only one __Host-… with Path=/ and no Domain, so scripts cannot read it, plain HTTP never carries it and other sites cannot send it.',
      },
      'no-host-prefix': {
        status: 'warn',
        severity: 'low',
        title: 'Host-only session cookie without the __Host- prefix',
        summary:
          'The session cookie {cookie} is flagged ({flags}) and host-only, but not named __Host-…, so a sibling subdomain can plant a cookie of the same name; seen after signing in as {accounts}.',
        remediation:
          'Rename the cookie __Host-{cookie} (it already has Secure, Path=/ and no Domain, which the prefix requires); browsers then refuse one set by any other host.',
      },
      'storage-clean': {
        status: 'pass',
        title: 'No token in Web Storage',
        summary:
          'After signing in as {subject}, localStorage and sessionStorage hold no token ({entries} entries, {cookies} cookies).',
        remediation: 'Nothing to do.',
      },
      'token-in-storage': {
        status: 'fail',
        severity: 'high',
        title: 'Session token kept in Web Storage',
        summary:
          'After signing in as {subject}, the app keeps {entries}, where any script on the page can read it.',
        remediation:
          'Keep the session in an HttpOnly, Secure, SameSite cookie set by the server (or in memory only) and stop writing tokens to localStorage or sessionStorage; one cross-site script otherwise takes the session with it.',
      },
    },
  },
  'authz.reset-expiry': {
    name: 'Reset links expire',
    purpose: 'A password reset or magic link must work once and only for a short time.',
    outcomes: {
      rejected: {
        status: 'pass',
        title: 'Old reset link refused',
        summary: 'The {subject} was refused when opened again (answered {status}).',
        remediation: 'Nothing to do.',
      },
      'still-works': {
        status: 'fail',
        severity: 'high',
        title: 'Reset link works again',
        summary: 'The {subject} still offers to set a new password (answered {status}).',
        remediation:
          'Make reset and magic-link tokens single-use and short-lived (minutes to an hour), store only their hash, and invalidate them on use and on password change.',
      },
      unclear: {
        status: 'manual',
        title: 'Reset link answer needs a person',
        summary:
          'The {subject} answered {status} without a password form or a clear refusal; open it and attest what it does.',
        remediation:
          'Open the link in a private window and record the outcome with `handover attest authz.reset-expiry`.',
      },
      awaiting: {
        status: 'manual',
        title: 'Reset links: waiting for a used link or an answer',
        summary:
          'Give a used and an expired reset link (auth.resetLinks, kept in the keychain) to test them, or attest the result.',
        remediation:
          'Request a reset, use the link, store it with `handover creds set` and list it in auth.resetLinks; or attest with `handover attest authz.reset-expiry`.',
      },
      'attested-pass': {
        status: 'pass',
        title: 'Reset links expire (attested)',
        summary: 'Attested by {by} on {at}: {note}',
        remediation: 'Nothing to do.',
      },
      'attested-fail': {
        status: 'fail',
        severity: 'high',
        title: 'Reset links do not expire (attested)',
        summary: 'Attested by {by} on {at}: {note}',
        remediation: 'Make reset tokens single-use and short-lived, then test again.',
      },
    },
  },
  'authz.admin-stepup': {
    name: 'Admin actions need step-up',
    purpose:
      'A stolen admin session should not be enough to invite users, change roles or delete data: such actions must ask for a second factor or a fresh sign-in first.',
    outcomes: {
      'step-up-required': {
        status: 'pass',
        title: 'Admin action asks for step-up',
        summary:
          '{subject}, sent as {account} with an ordinary session, was not carried out: the portal asked for {challenge} (answered {status}).',
        remediation: 'Nothing to do.',
      },
      'no-step-up': {
        status: 'fail',
        severity: 'medium',
        title: 'Admin action carried out without step-up',
        summary:
          '{subject}, sent as {account} with an ordinary session, was carried out at once (answered {status}, repeating {echo}); nothing asked for a second factor or a fresh password.',
        remediation:
          'Require re-authentication or a second factor before admin actions that invite users, change roles, export data or delete records (for an API: answer 401 with WWW-Authenticate error="insufficient_user_authentication", RFC 9470, until the session is stepped up).',
      },
      unclear: {
        status: 'manual',
        title: 'Admin action answer needs a person',
        summary:
          '{subject} answered {status} without carrying the action out visibly or asking for step-up; try it in the portal and attest what it does.',
        remediation:
          'Perform the admin action in the portal as an admin and record whether it asked for a second factor or the password with `handover attest authz.admin-stepup`.',
      },
      awaiting: {
        status: 'manual',
        title: 'Admin actions need step-up: waiting for an answer',
        summary:
          'Do destructive or privilege-changing admin actions ask for a second factor or a fresh password? Declare one safe admin action (auth.adminAction) to test it, or attest the answer.',
        remediation:
          'Declare an admin action that is safe to perform (auth.adminAction, e.g. inviting a test user) and consent to `authz`, or answer with `handover attest authz.admin-stepup`.',
      },
      'attested-pass': {
        status: 'pass',
        title: 'Admin actions need step-up (attested)',
        summary: 'Confirmed by {by} on {at}: {note}',
        remediation: 'Nothing to do; keep the evidence with the handover pack.',
      },
      'attested-fail': {
        status: 'fail',
        severity: 'medium',
        title: 'Admin actions lack step-up (attested)',
        summary: 'Reported missing by {by} on {at}: {note}',
        remediation:
          'Require re-authentication or a second factor before admin actions that change roles, export data or delete records.',
      },
      'not-applicable': {
        status: 'skipped',
        title: 'Admin step-up: not applicable',
        summary: 'Marked not applicable by {by} on {at}: {note}',
        remediation: 'Nothing to do.',
      },
    },
  },
} as const satisfies Record<string, CheckText>
