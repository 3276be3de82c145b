// The one CNAME walker: connections, the DNS inventory and the mail engines all follow chains the same way.
import type { Problem } from '../core/result'
import type { DnsFailureCode, DnsQueryResult, DnsRecord, DnsResponse } from './dns/client'
import { DNS } from './codes'
import { bareName } from './scope'

/** Longest CNAME chain followed; one more hop ends as DNS_CNAME_DEPTH. */
export const MAX_CNAME_CHAIN = 8

/** Where a chain led: the final response and its records, or the failure that ended the walk. */
export interface CnameWalk {
  /** CNAME targets followed from the name asked, in order. */
  chain: string[]
  /** The name the walk ended on. */
  terminalName: string
  /** The last response, for the rcode (absent when the walk failed). */
  response?: DnsResponse
  /** Records of the type asked, owned by `terminalName`. */
  records: DnsRecord[]
  /** A client failure, a refusal of the network layer, a loop or a chain longer than MAX_CNAME_CHAIN. */
  failure?: Problem<DnsFailureCode>
}

function cnameOf(answers: readonly DnsRecord[], owner: string): string | undefined {
  return answers.find((a) => a.type === 'CNAME' && a.name === owner)?.data
}

/**
 * Asks for `type` at `name` and follows CNAMEs, inside one answer and across answers that stop at a target
 * they did not resolve, with loop and depth limits.
 */
export async function walkCname(
  ask: (name: string) => Promise<DnsQueryResult>,
  name: string,
  type: string,
): Promise<CnameWalk> {
  const start = bareName(name)
  const chain: string[] = []
  const seen = new Set<string>([start])
  let current = start
  for (;;) {
    const asked = await ask(current)
    if (!asked.ok) return { chain, terminalName: current, records: [], failure: asked.error }
    const response = asked.value
    const before = current
    for (let cname = cnameOf(response.answers, current); cname; cname = cnameOf(response.answers, current)) {
      if (seen.has(cname))
        return {
          chain: [...chain, cname],
          terminalName: cname,
          records: [],
          failure: { code: DNS.CNAME_LOOP, message: `CNAME loop: ${[start, ...chain, cname].join(' → ')}` },
        }
      if (chain.length >= MAX_CNAME_CHAIN)
        return {
          chain,
          terminalName: current,
          records: [],
          failure: {
            code: DNS.CNAME_DEPTH,
            message: `CNAME chain from ${start} is longer than ${MAX_CNAME_CHAIN} hops`,
          },
        }
      seen.add(cname)
      chain.push(cname)
      current = cname
    }
    if (response.rcode !== 'NOERROR') return { chain, terminalName: current, response, records: [] }
    const records = response.answers.filter((a) => a.type === type && a.name === current)
    // No records and no new hop: the name exists without this type (NODATA).
    if (records.length > 0 || current === before) return { chain, terminalName: current, response, records }
    // The answer ended on a CNAME target it did not resolve: ask again for that name.
  }
}
