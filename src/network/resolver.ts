// Name resolution for connections: every question goes through the network layer's DNS chokepoint.
import { lookup } from 'node:dns/promises'
import net from 'node:net'
import type { RecordType } from 'dns-packet'
import type { DnsQueryResult } from './dns/client'
import { failure, ok, type Result } from '../core/result'
import { walkCname } from './cname'
import { ANSWER, codeOfRcode, DNS, isNxdomain, type NetworkCode, isNetworkCode } from './codes'
import type { Recorder } from './recorder'

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

/** Asks one question through the network layer (budget, rate, transcript). */
export type DnsAsk = (name: string, type: RecordType, rec: Recorder) => Promise<DnsQueryResult>

/** Addresses and CNAME chains through the engagement's resolver (or the OS), every question through Network.dns. */
export class Resolver {
  constructor(
    private readonly ask: DnsAsk,
    /** False when the engagement names no resolver: addresses then come from the OS (getaddrinfo). */
    private readonly configured: boolean,
    /** Counts an OS lookup against the budget, as one question. */
    private readonly spend: (name: string, rec: Recorder) => Promise<Result<void, NetworkCode>>,
  ) {}

  /** Asks the configured server (or the OS's first nameserver) one question. */
  query(name: string, type: RecordType, rec: Recorder): Promise<DnsQueryResult> {
    return this.ask(name, type, rec)
  }

  /** The addresses of `name`, following CNAMEs with loop and depth limits. */
  async addresses(name: string, rec: Recorder): Promise<Result<Resolution, NetworkCode>> {
    if (net.isIP(name)) return ok({ name, chain: [], addresses: [name], via: 'literal' })
    if (!this.configured) {
      const slot = await this.spend(name, rec)
      if (!slot.ok) return slot
      try {
        const found = await lookup(name, { all: true })
        return ok({ name, chain: [], addresses: found.map((a) => a.address), via: 'os' })
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code === 'ENOTFOUND' ? DNS.NXDOMAIN : DNS.FAILED
        return failure(code, `${name} does not resolve (${(err as Error).message})`)
      }
    }
    const [v4, v6] = await Promise.all([this.follow(name, 'A', rec), this.follow(name, 'AAAA', rec)])
    if (v4.ok && v4.value.addresses.length > 0) {
      return v6.ok ? ok({ ...v4.value, addresses: [...v4.value.addresses, ...v6.value.addresses] }) : v4
    }
    if (v6.ok && v6.value.addresses.length > 0) return v6
    if (!v4.ok) return v4
    return failure(DNS.NODATA, `${name} has no A or AAAA record`)
  }

  /**
   * Follows the CNAME chain of `name` for one address type, keeping every hop and how the chain ended:
   * `addresses`, a DNS outcome (NXDOMAIN, NODATA, SERVFAIL…) or a code (DNS_TIMEOUT, DNS_CNAME_DEPTH…).
   */
  async walk(name: string, type: 'A' | 'AAAA', rec: Recorder): Promise<ChainWalk> {
    const w = await walkCname((n) => this.ask(n, type, rec), name, type)
    const base = { chain: w.chain, terminalName: w.terminalName }
    if (w.failure) return { ...base, terminal: w.failure.code, addresses: [], message: w.failure.message }
    const rcode = w.response?.rcode ?? 'NOERROR'
    if (rcode !== 'NOERROR') return { ...base, terminal: rcode, addresses: [] }
    if (w.records.length > 0)
      return { ...base, terminal: ANSWER.ADDRESSES, addresses: w.records.map((r) => r.data) }
    return { ...base, terminal: ANSWER.NODATA, addresses: [] }
  }

  private async follow(
    name: string,
    type: 'A' | 'AAAA',
    rec: Recorder,
  ): Promise<Result<Resolution, NetworkCode>> {
    const w = await this.walk(name, type, rec)
    if (w.terminal === ANSWER.ADDRESSES || w.terminal === ANSWER.NODATA)
      return ok({ name, chain: w.chain, addresses: w.addresses, via: 'resolver' })
    if (isNxdomain(w.terminal)) {
      const where = w.chain.length > 0 ? ` (CNAME chain ${[name, ...w.chain].join(' → ')})` : ''
      return failure(DNS.NXDOMAIN, `${w.terminalName} does not exist${where}`)
    }
    if (w.message) return failure(isNetworkCode(w.terminal) ? w.terminal : DNS.FAILED, w.message)
    return failure(
      codeOfRcode(w.terminal),
      `the resolver answered ${w.terminal} for ${w.terminalName} ${type}`,
    )
  }
}
