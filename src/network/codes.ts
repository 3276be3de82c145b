// The one code vocabulary of the network layer: tests and checks match on these, never on message text.
// Predicates live beside the codes, so no check spells a code set of its own (after undici's core/errors).

/** Connection, TLS and HTTP outcomes, and the guards that stop a packet from leaving. */
export const NET = {
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  /** A name resolved to an address the address policy forbids (link-local, metadata, or private without consent). */
  ADDRESS_REFUSED: 'ADDRESS_REFUSED',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
  HALTED: 'HALTED',
  CANCELLED: 'CANCELLED',
  /** The probe ran past its deadline and was stopped: nothing more is sent for it. */
  PROBE_ABORTED: 'PROBE_ABORTED',
  TIMEOUT_CONNECT: 'TIMEOUT_CONNECT',
  TIMEOUT_READ: 'TIMEOUT_READ',
  TIMEOUT_TOTAL: 'TIMEOUT_TOTAL',
  CONNECT_REFUSED: 'CONNECT_REFUSED',
  CONNECTION_RESET: 'CONNECTION_RESET',
  CONNECT_FAILED: 'CONNECT_FAILED',
  TLS_HANDSHAKE: 'TLS_HANDSHAKE',
  HTTP_PROTOCOL: 'HTTP_PROTOCOL',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  REDIRECT_LOOP: 'REDIRECT_LOOP',
  TOO_MANY_REDIRECTS: 'TOO_MANY_REDIRECTS',
  BAD_URL: 'BAD_URL',
  /** A bug inside the network layer (an exception in a socket listener), caught and kept as data. */
  INTERNAL: 'NETWORK_INTERNAL',
} as const

/** A code of the network layer (the values of NET). */
export type NetCode = (typeof NET)[keyof typeof NET]

/** DNS outcomes: the answers that hold nothing, the server's refusals, and the client's own failures. */
export const DNS = {
  NXDOMAIN: 'DNS_NXDOMAIN',
  NODATA: 'DNS_NODATA',
  SERVFAIL: 'DNS_SERVFAIL',
  REFUSED: 'DNS_REFUSED',
  /** Any other rcode (FORMERR, NOTIMP…). */
  RCODE: 'DNS_RCODE',
  TIMEOUT: 'DNS_TIMEOUT',
  TRUNCATED: 'DNS_TRUNCATED',
  MALFORMED: 'DNS_MALFORMED',
  CONNECT: 'DNS_CONNECT',
  TOO_LARGE: 'DNS_TOO_LARGE',
  ABORTED: 'DNS_ABORTED',
  CNAME_LOOP: 'DNS_CNAME_LOOP',
  CNAME_DEPTH: 'DNS_CNAME_DEPTH',
  INVALID_NAME: 'DNS_INVALID_NAME',
  /** The zone names no nameserver (an NS lookup with no NS record). */
  NO_NS: 'DNS_NO_NS',
  /** The question was never sent: a cap, or a server that already timed out once. */
  NOT_ASKED: 'DNS_NOT_ASKED',
  /** Replay only: a stored run holds no answer for this question. */
  NOT_RECORDED: 'DNS_NOT_RECORDED',
  /** The OS resolver failed without saying why. */
  FAILED: 'DNS_FAILED',
} as const

/** A DNS outcome code (the values of DNS). */
export type DnsCode = (typeof DNS)[keyof typeof DNS]

/** Failures of the DNS client itself (no usable answer arrived). */
export type DnsClientCode =
  | typeof DNS.TIMEOUT
  | typeof DNS.TRUNCATED
  | typeof DNS.MALFORMED
  | typeof DNS.CONNECT
  | typeof DNS.TOO_LARGE
  | typeof DNS.ABORTED

/**
 * How a CNAME walk's `terminal` and the DNS snapshot's `outcome` spell the end of an answer: the rcode's own name
 * (other rcodes than these keep theirs), NODATA, or `addresses`. Stored runs keep these spellings, so they stay beside DNS's codes; the predicates below take both.
 */
export const ANSWER = {
  NXDOMAIN: 'NXDOMAIN',
  NODATA: 'NODATA',
  SERVFAIL: 'SERVFAIL',
  REFUSED: 'REFUSED',
  /** A walk that ended on records of the type asked. */
  ADDRESSES: 'addresses',
} as const

/** The answer says the name does not exist (DNS_NXDOMAIN, or a walk's or snapshot's NXDOMAIN). */
export function isNxdomain(code: string | undefined): boolean {
  return code === DNS.NXDOMAIN || code === ANSWER.NXDOMAIN
}

