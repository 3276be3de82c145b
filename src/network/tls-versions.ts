// Does a server accept an old protocol version? Raw ClientHellos (SSL 2/3, TLS 1.0/1.1), as testssl does with
// sockets, so the answer does not depend on what the local OpenSSL build is still willing to speak.
import { randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import { failure, ok, type Result } from '../core/result'
import { NET } from './codes'
import type { Network, Recorder } from './network'
import { settler, thrownMessage } from './settle'

/** A protocol version that a launch-ready server refuses. */
export type LegacyVersion = 'ssl2' | 'ssl3' | 'tls1.0' | 'tls1.1'

/** What the server did with a hello offering exactly one version. */
export interface VersionVerdict {
  accepted: boolean
  /** `server-hello`, `alert`, `closed`, `other-version`, `garbage`. */
  answer: string
  serverVersion?: string
}

const WIRE: Record<Exclude<LegacyVersion, 'ssl2'>, number> = {
  ssl3: 0x0300,
  'tls1.0': 0x0301,
  'tls1.1': 0x0302,
}

// Suites a legacy server would pick: ECDHE/DHE/RSA with AES, 3DES and RC4, plus the renegotiation SCSV.
const LEGACY_SUITES = [
  0xc014, 0xc00a, 0xc013, 0xc009, 0x0039, 0x0033, 0x0035, 0x002f, 0xc012, 0xc008, 0x0016, 0x000a, 0xc011,
  0xc007, 0x0005, 0x0004, 0x00ff,
]

/** A big-endian 16-bit field. */
export const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff])
/** A big-endian 24-bit field. */
export const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff])

/** One TLS extension: type, length, body. */
export function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(body.length), body])
}

/** A TLS-framed ClientHello offering only `version`. */
export function clientHello(version: Exclude<LegacyVersion, 'ssl2'>, serverName?: string): Buffer {
  const wire = WIRE[version]
  const suites = Buffer.concat(LEGACY_SUITES.map(u16))
  const extensions: Buffer[] = []
  if (version !== 'ssl3') {
    if (serverName) {
      const name = Buffer.from(serverName, 'ascii')
      const entry = Buffer.concat([Buffer.from([0]), u16(name.length), name])
      extensions.push(extension(0x0000, Buffer.concat([u16(entry.length), entry])))
    }
    const groups = Buffer.concat([0x0017, 0x0018, 0x0019, 0x001d].map(u16))
    extensions.push(extension(0x000a, Buffer.concat([u16(groups.length), groups])))
    extensions.push(extension(0x000b, Buffer.from([1, 0])))
  }
  const extBlock =
    extensions.length > 0
      ? Buffer.concat([u16(Buffer.concat(extensions).length), ...extensions])
      : Buffer.alloc(0)
  const body = Buffer.concat([
    u16(wire),
    randomBytes(32),
    Buffer.from([0]),
    u16(suites.length),
    suites,
    Buffer.from([1, 0]),
    extBlock,
  ])
  const handshake = Buffer.concat([Buffer.from([0x01]), u24(body.length), body])
  return Buffer.concat([
    Buffer.from([0x16]),
    u16(wire === 0x0300 ? 0x0300 : 0x0301),
    u16(handshake.length),
    handshake,
  ])
}

/** An SSL 2.0 CLIENT-HELLO (two-byte header) with the classic SSL 2 cipher kinds. */
export function ssl2ClientHello(): Buffer {
  const kinds = [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0]
  const specs = Buffer.concat(kinds.map((k) => Buffer.from([(k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff])))
  const challenge = randomBytes(16)
  const body = Buffer.concat([
    Buffer.from([0x01]),
    u16(0x0002),
    u16(specs.length),
    u16(0),
    u16(challenge.length),
    specs,
    challenge,
  ])
  return Buffer.concat([Buffer.from([0x80 | ((body.length >> 8) & 0x7f), body.length & 0xff]), body])
}

const NAMES: Record<number, string> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
}

/** Reads the server's first answer to a legacy hello. */
export function judgeAnswer(version: LegacyVersion, data: Buffer): VersionVerdict {
  if (data.length === 0) return { accepted: false, answer: 'closed' }
  if (version === 'ssl2') {
    // SSL 2 SERVER-HELLO: two-byte header with the high bit set, then message type 4.
    if ((data[0]! & 0x80) !== 0 && data.length >= 3 && data[2] === 0x04)
      return { accepted: true, answer: 'server-hello', serverVersion: 'SSLv2' }
    if (data[0] === 0x15) return { accepted: false, answer: 'alert' }
    return { accepted: false, answer: data[0] === 0x16 ? 'other-version' : 'garbage' }
  }
  const type = data[0]
  if (type === 0x15) return { accepted: false, answer: 'alert' }
  if (type !== 0x16 || data.length < 11)
    return { accepted: false, answer: type === 0x16 ? 'closed' : 'garbage' }
  if (data[5] !== 0x02) return { accepted: false, answer: 'garbage' }
  const server = data.readUInt16BE(9)
  const serverVersion = NAMES[server] ?? `0x${server.toString(16)}`
  return server === WIRE[version]
    ? { accepted: true, answer: 'server-hello', serverVersion }
    : { accepted: false, answer: 'other-version', serverVersion }
}

