// Name resolution for connections: through the engagement's resolver (dns-packet) or the OS.
import { getServers } from 'node:dns'
import { lookup } from 'node:dns/promises'
import net from 'node:net'
import type { RecordType } from 'dns-packet'
import {
  dnsQuery,
  type DnsQueryOptions,
  type DnsQueryResult,
  type DnsRecord,
  type DnsServer,
} from './dns/client'
import { failure, ok, type Result } from '../core/result'

/** Where a name led: the CNAME chain followed and the addresses at its end. */
export interface Resolution {
  name: string
  chain: string[]
  addresses: string[]
  via: 'resolver' | 'os' | 'literal'
}

/** Where a CNAME chain ended, for checks that judge the chain itself (dangling, resolves). */
export interface ChainWalk {
  chain: string[]
  /** `addresses`, or the DNS outcome at the end of the chain (NXDOMAIN, NODATA, SERVFAIL, a client error code…). */
  terminal: string
  terminalName: string
  addresses: string[]
  message?: string
}

const MAX_CHAIN = 8

export class Resolver {
  constructor(
    private readonly server: DnsServer | undefined,
    private readonly options: { timeoutMs: number; signal?: AbortSignal },
  ) {}

  /** Asks the configured server (or the OS's first nameserver) one question. */
  async query(name: string, type: RecordType, extra: DnsQueryOptions = {}): Promise<DnsQueryResult> {
    const server = this.server ?? systemServer()
    return dnsQuery(server, name, type, {
      timeoutMs: this.options.timeoutMs,
      signal: this.options.signal,
      ...extra,
    })
  }

  /** The addresses of `name`, following CNAMEs with loop and depth limits. */
  async addresses(name: string): Promise<Result<Resolution>> {
    if (net.isIP(name)) return ok({ name, chain: [], addresses: [name], via: 'literal' })
    if (!this.server) {
      try {
        const found = await lookup(name, { all: true })
        return ok({ name, chain: [], addresses: found.map((a) => a.address), via: 'os' })
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code === 'ENOTFOUND' ? 'DNS_NXDOMAIN' : 'DNS_FAILED'
        return failure(code, `${name} does not resolve (${(err as Error).message})`)
      }
    }
    const [v4, v6] = await Promise.all([this.follow(name, 'A'), this.follow(name, 'AAAA')])
    if (v4.ok && v4.value.addresses.length > 0) {
      return v6.ok ? ok({ ...v4.value, addresses: [...v4.value.addresses, ...v6.value.addresses] }) : v4
    }
    if (v6.ok && v6.value.addresses.length > 0) return v6
    if (!v4.ok) return v4
    return failure('DNS_NODATA', `${name} has no A or AAAA record`)
  }

  /**
   * Follows the CNAME chain of `name` for one address type, keeping every hop and how the chain ended:
   * `addresses`, a DNS outcome (NXDOMAIN, NODATA, SERVFAIL…) or a client code (DNS_TIMEOUT, DNS_CNAME_LOOP…).
   */
  async walk(name: string, type: 'A' | 'AAAA'): Promise<ChainWalk> {
    const chain: string[] = []
    const seen = new Set<string>([name])
    let current = name
    for (let hop = 0; hop <= MAX_CHAIN; hop++) {
      const result = await this.query(current, type)
      if (!result.ok)
        return {
          chain,
          terminal: result.error.code,
          terminalName: current,
          addresses: [],
          message: result.error.message,
        }
      const r = result.response
      const before = current
      for (let cname = cnameOf(r.answers, current); cname; cname = cnameOf(r.answers, current)) {
        if (seen.has(cname)) {
          const message = `CNAME loop: ${[name, ...chain, cname].join(' → ')}`
          return {
            chain: [...chain, cname],
            terminal: 'DNS_CNAME_LOOP',
            terminalName: cname,
            addresses: [],
            message,
          }
        }
        if (chain.length >= MAX_CHAIN) break
        seen.add(cname)
        chain.push(cname)
        current = cname
      }
      if (r.rcode !== 'NOERROR') return { chain, terminal: r.rcode, terminalName: current, addresses: [] }
      const addresses = r.answers.filter((a) => a.type === type && a.name === current).map((a) => a.data)
      if (addresses.length > 0) return { chain, terminal: 'addresses', terminalName: current, addresses }
      if (current === before) return { chain, terminal: 'NODATA', terminalName: current, addresses: [] }
      // The answer ended on a CNAME target it did not resolve: ask again for that name.
    }
    const message = `CNAME chain from ${name} is longer than ${MAX_CHAIN}`
    return { chain, terminal: 'DNS_CNAME_DEPTH', terminalName: current, addresses: [], message }
  }

  private async follow(name: string, type: 'A' | 'AAAA'): Promise<Result<Resolution>> {
    const w = await this.walk(name, type)
    if (w.terminal === 'addresses' || w.terminal === 'NODATA')
      return ok({ name, chain: w.chain, addresses: w.addresses, via: 'resolver' })
    if (w.terminal === 'NXDOMAIN') {
      const where = w.chain.length > 0 ? ` (CNAME chain ${[name, ...w.chain].join(' → ')})` : ''
      return failure('DNS_NXDOMAIN', `${w.terminalName} does not exist${where}`)
    }
    if (w.terminal.startsWith('DNS_')) return failure(w.terminal, w.message ?? w.terminal)
    return failure(`DNS_${w.terminal}`, `the resolver answered ${w.terminal} for ${w.terminalName} ${type}`)
  }
}

function cnameOf(answers: readonly DnsRecord[], owner: string): string | undefined {
  return answers.find((a) => a.type === 'CNAME' && a.name === owner)?.data
}

/** The first nameserver of the OS configuration (node:dns reads /etc/resolv.conf at start-up). */
function systemServer(): DnsServer {
  const first = getServers()[0] ?? '127.0.0.1'
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(first)
  return { host: m?.[1] ?? first, port: Number(m?.[2] ?? 53) }
}
