// A small authoritative DNS server on dns-packet (UDP and TCP on one port), for the demo lab and tests.
import dgram from 'node:dgram'
import net from 'node:net'
import dnsPacket from 'dns-packet'
import type { Answer, Packet, Question, RecordType } from 'dns-packet'
import { bareName } from '../network/scope'

/** One record to serve; `data` is in dns-packet's form (string, {preference, exchange}, string[] for TXT, …). */
export interface ZoneRecord {
  name: string
  type: RecordType
  ttl?: number
  data: unknown
}

/** What a hook may do with a query: answer it, drop it, or let the zone answer. */
export type QueryHook = (question: Question, transport: 'udp' | 'tcp') => Packet | 'drop' | Buffer | undefined

/** The lab's authoritative DNS server: zones, records, address and an optional hook per query. */
export interface DnsServerOptions {
  /** Zones this server is authoritative for; names outside them get REFUSED. Empty: every name. */
  zones?: string[]
  records: ZoneRecord[]
  host?: string
  port?: number
  hook?: QueryHook
}

/** Serves the given records authoritatively until `stop()`. */
export class AuthoritativeDnsServer {
  private udp?: dgram.Socket
  private tcp?: net.Server
  private records: ZoneRecord[] = []
  private readonly zones: string[]
  /** Every question received, for tests that count queries. */
  readonly log: { name: string; type: string; transport: 'udp' | 'tcp' }[] = []
  port = 0

  constructor(private readonly options: DnsServerOptions) {
    this.zones = (options.zones ?? []).map(bareName)
    this.setRecords(options.records)
  }

  /** Replaces the served records (the lab switches between flawed and fixed this way). */
  setRecords(records: ZoneRecord[]): void {
    this.records = records.map((r) => ({ ...r, name: bareName(r.name) }))
  }

