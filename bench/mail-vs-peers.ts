// Our mail answers against real peers on the demo lab's mail domains, side by side: Debian's pyspf for SPF
// check_host(), dig for every DNS answer the mail checks used (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT), and curl for
// the MTA-STS policy file. Every peer asks only the lab (dig and pyspf its DNS port, curl its HTTPS port by address).
// Run: npm run bench:mail, after `sh scripts/install-test-deps.sh` (dig, pyspf, dnspython, curl). Exits 1 on a
// disagreement (we call +all a failure in the lint; check_host itself, like pyspf, says pass).
import { withLab, runTool } from './support'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { runAudit } from '../src/engine/runner'
import { MemoryCredentials } from '../src/keychain/keychain'
import { checkHost, lintSpf } from '../src/mail/spf'
import type { MailDnsQuery } from '../src/mail/dns-source'
import { serverMailDns } from '../test/helpers/mail-dns'
import { shorten, type MailLookups, type MtaStsLookups } from '../src/probes/mail'
import { dig, type DigAnswer } from './peers/dig'

const MAIL_CHECKS = ['mail.mx', 'mail.spf', 'mail.dkim', 'mail.dmarc', 'mail.mta-sts']
const WIDTH = 44

let disagreements = 0
const totals = { spf: 0, answers: 0, policies: 0 }
const fit = (text: string, width = WIDTH): string => shorten(text, width).padEnd(width)
const same = (a: readonly string[], b: readonly string[]): boolean =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())

/** One side of a row: the records (after the CNAMEs followed), or the outcome code. */
function shown(outcome: string, answers: readonly string[], chain: readonly string[]): string {
  const via = chain.length > 0 ? `→ ${chain.join(' → ')}: ` : ''
  return `${via}${outcome === 'answer' ? answers.join(' | ') : outcome}`
}

/** Compares what our client recorded for each question with what dig gets for the same question now. */
async function compareWithDig(
  port: number,
  label: string,
  queries: readonly MailDnsQuery[],
): Promise<number> {
  const seen = new Set<string>()
  let compared = 0
  for (const q of queries) {
    const key = `${q.type} ${q.name}`
    // An invalid name never became a question; a repeated one was answered from the same server.
    if (seen.has(key) || q.outcome === 'DNS_INVALID_NAME') continue
    seen.add(key)
    const theirs: DigAnswer = await dig(port, q.name, q.type)
    const ours = { outcome: q.outcome, answers: q.answers ?? [], chain: q.chain ?? [] }
    const agree =
      ours.outcome === theirs.outcome && same(ours.answers, theirs.answers) && same(ours.chain, theirs.chain)
    if (!agree) disagreements++
    compared++
    console.log(
      `${label.padEnd(30)} ${fit(key, 44)} ${fit(shown(ours.outcome, ours.answers, ours.chain))} ${fit(shown(theirs.outcome, theirs.answers, theirs.chain))} ${agree ? 'agree' : 'DISAGREE'}`,
    )
    if (!agree) console.log(`  handover: ${JSON.stringify(ours)}\n  dig:      ${JSON.stringify(theirs)}`)
  }
  return compared
}

