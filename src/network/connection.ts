// What a connection is: where a host:port was reached, the socket and its handshake facts, and how it is opened.
// Apart from network.ts so that the socket units (tcp-connect.ts, tls-connect.ts) need no import of the class.
import type net from 'node:net'
import type tls from 'node:tls'
import type { Result } from '../core/result'
import type { NetworkCode } from './codes'
import type { TlsFacts } from './certificate'

/** Where a logical host:port is actually reached. */
export interface Route {
  host: string
  port: number
  address: string
  connectPort: number
  via: 'connect-to' | 'resolver' | 'os' | 'literal'
  chain: string[]
}

/** A connected socket plus the handshake facts when it is TLS. */
export interface Connection {
  socket: net.Socket
  /** The TCP socket under `socket`: read timeouts watch its bytes, so a dripped TLS record still counts. */
  raw: net.Socket
  route: Route
  tls?: TlsFacts
  /** Where the time to connect went, in milliseconds (name resolution, TCP connect, TLS handshake). */
  timing: { dnsMs: number; connectMs: number; tlsMs?: number }
}

/** How one connection is opened. */
export interface ConnectOptions {
  tls?: boolean
  /** Pinned protocol versions (the secure context is shared per pin). */
  tlsOptions?: Pick<tls.ConnectionOptions, 'minVersion' | 'maxVersion'>
  deadline: number
  /** Active (attack-like) traffic stops when the limiter halts. */
  active?: boolean
  /** Connect to this address of the host (one of its DNS answers) instead of resolving it; connect-to still wins. */
  address?: string
  /**
   * Spend a slot of the budget for this connection (default true). HTTP spends one per request instead, so a
   * kept-alive connection opened for a request does not count twice.
   */
  spend?: boolean
}

/** What stops one connection attempt: the probe's or the run's signal, and why it stopped. */
export interface Stop {
  signal: AbortSignal | undefined
  /** The refusal to return once the signal has fired (cancelled run or stopped probe). */
  why(): Result<never, NetworkCode>
}
