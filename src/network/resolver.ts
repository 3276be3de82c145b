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

  private async follow(name: string, type: 'A' | 'AAAA'): Promise<Result<Resolution>> {
    const chain: string[] = []
    const seen = new Set<string>([name])
    let current = name
    for (let hop = 0; hop <= MAX_CHAIN; hop++) {
      const result = await this.query(current, type)
      if (!result.ok) return failure(result.error.code, result.error.message)
      const r = result.response
      const before = current
      for (let cname = cnameOf(r.answers, current); cname; cname = cnameOf(r.answers, current)) {
        if (seen.has(cname))
          return failure('DNS_CNAME_LOOP', `CNAME loop: ${[name, ...chain, cname].join(' → ')}`)
        if (chain.length >= MAX_CHAIN)
          return failure('DNS_CNAME_DEPTH', `CNAME chain from ${name} is longer than ${MAX_CHAIN}`)
        seen.add(cname)
        chain.push(cname)
        current = cname
      }
      if (r.rcode === 'NXDOMAIN') {
        const where = chain.length > 0 ? ` (CNAME chain ${[name, ...chain].join(' → ')})` : ''
        return failure('DNS_NXDOMAIN', `${current} does not exist${where}`)
      }
      if (r.rcode !== 'NOERROR')
        return failure(`DNS_${r.rcode}`, `${r.server} answered ${r.rcode} for ${current} ${type}`)
      const addresses = r.answers.filter((a) => a.type === type && a.name === current).map((a) => a.data)
      if (addresses.length > 0 || current === before) return ok({ name, chain, addresses, via: 'resolver' })
      // The answer ended on a CNAME target it did not resolve: ask again for that name.
    }
    return failure('DNS_CNAME_DEPTH', `CNAME chain from ${name} is longer than ${MAX_CHAIN}`)
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
