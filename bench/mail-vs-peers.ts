// Our SPF results and DNS answers against real peers on the demo lab's mail domains: Debian's pyspf for
// check_host() and dig for every answer our client parsed. Run: npm run bench:mail. Exits 1 on a disagreement
// that is not explained (we call +all a failure in the lint; check_host itself, like pyspf, says pass).
import { withLab } from './support'
import { spawn } from 'node:child_process'
import { isIP } from 'node:net'
import path from 'node:path'
import type { RecordType } from 'dns-packet'
import { checkHost, lintSpf } from '../src/mail/spf'
import type { MailDnsQuery } from '../src/mail/dns-source'
import { serverMailDns } from '../test/helpers/mail-dns'
import { dnsQuery } from '../src/network/dns/client'

function run(cmd: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 400)}`)),
    )
    child.stdin.end(input)
  })
}

/** dig +short output as our client presents values: TXT strings joined, names without the final dot. */
function parseDig(type: string, out: string): string[] {
  const lines = out.trim().split('\n').filter(Boolean)
  if (type === 'TXT') {
    return lines.map((l) =>
      [...l.matchAll(/"((?:[^"\\]|\\.)*)"/g)]
        .map((m) =>
          m[1]!
            .replace(/\\(\d{3})/g, (_, d: string) => String.fromCharCode(Number(d)))
            .replace(/\\(.)/g, '$1'),
        )
        .join(''),
    )
  }
  const values = lines.map((l) => l.replace(/\.$/, '').toLowerCase())
  // For A and AAAA, +short also prints the CNAMEs it followed: keep the addresses.
  return type === 'A' || type === 'AAAA' ? values.filter((v) => isIP(v)) : values
}

let disagreements = 0
await withLab('flawed', async (lab) => {
  for (const mode of ['flawed', 'fixed'] as const) {
    lab.setMode(mode)
    const server = { host: '127.0.0.1', port: lab.dns.port }
    const domains = ['acme.test', 'news.acme.test', 'billing.acme.test']
    const ips = ['192.0.2.10', '203.0.113.77']
    const pairs = domains.flatMap((d) => ips.map((ip) => ({ ip, domain: d })))
    const theirs = new Map(
      (
        await run(
          '/usr/bin/python3',
          [path.join(import.meta.dirname, 'peers', 'pyspf-driver.py'), String(server.port)],
          pairs.map((p) => `${p.ip} ${p.domain}\n`).join(''),
        )
      )
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([ip, domain, result]) => [`${ip} ${domain}`, result!]),
    )
    console.log(`\n== ${mode} lab: SPF check_host() — handover vs pyspf`)
    console.log(
      `${'domain'.padEnd(20)} ${'ip'.padEnd(14)} ${'handover'.padEnd(10)} ${'pyspf'.padEnd(10)} ${'verdict'.padEnd(9)} handover's lint`,
    )
    const recorded: MailDnsQuery[] = []
    for (const { ip, domain } of pairs) {
      const dns = serverMailDns(server)
      const ours = await checkHost(dns, { ip, domain, sender: `postmaster@${domain}`, helo: domain })
      const lint = await lintSpf(serverMailDns(server), domain, { senders: ['192.0.2.10'] })
      recorded.push(...dns.queries)
      const peer = theirs.get(`${ip} ${domain}`) ?? '?'
      const agree = ours.result === peer
      if (!agree) disagreements++
      const lintWords = lint.findings.map((f) => f.code).join(', ') || 'clean'
      console.log(
        `${domain.padEnd(20)} ${ip.padEnd(14)} ${ours.result.padEnd(10)} ${peer.padEnd(10)} ${(agree ? 'agree' : 'DISAGREE').padEnd(9)} ${lintWords}`,
      )
    }
    // Every answer our client parsed, asked again with dig.
    const seen = new Set<string>()
    let checked = 0
    for (const q of recorded) {
      const key = `${q.type} ${q.name}`
      if (seen.has(key) || q.outcome !== 'answer') continue
      seen.add(key)
      const ours = await dnsQuery(server, q.name, q.type as RecordType)
      const ourValues = ours.ok
        ? ours.response.answers
            .filter((a) => a.type === q.type)
            .map((a) => (q.type === 'TXT' ? a.data : a.data.toLowerCase()))
        : []
      const digValues = parseDig(
        q.type,
        await run('dig', ['+short', '+norecurse', '-p', String(server.port), '@127.0.0.1', q.name, q.type]),
      )
      const same = JSON.stringify([...ourValues].sort()) === JSON.stringify([...digValues].sort())
      checked++
      if (!same) {
        disagreements++
        console.log(
          `dig DISAGREES on ${key}: ours ${JSON.stringify(ourValues)} dig ${JSON.stringify(digValues)}`,
        )
      }
    }
    console.log(`dig: ${checked} distinct answers our client parsed, each asked again with dig`)
  }
  console.log(`\n${disagreements} disagreement(s).`)
  process.exitCode = disagreements === 0 ? 0 : 1
})
