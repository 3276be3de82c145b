// A DNS stub client on dns-packet: UDP with TCP fallback, EDNS0, retries, and id/question matching.
import dgram from 'node:dgram'
import net from 'node:net'
import { randomInt } from 'node:crypto'
import dnsPacket from 'dns-packet'
import type { Answer, Packet, RecordType } from 'dns-packet'
import type { Problem, Result } from '../../core/result'
import { DNS, type DnsClientCode, type NetCode, type DnsCode } from '../codes'
import { bareName } from '../scope'

/** A DNS server address. */
export interface DnsServer {
  host: string
  port: number
}

/** One resource record in presentation form; TXT keeps its character-strings in `chunks`. */
export interface DnsRecord {
  name: string
  type: string
  ttl: number
  data: string
  chunks?: string[]
}

/** A DNS response code by its name. */
export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP' | string

/** A decoded answer to one question. */
export interface DnsResponse {
  server: string
  transport: 'udp' | 'tcp'
  rcode: DnsRcode
  authoritative: boolean
  truncated: boolean
  answers: DnsRecord[]
  authorities: DnsRecord[]
  additionals: DnsRecord[]
  elapsedMs: number
  /** Datagrams dropped because they did not match our id/question or could not be decoded. */
  dropped: number
}

/** Why a query got no answer: the client's own failure, or the network layer's refusal to send it. */
export type DnsFailureCode = DnsClientCode | NetCode | DnsCode

/** An expected failure of a query, with the datagrams dropped on the way. */
export interface DnsFailure extends Problem<DnsFailureCode> {
  dropped?: number
}

/** How one DNS question is asked: timeout, retries, transport, EDNS and a size cap. */
export interface DnsQueryOptions {
  timeoutMs?: number
  retries?: number
  /** Skip UDP and ask over TCP straight away. */
  tcp?: boolean
  /** Advertise EDNS0 with this UDP payload size (0 turns EDNS off). */
  udpPayloadSize?: number
  recursionDesired?: boolean
  signal?: AbortSignal
  /** Refuse answers larger than this (default 32 KB). */
  maxResponseBytes?: number
}

/** The answer to one DNS question, or why none arrived. */
export type DnsQueryResult = Result<DnsResponse, DnsFailureCode, DnsFailure>

/** Largest answer we accept: real zones answer in a few KB; a bigger one is hostile or broken. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024

/** Sends one question to one server and returns the matching response or a coded failure. */
export async function dnsQuery(
  server: DnsServer,
  name: string,
  type: RecordType,
  opts: DnsQueryOptions = {},
): Promise<DnsQueryResult> {
  const timeoutMs = opts.timeoutMs ?? 2000
  const retries = opts.retries ?? 1
  const started = performance.now()
  const question: Question = { server, name, type, timeoutMs, opts }
  let dropped = 0
  if (!opts.tcp) {
    let failure: DnsFailure = {
      code: DNS.TIMEOUT,
      message: `no answer from ${fmt(server)} for ${name} ${type}`,
    }
    let truncated = false
    for (let attempt = 0; attempt <= retries && !truncated; attempt++) {
      if (opts.signal?.aborted) return { ok: false, error: { code: DNS.ABORTED, message: 'cancelled' } }
      const udp = await exchange(question, udpSocket)
      dropped += udp.dropped
      if (!udp.packet) {
        failure = udp.failure
        continue
      }
      if (!isTruncated(udp.packet))
        return { ok: true, value: toResponse(udp.packet, server, 'udp', started, dropped) }
      truncated = true
    }
    if (!truncated) return { ok: false, error: { ...failure, dropped } }
  }
  const tcp = await exchange(question, tcpSocket)
  if (!tcp.packet) return { ok: false, error: { ...tcp.failure, dropped } }
  if (isTruncated(tcp.packet)) {
    return {
      ok: false,
      error: {
        code: DNS.TRUNCATED,
        message: `${fmt(server)} truncated ${name} ${type} even over TCP`,
        dropped,
      },
    }
  }
  return { ok: true, value: toResponse(tcp.packet, server, 'tcp', started, dropped) }
}

