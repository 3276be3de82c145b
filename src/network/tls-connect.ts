// The TLS half of a connection: the handshake over a TCP socket whose bytes stay observable, and its facts.
import { Duplex } from 'node:stream'
import net from 'node:net'
import tls from 'node:tls'
import { failure, ok, type Result } from '../core/result'
import { tlsFacts } from './certificate'
import { NET, type NetworkCode } from './codes'
import type { Connection, Route, Stop } from './connection'
import type { Recorder } from './recorder'
import { settler, thrownMessage } from './settle'

/** How one handshake is made. */
export interface TlsStart {
  /** The shared secure context for the connection's protocol pin. */
  context: tls.SecureContext
  /** Silence from the peer longer than this fails with TIMEOUT_READ. */
  readMs: number
  /** Absolute end of the probe: an unfinished handshake fails with TIMEOUT_TOTAL. */
  deadline: number
  /** Extra trust anchors for the chain verdict (the lab CA). */
  extraCa: readonly string[]
}

/**
 * The TLS handshake over a connected TCP socket, with no verdict on the chain (the facts judge it): a read timeout
 * when the peer goes silent, a total one at the deadline, stopped by `halt`; one transcript line either way.
 */
export function startTls(
  raw: net.Socket,
  r: Route,
  options: TlsStart,
  rec: Recorder,
  halt: Stop,
): Promise<Result<Omit<Connection, 'timing'>, NetworkCode>> {
  const stop = halt.signal
  const { readMs } = options
  const servername = net.isIP(r.host) ? undefined : r.host
  const socket = tls.connect({
    socket: observed(raw),
    servername,
    rejectUnauthorized: false,
    secureContext: options.context,
    ALPNProtocols: ['http/1.1'],
  })
  const remaining = Math.max(1, options.deadline - Date.now())
  const s = settler<Result<Omit<Connection, 'timing'>, NetworkCode>>(
    (err) => {
      rec.add(
        'tls',
        `${r.host}:${r.port}`,
        `the tool failed reading the handshake: ${thrownMessage(err)}`,
        NET.INTERNAL,
      )
      return failure(
        NET.INTERNAL,
        `reading the TLS handshake of ${r.host}:${r.port} failed inside the tool: ${thrownMessage(err)}`,
      )
    },
    () => {
      clearTimeout(total)
      stop?.removeEventListener('abort', onAbort)
      socket.removeListener('error', onError)
      raw.removeListener('timeout', onIdle)
      raw.setTimeout(0)
    },
  )
  const done = s.settle
  const total = setTimeout(
    s.guard(() => {
      rec.add('tls', `${r.host}:${r.port}`, `handshake unfinished after ${remaining} ms`, NET.TIMEOUT_TOTAL)
      done(
        failure(
          NET.TIMEOUT_TOTAL,
          `the TLS handshake with ${r.host}:${r.port} did not finish within ${remaining} ms`,
        ),
      )
    }),
    remaining,
  )
  const onIdle = s.guard((): void => {
    rec.add('tls', `${r.host}:${r.port}`, `no handshake data for ${readMs} ms`, NET.TIMEOUT_READ)
    done(
      failure(NET.TIMEOUT_READ, `${r.host}:${r.port} sent nothing for ${readMs} ms during the TLS handshake`),
    )
  })
  const onAbort = s.guard(() => done(halt.why()))
  stop?.addEventListener('abort', onAbort, { once: true })
  const onError = s.guard((err: NodeJS.ErrnoException): void => {
    rec.add(
      'tls',
      `${r.host}:${r.port}`,
      `handshake failed: ${err.code ?? ''} ${err.message}`,
      NET.TLS_HANDSHAKE,
    )
    const closed = err.code === 'ECONNRESET' || /socket disconnected/i.test(err.message)
    done(
      failure(
        closed ? NET.CONNECTION_RESET : NET.TLS_HANDSHAKE,
        `TLS handshake with ${r.host}:${r.port} failed (${err.code ?? err.message})`,
      ),
    )
  })
  raw.setTimeout(readMs, onIdle)
  socket.once('error', onError)
  socket.once(
    'secureConnect',
    s.guard(() => {
      const facts = tlsFacts(socket, r.host, options.extraCa)
      rec.add(
        'tls',
        `${r.host}:${r.port}`,
        `${facts.protocol ?? '?'} ${facts.cipher}; ${facts.authorized ? 'trusted chain' : `untrusted: ${facts.authorizationError ?? ''}`}${facts.hostnameError ? `; ${facts.hostnameError}` : ''}`,
      )
      done(ok({ socket, raw, route: r, tls: facts }))
    }),
  )
  return s.promise.then((result) => {
    if (!result.ok) socket.destroy()
    return result
  })
}

/**
 * A JS stream over the TCP socket. Handed the socket itself, TLS takes over its handle and the socket
 * stops seeing bytes; through this wrapper every byte still passes the socket, so its idle timer tells
 * a silent peer (read timeout) from a slow one (total timeout).
 */
function observed(raw: net.Socket): Duplex {
  const duplex = new Duplex({
    read() {
      raw.resume()
    },
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback)
    },
    final(callback) {
      raw.end()
      callback()
    },
    destroy(err, callback) {
      raw.destroy()
      callback(err)
    },
  })
  raw.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) raw.pause()
  })
  raw.on('end', () => duplex.push(null))
  raw.on('error', (err) => duplex.destroy(err))
  raw.on('close', () => duplex.destroy())
  return duplex
}