/** Sends a hello offering only `version` and reports whether the server agreed to it. */
export function probeLegacyVersion(
  network: Network,
  host: string,
  port: number,
  version: LegacyVersion,
  rec: Recorder,
  deadline: number,
): Promise<Result<VersionVerdict>> {
  return probeHello(
    network,
    { host, port, rec, deadline },
    {
      label: version,
      hello: () =>
        version === 'ssl2'
          ? ssl2ClientHello()
          : clientHello(version, /^[0-9.]+$/.test(host) ? undefined : host),
      judge: (data) => judgeAnswer(version, data),
      named: (verdict) => verdict.serverVersion,
    },
  )
}

/** What any raw hello's verdict says: whether the server agreed, and how it answered. */
interface HelloVerdict {
  accepted: boolean
  answer: string
}

/** What one raw hello probe sends, when its answer is complete, and how it is judged and named in the transcript. */
interface HelloProbe<V extends HelloVerdict> {
  /** How the transcript names the hello (`tls1.0`, `rc4 suites`). */
  label: string
  hello: () => Buffer
  complete?: (buffered: Buffer) => boolean
  judge: (data: Buffer) => V
  /** What an answer named: the server's version, or the suite it picked. */
  named: (verdict: V) => string | undefined
}

/** Sends one raw hello on its own connection, judges the first answer and writes both to the transcript. */
export async function probeHello<V extends HelloVerdict>(
  network: Network,
  target: { host: string; port: number; rec: Recorder; deadline: number },
  probe: HelloProbe<V>,
): Promise<Result<V>> {
  const { host, port, rec, deadline } = target
  const conn = await network.connect(host, port, rec, { deadline })
  if (!conn.ok) return conn
  const data = await readFirstAnswer(
    conn.value.socket,
    probe.hello(),
    network.settings.readMs,
    deadline,
    network.signalFor(rec),
    probe.complete,
  )
  if (!data.ok) {
    rec.add('tls', `${host}:${port}`, `${probe.label} hello: ${data.error.message}`, data.error.code)
    return data
  }
  const verdict = probe.judge(data.value)
  const named = probe.named(verdict)
  rec.add(
    'tls',
    `${host}:${port}`,
    `${probe.label} hello → ${verdict.accepted ? `accepted (${named})` : `refused (${verdict.answer}${named ? ` ${named}` : ''})`}`,
  )
  return ok(verdict)
}

/**
 * Writes the hello and collects the answer until `complete` says it is enough, closing on EOF, idle or deadline.
 * By default that is the first record header plus the ServerHello's version.
 */
export function readFirstAnswer(
  socket: Socket,
  hello: Buffer,
  readMs: number,
  deadline: number,
  signal?: AbortSignal,
  complete: (buffered: Buffer) => boolean = (b) => b.length >= 11 || (b[0] === 0x15 && b.length >= 7),
): Promise<Result<Buffer>> {
  let buffered = Buffer.alloc(0)
  const s = settler<Result<Buffer>>(
    (err) => failure(NET.INTERNAL, `reading the answer failed inside the tool: ${thrownMessage(err)}`),
    () => {
      clearTimeout(total)
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
    },
  )
  const total = setTimeout(
    s.guard(() => s.settle(failure(NET.TIMEOUT_TOTAL, 'no complete answer before the deadline'))),
    Math.max(1, deadline - Date.now()),
  )
  const onAbort = s.guard(() => s.settle(failure(NET.CANCELLED, 'the run or the probe was stopped')))
  signal?.addEventListener('abort', onAbort, { once: true })
  socket.setTimeout(
    readMs,
    s.guard(() => s.settle(failure(NET.TIMEOUT_READ, `nothing received for ${readMs} ms`))),
  )
  socket.on(
    'data',
    s.guard((chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      if (complete(buffered)) s.settle(ok(buffered))
    }),
  )
  socket.on(
    'end',
    s.guard(() => s.settle(ok(buffered))),
  )
  socket.on(
    'close',
    s.guard(() => s.settle(ok(buffered))),
  )
  socket.on(
    'error',
    s.guard((err: NodeJS.ErrnoException) =>
      s.settle(err.code === 'ECONNRESET' ? ok(buffered) : failure(NET.CONNECT_FAILED, err.message)),
    ),
  )
  if (signal?.aborted) s.settle(failure(NET.CANCELLED, 'the run or the probe was stopped'))
  else socket.write(hello)
  return s.promise
}