/**
 * The answer holds nothing: the name or the record does not exist (RFC 7208 §4.6.4's "void lookup"), in either
 * spelling. Such an answer is evidence about the zone; any other code is a failure to get one.
 */
export function isVoid(code: string | undefined): boolean {
  return isNxdomain(code) || code === DNS.NODATA || code === ANSWER.NODATA
}

/** A code of the DNS layer: the values of DNS, and the `DNS_<rcode>` that nameserver answers keep for other rcodes. */
export function isDnsCode(code: string | undefined): boolean {
  return code?.startsWith('DNS_') === true
}

const NET_CODES: ReadonlySet<string> = new Set(Object.values(NET))

/**
 * A lookup that got no usable answer: a code of the DNS or network layer that is not void (SERVFAIL, a timeout, a
 * refused, unasked or unrecorded question, the budget…). It says nothing about what the zone holds.
 */
export function isDnsFailure(code: string | undefined): boolean {
  return code !== undefined && !isVoid(code) && (isDnsCode(code) || NET_CODES.has(code))
}

const DNS_CODES: ReadonlySet<string> = new Set(Object.values(DNS))

/** A code of the network chokepoint (NET or DNS), as a type guard for codes read back from stored facts. */
export function isNetworkCode(code: string | undefined): code is NetworkCode {
  return code !== undefined && (NET_CODES.has(code) || DNS_CODES.has(code))
}

/** A connection or request that ran out of time (connect, read or total): no answer, not a refusal. */
export function isTimeout(code: string | undefined): boolean {
  return code === NET.TIMEOUT_CONNECT || code === NET.TIMEOUT_READ || code === NET.TIMEOUT_TOTAL
}

const NOT_TRIED: ReadonlySet<string> = new Set([
  NET.OUT_OF_SCOPE,
  NET.ADDRESS_REFUSED,
  NET.BUDGET_EXHAUSTED,
  NET.CANCELLED,
  NET.HALTED,
  NET.PROBE_ABORTED,
  NET.TIMEOUT_TOTAL,
  DNS.NOT_ASKED,
])

/**
 * The tool itself stopped before the question or connection could tell anything (scope, address policy,
 * budget, cancellation, the probe's deadline): such an outcome is never evidence about the host.
 */
export function isNotTried(code: string): boolean {
  return NOT_TRIED.has(code)
}

/** Maps an rcode of a response to its stable code. */
export function codeOfRcode(rcode: string): DnsCode {
  switch (rcode) {
    case 'NXDOMAIN':
      return DNS.NXDOMAIN
    case 'SERVFAIL':
      return DNS.SERVFAIL
    case 'REFUSED':
      return DNS.REFUSED
    default:
      return DNS.RCODE
  }
}

/** Maps a socket error to a stable code. */
export function codeOfSocketError(err: NodeJS.ErrnoException): NetCode {
  switch (err.code) {
    case 'ECONNREFUSED':
      return NET.CONNECT_REFUSED
    case 'ECONNRESET':
    case 'EPIPE':
      return NET.CONNECTION_RESET
    case 'ETIMEDOUT':
      return NET.TIMEOUT_CONNECT
    default:
      if (err.code?.startsWith('ERR_SSL') || /ssl|tls|alert/i.test(err.message)) return NET.TLS_HANDSHAKE
      if (err.code?.startsWith('HPE_')) return NET.HTTP_PROTOCOL
      return NET.CONNECT_FAILED
  }
}

/** Stable codes of the browser layer. */
export const BROWSER = {
  UNAVAILABLE: 'BROWSER_UNAVAILABLE',
  LAUNCH_FAILED: 'BROWSER_LAUNCH_FAILED',
  NAVIGATION_FAILED: 'BROWSER_NAVIGATION_FAILED',
  CLOSED: 'BROWSER_CLOSED',
} as const

/** A browser layer code (the values of BROWSER). */
export type BrowserCode = (typeof BROWSER)[keyof typeof BROWSER]

/** Codes of the mail path (nodemailer's own codes, e.g. EAUTH, ETLS, EENVELOPE, are kept after `SMTP_`). */
export const SMTP = {
  FAILED: 'SMTP_FAILED',
  /** The server refused the envelope (sender or recipients). */
  ENVELOPE: 'SMTP_EENVELOPE',
  /** The server refused the message itself. */
  MESSAGE: 'SMTP_EMESSAGE',
} as const

/** An SMTP code (the values of SMTP). */
export type SmtpCode = (typeof SMTP)[keyof typeof SMTP] | `SMTP_${string}`

/** What the network chokepoint fails with: its own guards and connection failures, and DNS. */
export type NetworkCode = NetCode | DnsCode