await withLab('flawed', async (lab, ws) => {
  const server = { host: '127.0.0.1', port: lab.dns.port }
  for (const mode of ['flawed', 'fixed'] as const) {
    lab.setMode(mode)

    // 1. SPF check_host() for each domain and address, ours against pyspf.
    const domains = ['acme.test', 'news.acme.test', 'billing.acme.test']
    const ips = ['192.0.2.10', '203.0.113.77']
    const pairs = domains.flatMap((d) => ips.map((ip) => ({ ip, domain: d })))
    const pyspf = await runTool(
      '/usr/bin/python3',
      [path.join(import.meta.dirname, 'peers', 'pyspf-driver.py'), String(server.port)],
      { input: pairs.map((p) => `${p.ip} ${p.domain}\n`).join('') },
    )
    const theirs = new Map(
      pyspf
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([ip, domain, result]) => [`${ip} ${domain}`, result ?? '?']),
    )
    console.log(`\n== ${mode} lab: SPF check_host() — handover vs pyspf`)
    console.log(
      `${'domain'.padEnd(20)} ${'ip'.padEnd(14)} ${'handover'.padEnd(10)} ${'pyspf'.padEnd(10)} ${'verdict'.padEnd(9)} handover's lint`,
    )
    const checkHostQueries: MailDnsQuery[] = []
    for (const { ip, domain } of pairs) {
      const dns = serverMailDns(server)
      const ours = await checkHost(dns, { ip, domain, sender: `postmaster@${domain}`, helo: domain })
      const lint = await lintSpf(serverMailDns(server), domain, { senders: ['192.0.2.10'] })
      checkHostQueries.push(...dns.queries)
      const peer = theirs.get(`${ip} ${domain}`) ?? '?'
      const agree = ours.result === peer
      if (!agree) disagreements++
      totals.spf++
      const lintWords = lint.findings.map((f) => f.code).join(', ') || 'clean'
      console.log(
        `${domain.padEnd(20)} ${ip.padEnd(14)} ${ours.result.padEnd(10)} ${peer.padEnd(10)} ${(agree ? 'agree' : 'DISAGREE').padEnd(9)} ${lintWords}`,
      )
    }

    // 2. Every DNS answer the mail checks judged, as the audit stored it, against dig.
    const run = await runAudit({
      workspace: ws,
      credentials: new MemoryCredentials(lab.credentials()),
      selection: { checks: MAIL_CHECKS },
    })
    console.log(`\n== ${mode} lab: every DNS answer the mail checks used — handover (as stored) vs dig`)
    console.log(
      `${'probe'.padEnd(30)} ${'question'.padEnd(44)} ${'handover'.padEnd(WIDTH)} ${'dig'.padEnd(WIDTH)} verdict`,
    )
    let compared = 0
    const mail = Object.values(run.observations).filter((o) => o.kind.startsWith('mail.'))
    for (const obs of mail.sort((a, b) => a.key.localeCompare(b.key))) {
      const data = obs.data as MailLookups | undefined
      if (!data) {
        disagreements++
        console.log(`${obs.key}: the probe failed (${obs.error?.code ?? 'no data'}), nothing to compare`)
        continue
      }
      compared += await compareWithDig(server.port, `${obs.kind}:${obs.subject}`.slice(5), data.queries)
    }
    compared += await compareWithDig(server.port, 'spf check_host', checkHostQueries)
    const kinds = [...new Set(mail.map((o) => o.kind))].join(', ')
    console.log(`dig: ${compared} distinct questions from ${kinds} and check_host, each asked again`)
    totals.answers += compared

    // 3. The MTA-STS policy file as the probe fetched it, against curl (connected by address: no resolver asked).
    for (const obs of mail.filter((o) => o.kind === 'mail.mta-sts-policy')) {
      const data = obs.data as MtaStsLookups | undefined
      const exchange = data?.policy.exchanges[0]
      const url = new URL(data?.policyUrl ?? 'https://invalid.test/')
      const host = lab.hosts.find((h) => h.name === url.hostname)
      if (!data || !host) continue
      const body = await runTool(
        'curl',
        [
          '-sS',
          '--max-time',
          '5',
          '--max-redirs',
          '0',
          '--cacert',
          lab.caFile,
          '--connect-to',
          `${url.hostname}:443:127.0.0.1:${host.httpsPort}`,
          '-w',
          '\n%{http_code}',
          url.href,
        ],
        { okCodes: [0, 22] },
      )
      const status = Number(body.slice(body.lastIndexOf('\n') + 1))
      const text = body.slice(0, body.lastIndexOf('\n'))
      const digest = createHash('sha256').update(text).digest('hex')
      const ours = exchange ? `${exchange.status} sha256:${exchange.bodySha256.slice(0, 16)}` : 'no exchange'
      const peer = `${status} sha256:${digest.slice(0, 16)}`
      const agree = ours === peer
      if (!agree) disagreements++
      totals.policies++
      console.log(
        `\nMTA-STS policy ${url.href}: handover ${ours}, curl ${peer}: ${agree ? 'agree' : 'DISAGREE'}`,
      )
    }
  }
  console.log(
    `\n${totals.spf} SPF results (pyspf), ${totals.answers} DNS answers (dig) and ${totals.policies} MTA-STS policies (curl) compared; ${disagreements} disagreement(s).`,
  )
  process.exitCode = disagreements === 0 ? 0 : 1
})