function fmt(server: DnsServer): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`
}

function isTruncated(packet: Packet): boolean {
  return ((packet.flags ?? 0) & dnsPacket.TRUNCATED_RESPONSE) !== 0
}

function buildQuery(id: number, name: string, type: RecordType, opts: DnsQueryOptions): Packet {
  const payload = opts.udpPayloadSize ?? 1232
  return {
    type: 'query',
    id,
    flags: opts.recursionDesired === false ? 0 : dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals:
      payload > 0
        ? [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: payload,
              extendedRcode: 0,
              ednsVersion: 0,
              flags: 0,
              flag_do: false,
              options: [],
            },
          ]
        : [],
  }
}

/** A response belongs to our query only if id, QR bit and the question all match (RFC 5452). */
function matches(packet: Packet, id: number, name: string, type: RecordType): boolean {
  if (packet.id !== id || packet.type !== 'response') return false
  const q = packet.questions?.[0]
  if (!q || packet.questions?.length !== 1) return false
  return q.type === type && bareName(q.name) === bareName(name)
}

interface Exchange {
  packet?: Packet
  failure: DnsFailure
  dropped: number
}

/** One exchange's socket as the shared lifecycle drives it: what it ends with unanswered, and how it closes. */
interface ExchangeSocket {
  /** The result when the deadline passes first. */
  timedOut(): Exchange
  /** Datagrams dropped so far, kept when the query is cancelled. */
  dropped(): number
  /** Sends the question, once the deadline and the abort listener are armed. */
  send?(): void
  close(): void
}

/** One question to one server, as an exchange asks it. */
interface Question {
  server: DnsServer
  name: string
  type: RecordType
  timeoutMs: number
  opts: DnsQueryOptions
}

/** Opens one transport's socket for a question; `finish` takes the exchange's result. */
type OpenSocket = (question: Question, id: number, finish: (result: Exchange) => void) => ExchangeSocket

/**
 * Runs one exchange to its single end: the first result `finish` is given, the deadline or an abort clears the
 * timer, drops the abort listener and closes the socket; later results are ignored.
 */
function exchange(question: Question, open: OpenSocket): Promise<Exchange> {
  const { timeoutMs, opts } = question
  return new Promise((resolve) => {
    let done = false
    const finish = (result: Exchange): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      socket.close()
      resolve(result)
    }
    const socket = open(question, randomInt(0, 65536), finish)
    const timer = setTimeout(() => finish(socket.timedOut()), timeoutMs)
    const onAbort = (): void =>
      finish({ dropped: socket.dropped(), failure: { code: DNS.ABORTED, message: 'cancelled' } })
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    socket.send?.()
  })
}

/** The UDP side of an exchange: one datagram out, answers from elsewhere or for another question dropped. */
const udpSocket: OpenSocket = ({ server, name, type, timeoutMs, opts }, id, finish) => {
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4')
  let dropped = 0
  const timedOut = (): Exchange => ({
    dropped,
    failure:
      dropped > 0
        ? {
            code: DNS.MALFORMED,
            message: `${fmt(server)} sent ${dropped} packet(s) for ${name} ${type} that could not be decoded or did not match the question`,
          }
        : {
            code: DNS.TIMEOUT,
            message: `no answer from ${fmt(server)} for ${name} ${type} within ${timeoutMs} ms`,
          },
  })
  const crashed = (err: unknown): void =>
    finish({ dropped, failure: { code: DNS.MALFORMED, message: `${fmt(server)}: ${String(err)}` } })
  socket.on('error', (err) =>
    finish({ dropped, failure: { code: DNS.CONNECT, message: `${fmt(server)}: ${err.message}` } }),
  )
  socket.on('message', (msg, rinfo) => {
    try {
      onMessage(msg, rinfo)
    } catch (err) {
      crashed(err)
    }
  })
  const onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    // RFC 5452: an answer must come from the address and port we asked.
    if (rinfo.port !== server.port || (net.isIP(server.host) && rinfo.address !== server.host)) {
      dropped++
      return
    }
    let packet: Packet
    try {
      packet = dnsPacket.decode(msg)
    } catch {
      dropped++
      return
    }
    if (!matches(packet, id, name, type)) {
      dropped++
      return
    }
    finish({ packet, dropped, failure: timedOut().failure })
  }
  return {
    timedOut,
    dropped: () => dropped,
    send: () =>
      socket.send(dnsPacket.encode(buildQuery(id, name, type, opts)), server.port, server.host, (err) => {
        if (err)
          finish({ dropped, failure: { code: DNS.CONNECT, message: `${fmt(server)}: ${err.message}` } })
      }),
    close: () => socket.close(),
  }
}

/** The TCP side of an exchange: one length-prefixed question, one answer read to its announced length. */
const tcpSocket: OpenSocket = ({ server, name, type, timeoutMs, opts }, id, finish) => {
  let buffered = Buffer.alloc(0)
  const socket = net.connect({ host: server.host, port: server.port })
  socket.on('error', (err) =>
    finish({
      dropped: 0,
      failure: { code: DNS.CONNECT, message: `${fmt(server)} over TCP: ${err.message}` },
    }),
  )
  socket.on('connect', () => socket.write(dnsPacket.streamEncode(buildQuery(id, name, type, opts))))
  socket.on('data', (chunk: Buffer) => {
    try {
      onData(chunk)
    } catch (err) {
      finish({ dropped: 1, failure: { code: DNS.MALFORMED, message: `${fmt(server)}: ${String(err)}` } })
    }
  })
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk])
    if (buffered.length < 2) return
    const length = buffered.readUInt16BE(0)
    const cap = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    if (length > cap) {
      finish({
        dropped: 0,
        failure: {
          code: DNS.TOO_LARGE,
          message: `${fmt(server)} announced a ${length}-byte answer for ${name} ${type}, over the ${cap}-byte limit`,
        },
      })
      return
    }
    if (buffered.length < length + 2) return
    let packet: Packet
    try {
      packet = dnsPacket.decode(buffered.subarray(2, 2 + length))
    } catch {
      finish({
        dropped: 1,
        failure: {
          code: DNS.MALFORMED,
          message: `${fmt(server)} sent an undecodable TCP answer for ${name} ${type}`,
        },
      })
      return
    }
    if (!matches(packet, id, name, type)) {
      finish({
        dropped: 1,
        failure: {
          code: DNS.MALFORMED,
          message: `${fmt(server)} answered a different question over TCP for ${name} ${type}`,
        },
      })
      return
    }
    finish({ packet, dropped: 0, failure: { code: DNS.TIMEOUT, message: '' } })
  }
  socket.on('end', () =>
    finish({
      dropped: 0,
      failure: {
        code: DNS.MALFORMED,
        message: `${fmt(server)} closed the TCP connection before a full answer for ${name} ${type}`,
      },
    }),
  )
  return {
    timedOut: () => ({
      dropped: 0,
      failure: {
        code: DNS.TIMEOUT,
        message: `no TCP answer from ${fmt(server)} for ${name} ${type} within ${timeoutMs} ms`,
      },
    }),
    dropped: () => 0,
    close: () => socket.destroy(),
  }
}

function toResponse(
  packet: Packet,
  server: DnsServer,
  transport: 'udp' | 'tcp',
  started: number,
  dropped: number,
): DnsResponse {
  const flags = packet.flags ?? 0
  return {
    server: fmt(server),
    transport,
    rcode: (packet as Packet & { rcode?: string }).rcode ?? 'NOERROR',
    authoritative: (flags & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    truncated: (flags & dnsPacket.TRUNCATED_RESPONSE) !== 0,
    answers: records(packet.answers),
    authorities: records(packet.authorities),
    additionals: records(packet.additionals),
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    dropped,
  }
}

function records(list: Answer[] | undefined): DnsRecord[] {
  const out: DnsRecord[] = []
  for (const a of list ?? []) {
    if (a.type === 'OPT') continue
    const rec = presentation(a)
    if (rec) out.push(rec)
  }
  return out
}

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))

/** Presentation form of the record types the checks read; others keep their type with an opaque value. */
export function presentation(a: Answer): DnsRecord | undefined {
  if (a.type === 'OPT') return undefined
  const base = { name: bareName(a.name), type: a.type, ttl: a.ttl ?? 0 }
  const d: unknown = (a as { data?: unknown }).data
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return { ...base, data: String(d) }
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return { ...base, data: bareName(String(d)) }
    case 'MX': {
      const mx = d as { preference: number; exchange: string }
      return { ...base, data: `${mx.preference} ${bareName(String(mx.exchange))}` }
    }
    case 'TXT': {
      const parts = (Array.isArray(d) ? d : [d]).map(text)
      return { ...base, data: parts.join(''), chunks: parts }
    }
    case 'SOA': {
      const s = d as {
        mname: string
        rname: string
        serial: number
        refresh: number
        retry: number
        expire: number
        minimum: number
      }
      return {
        ...base,
        data: `${s.mname} ${s.rname} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`,
      }
    }
    case 'CAA': {
      const c = d as { flags?: number; tag: string; value: string; issuerCritical?: boolean }
      return { ...base, data: `${c.flags ?? (c.issuerCritical ? 128 : 0)} ${c.tag} "${c.value}"` }
    }
    case 'SRV': {
      const s = d as { priority: number; weight: number; port: number; target: string }
      return { ...base, data: `${s.priority} ${s.weight} ${s.port} ${s.target}` }
    }
    default:
      return { ...base, data: Buffer.isBuffer(d) ? d.toString('hex') : (JSON.stringify(d) ?? '') }
  }
}
