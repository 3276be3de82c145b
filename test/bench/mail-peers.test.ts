// The mail benchmark's peers, run as the benchmark runs them against an authoritative DNS server on port 0: pyspf
// through its driver (and the packages it needs in the test setup), and dig read the way our client reads answers.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dig } from '../../bench/peers/dig'
import { runTool } from '../../bench/support'
import { AuthoritativeDnsServer, type ZoneRecord } from '../../src/lab/dns-server'
import { serverMailDns } from '../helpers/mail-dns'
import { haveTools } from '../helpers/tools'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DRIVER = path.join(ROOT, 'bench', 'peers', 'pyspf-driver.py')
const PYTHON = '/usr/bin/python3'

const txt = (name: string, text: string): ZoneRecord => ({
  name,
  type: 'TXT',
  data: text.match(/.{1,255}/gs) ?? [''],
})
const RECORDS: ZoneRecord[] = [
  {
    name: 'acme.test',
    type: 'SOA',
    data: {
      mname: 'ns.acme.test',
      rname: 'hostmaster.acme.test',
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 1209600,
      minimum: 300,
    },
  },
  txt('acme.test', 'v=spf1 ip4:192.0.2.10 include:_spf.acme.test -all'),
  txt('_spf.acme.test', 'v=spf1 ip4:198.51.100.0/24 -all'),
  txt('_dmarc.acme.test', 'v=DMARC1; p=reject; rua=mailto:dmarc@acme.test'),
  txt('s1._domainkey.acme.test', `v=DKIM1; k=rsa; p=${'A'.repeat(392)}`),
  { name: 'acme.test', type: 'MX', data: { preference: 10, exchange: 'mx1.acme.test' } },
  { name: 'mx1.acme.test', type: 'A', data: '192.0.2.25' },
  { name: 'null.acme.test', type: 'MX', data: { preference: 0, exchange: '.' } },
  { name: 'selector1._domainkey.acme.test', type: 'CNAME', data: 'selector1.dkim.acme.test' },
  txt('selector1.dkim.acme.test', 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='),
]

/** The Debian package that ships `file`, by dpkg. */
const packageOf = (file: string): string =>
  execFileSync('dpkg', ['-S', file], { encoding: 'utf8' }).split(':')[0]!

describe.skipIf(!haveTools('mail benchmark peers', 'dig', 'dpkg', PYTHON))('the mail benchmark peers', () => {
  let server: AuthoritativeDnsServer
  let port: number
  beforeAll(async () => {
    server = new AuthoritativeDnsServer({ zones: ['acme.test'], records: RECORDS })
    port = await server.start()
  })
  afterAll(() => server.stop())

  // Bug: the pyspf driver imports dnspython (`import dns.resolver`), which python3-spf does not pull in, and
  // scripts/install-test-deps.sh did not install it: bench/mail-vs-peers died with ModuleNotFoundError: dns.
  // Fix: the script installs python3-dnspython (and curl, the benchmark's peer for the MTA-STS policy).
  it('Bug: bench/mail-vs-peers fails as shipped (ModuleNotFoundError: dns)', async () => {
    const out = await runTool(PYTHON, [DRIVER, String(port)], {
      input: '192.0.2.10 acme.test\n198.51.100.7 acme.test\n203.0.113.1 acme.test\n',
    })
    expect(out.trim().split('\n')).toEqual([
      '192.0.2.10 acme.test pass',
      '198.51.100.7 acme.test pass',
      '203.0.113.1 acme.test fail',
    ])
    // Every module the driver imports comes from a package the test setup installs.
    const modules = execFileSync(
      PYTHON,
      ['-c', 'import dns, spf; print(dns.__file__); print(spf.__file__)'],
      {
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
    const script = readFileSync(path.join(ROOT, 'scripts', 'install-test-deps.sh'), 'utf8')
    const packages = /^PACKAGES="([^"]*)"/m.exec(script)?.[1]?.split(/\s+/) ?? []
    for (const needed of modules.map(packageOf)) expect(packages).toContain(needed)
    expect(packages).toContain('curl')
  })

  it.each([
    ['TXT', 'acme.test'],
    ['TXT', '_dmarc.acme.test'],
    ['TXT', 's1._domainkey.acme.test'],
    ['TXT', 'selector1._domainkey.acme.test'],
    ['TXT', 'google._domainkey.acme.test'],
    ['TXT', 'mx1.acme.test'],
    ['MX', 'acme.test'],
    ['MX', 'null.acme.test'],
    ['A', 'mx1.acme.test'],
  ] as const)('dig reads %s %s as our client does', async (type, name) => {
    const ours = serverMailDns({ host: '127.0.0.1', port })
    await (type === 'TXT' ? ours.txt(name) : type === 'MX' ? ours.mx(name) : ours.a(name))
    const [q] = ours.queries
    const theirs = await dig(port, name, type)
    expect(theirs).toEqual({ outcome: q!.outcome, answers: q!.answers ?? [], chain: q!.chain ?? [] })
  })
})