  async start(): Promise<number> {
    const host = this.options.host ?? '127.0.0.1'
    this.tcp = net.createServer((socket) => this.serveTcp(socket))
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once('error', reject)
      this.tcp!.listen(this.options.port ?? 0, host, () => resolve())
    })
    this.port = (this.tcp.address() as net.AddressInfo).port
    this.udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4')
    this.udp.on('message', (msg, rinfo) => this.serveUdp(msg, rinfo))
    await new Promise<void>((resolve, reject) => {
      this.udp!.once('error', reject)
      this.udp!.bind(this.port, host, () => resolve())
    })
    return this.port
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()))
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()))
  }

  private serveUdp(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    let query: Packet
    try {
      query = dnsPacket.decode(msg)
    } catch {
      return
    }
    const reply = this.reply(query, 'udp')
    if (!reply) return
    const buf = Buffer.isBuffer(reply) ? reply : this.fitUdp(reply, query)
    this.udp?.send(buf, rinfo.port, rinfo.address)
  }

  private serveTcp(socket: net.Socket): void {
    let buffered = Buffer.alloc(0)
    socket.on('error', () => socket.destroy())
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0)
        if (buffered.length < length + 2) return
        const frame = buffered.subarray(2, 2 + length)
        buffered = buffered.subarray(2 + length)
        let query: Packet
        try {
          query = dnsPacket.decode(frame)
        } catch {
          socket.destroy()
          return
        }
        const reply = this.reply(query, 'tcp')
        if (!reply) continue
        const body = Buffer.isBuffer(reply) ? reply : dnsPacket.encode(reply)
        const head = Buffer.alloc(2)
        head.writeUInt16BE(body.length)
        socket.write(Buffer.concat([head, body]))
      }
    })
  }

  /** Truncates to the requester's UDP payload size (512 without EDNS), setting TC. */
  private fitUdp(reply: Packet, query: Packet): Buffer {
    const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined
    const limit = Math.max(512, opt?.udpPayloadSize ?? 512)
    const full = dnsPacket.encode(reply)
    if (full.length <= limit) return full
    return dnsPacket.encode({
      ...reply,
      flags: (reply.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE,
      answers: [],
      authorities: [],
      additionals: [],
    })
  }

  private reply(query: Packet, transport: 'udp' | 'tcp'): Packet | Buffer | undefined {
    const question = query.questions?.[0]
    if (!question) return undefined
    this.log.push({ name: bareName(question.name), type: question.type, transport })
    const hooked = this.options.hook?.(question, transport)
    if (hooked === 'drop') return undefined
    // A hook's packet answers this query: give it the query's id (and question) so the client accepts it.
    if (hooked && !Buffer.isBuffer(hooked))
      return { ...hooked, id: query.id, questions: hooked.questions ?? [question] }
    if (hooked) return hooked
    return this.answer(query, question)
  }

  private inZone(name: string): string | undefined {
    if (this.zones.length === 0) return ''
    return this.zones
      .filter((z) => name === z || name.endsWith(`.${z}`))
      .sort((a, b) => b.length - a.length)[0]
  }

  /** The zone's answer: records, CNAME chasing inside the zone, NODATA or NXDOMAIN with the SOA. */
  answer(query: Packet, question: Question): Packet {
    const name = bareName(question.name)
    const base: Packet = {
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED),
      questions: [question],
      answers: [],
      authorities: [],
    }
    const zone = this.inZone(name)
    if (zone === undefined) return { ...base, flags: 5, answers: [] } // REFUSED, not authoritative
    const answers: Answer[] = []
    let current = name
    const seen = new Set<string>()
    for (let depth = 0; depth < 10; depth++) {
      const exact = this.lookup(current)
      const wanted = exact.filter((r) => r.type === question.type || (question.type as string) === 'ANY')
      if (wanted.length > 0) {
        answers.push(...wanted.map((r) => toAnswer(r, current)))
        return { ...base, answers }
      }
      const cname = exact.find((r) => r.type === 'CNAME')
      if (cname && question.type !== 'CNAME') {
        answers.push(toAnswer(cname, current))
        const target = bareName(String(cname.data))
        if (seen.has(target) || this.inZone(target) === undefined) return { ...base, answers }
        seen.add(current)
        current = target
        continue
      }
      if (exact.length > 0 || this.hasDescendant(current))
        return { ...base, answers, authorities: this.soa(current) }
      return { ...base, answers, flags: (base.flags ?? 0) | 3, authorities: this.soa(current) } // NXDOMAIN
    }
    return { ...base, answers }
  }

  /** Exact records for a name, else a matching wildcard's, renamed. */
  private lookup(name: string): ZoneRecord[] {
    const exact = this.records.filter((r) => r.name === name)
    if (exact.length > 0 || this.hasDescendant(name)) return exact
    const parts = name.split('.')
    for (let i = 1; i < parts.length; i++) {
      const wildcard = `*.${parts.slice(i).join('.')}`
      const hits = this.records.filter((r) => r.name === wildcard)
      if (hits.length > 0) return hits
      if (this.records.some((r) => r.name === parts.slice(i).join('.'))) break
    }
    return []
  }

  private hasDescendant(name: string): boolean {
    return this.records.some((r) => r.name.endsWith(`.${name}`) && !r.name.startsWith('*.'))
  }

  private soa(name: string): Answer[] {
    const zone = this.inZone(name)
    const soa = this.records.find(
      (r) => r.type === 'SOA' && (zone ? r.name === zone : name === r.name || name.endsWith(`.${r.name}`)),
    )
    return soa ? [toAnswer(soa, soa.name)] : []
  }
}

function toAnswer(r: ZoneRecord, owner: string): Answer {
  const data = r.type === 'TXT' ? splitTxt(r.data) : r.data
  return { name: owner, type: r.type, ttl: r.ttl ?? 300, class: 'IN', data } as Answer
}

/** TXT character-strings hold at most 255 bytes (RFC 1035 §3.3.14): longer values are split, as zone files do. */
function splitTxt(data: unknown): Buffer[] {
  return (Array.isArray(data) ? data : [data]).flatMap((s: unknown) => {
    const bytes = Buffer.isBuffer(s) ? s : Buffer.from(String(s))
    const out: Buffer[] = []
    for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255))
    return out.length > 0 ? out : [bytes]
  })
}
