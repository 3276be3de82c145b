// Stable error codes of the network layer: tests and checks match on these, never on message text.

export const NET = {
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
  HALTED: 'HALTED',
  CANCELLED: 'CANCELLED',
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
} as const

export type NetCode = (typeof NET)[keyof typeof NET]

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
