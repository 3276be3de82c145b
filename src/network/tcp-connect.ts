// The TCP half of a connection: connect, time out, stop with the probe, and say so in the transcript.
import net from 'node:net'
import { failure, ok, type Result } from '../core/result'
import { codeOfSocketError, NET, type NetworkCode } from './codes'
import type { Route, Stop } from './connection'
import type { Recorder } from './recorder'
import { settler, thrownMessage } from './settle'

/** A TCP connection to the route's address within `timeoutMs`, ended early by `stop`; one transcript line. */
export function tcpConnect(
  r: Route,
  timeoutMs: number,
  rec: Recorder,
  halt: Stop,
): Promise<Result<net.Socket, NetworkCode>> {
  const stop = halt.signal
  const socket = net.connect({ host: r.address, port: r.connectPort })
  const s = settler<Result<net.Socket, NetworkCode>>(
    (err) =>
      failure(
        NET.INTERNAL,
        `connecting to ${r.host}:${r.port} failed inside the tool: ${thrownMessage(err)}`,
      ),
    () => {
      clearTimeout(timer)
      stop?.removeEventListener('abort', onAbort)
      socket.removeAllListeners('connect')
      socket.removeListener('error', onError)
    },
  )
  const done = s.settle
  const timer = setTimeout(
    s.guard(() => {
      rec.add(
        'tcp',
        `${r.host}:${r.port}`,
        `connect to ${r.address}:${r.connectPort} timed out after ${timeoutMs} ms`,
        NET.TIMEOUT_CONNECT,
      )
      done(failure(NET.TIMEOUT_CONNECT, `connecting to ${r.host}:${r.port} timed out after ${timeoutMs} ms`))
    }),
    timeoutMs,
  )
  const onAbort = s.guard(() => done(halt.why()))
  stop?.addEventListener('abort', onAbort, { once: true })
  const onError = s.guard((err: NodeJS.ErrnoException) => {
    const code = codeOfSocketError(err)
    rec.add(
      'tcp',
      `${r.host}:${r.port}`,
      `connect to ${r.address}:${r.connectPort} failed: ${err.code ?? err.message}`,
      code,
    )
    done(failure(code, `connecting to ${r.host}:${r.port} failed (${err.code ?? err.message})`))
  })
  socket.once('error', onError)
  socket.once(
    'connect',
    s.guard(() => {
      rec.add('tcp', `${r.host}:${r.port}`, `connected to ${r.address}:${r.connectPort}`)
      done(ok(socket))
    }),
  )
  // A crash settles the promise; the socket it would have returned is closed with it.
  return s.promise.then((result) => {
    if (!result.ok) socket.destroy()
    return result
  })
}
