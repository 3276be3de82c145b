// dig as the peer for DNS answers: the same question to the lab's server, read the way our client presents records
// (TXT strings joined, names lower-case without the final dot, MX as "preference exchange"), CNAMEs followed alike.
import { runTool } from '../support'

/** What dig saw for one question: the records, or the DNS_* code our client gives the same outcome. */
export interface DigAnswer {
  outcome: string
  answers: string[]
  chain: string[]
}

interface Rr {
  name: string
  type: string
  data: string
}

const CODES: Readonly<Record<string, string>> = {
  NXDOMAIN: 'DNS_NXDOMAIN',
  SERVFAIL: 'DNS_SERVFAIL',
  REFUSED: 'DNS_REFUSED',
}
const MAX_CHAIN = 8

const bare = (name: string): string => name.toLowerCase().replace(/\.$/, '')

/** One quoted TXT character-string as bytes: \DDD is a decimal byte, \X is X. */
function txtString(quoted: string): Buffer {
  const bytes: number[] = []
  for (let i = 0; i < quoted.length; i++) {
    const ch = quoted[i] ?? ''
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'))
      continue
    }
    const digits = /^\d{3}/.exec(quoted.slice(i + 1))?.[0]
    if (digits) {
      bytes.push(Number(digits))
      i += 3
    } else {
      bytes.push(...Buffer.from(quoted[i + 1] ?? '', 'utf8'))
      i++
    }
  }
  return Buffer.from(bytes)
}

function parseAnswerSection(out: string): Rr[] {
  const records: Rr[] = []
  for (const line of out.split('\n')) {
    if (line.startsWith(';') || line.trim() === '') continue
    const m = /^(\S+)\s+\d+\s+IN\s+(\S+)\s+(.*)$/.exec(line)
    if (!m) continue
    const [, owner = '', type = '', rest = ''] = m
    let data = rest.trim()
    if (type === 'TXT')
      data = Buffer.concat(
        [...rest.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => txtString(q[1] ?? '')),
      ).toString('utf8')
    else if (type === 'MX') {
      const [preference = '', exchange = ''] = data.split(/\s+/)
      data = `${preference} ${bare(exchange)}`
    } else if (type === 'CNAME' || type === 'PTR') data = bare(data)
    else if (type === 'A' || type === 'AAAA') data = data.toLowerCase()
    records.push({ name: bare(owner), type, data })
  }
  return records
}

/** Asks 127.0.0.1:`port` with dig (no recursion), following CNAMEs to other names as our client does. */
export async function dig(port: number, name: string, type: string): Promise<DigAnswer> {
  const chain: string[] = []
  let current = bare(name)
  for (let hop = 0; hop <= MAX_CHAIN; hop++) {
    const out = await runTool('dig', [
      '+norecurse',
      '+noall',
      '+comments',
      '+answer',
      '+time=2',
      '+tries=1',
      '-p',
      String(port),
      '@127.0.0.1',
      current,
      type,
    ])
    const status = /status: ([A-Z]+)/.exec(out)?.[1] ?? 'NO-ANSWER'
    const records = parseAnswerSection(out)
    const before = current
    for (
      let target = records.find((r) => r.type === 'CNAME' && r.name === current)?.data;
      target && !chain.includes(target);
      target = records.find((r) => r.type === 'CNAME' && r.name === current)?.data
    ) {
      chain.push(target)
      current = target
    }
    if (status !== 'NOERROR') return { outcome: CODES[status] ?? `DNS_${status}`, answers: [], chain }
    const answers = records.filter((r) => r.type === type && r.name === current).map((r) => r.data)
    if (answers.length > 0) return { outcome: 'answer', answers, chain }
    if (current === before) return { outcome: 'DNS_NODATA', answers: [], chain }
  }
  return { outcome: 'DNS_CNAME_LOOP', answers: [], chain }
}
