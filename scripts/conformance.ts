// Conformance of the mail engines against public oracles in ../shared/oracles (never copied into the repo).
//
//   SPF   rfc7208-tests.yml (pyspf): every scenario's zonedata served by a real AuthoritativeDnsServer on
//         127.0.0.1 over UDP/TCP, check_host() run through serverMailDns, result (and explanation) compared.
//   DMARC dmarc-parse-vectors.json (mox): 35 records that must be rejected, 6 that must parse to given tags.
//   DKIM  dkimpy's key records: each file classified and compared with the expectations documented below.
//   Secrets secretlint's rule fixtures: ng cases found on their lines, ok cases clean (scripts/conformance-secrets.ts).
//
// Exit 0 only when everything matches. `--verbose` lists every SPF test, not only the failures.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import type { Question, RecordType } from 'dns-packet'
import YAML from 'yaml'
import { AuthoritativeDnsServer, type ZoneRecord } from '../src/lab/dns-server'
import { serverMailDns } from '../test/helpers/mail-dns'
import { checkHost, spfIdentity } from '../src/mail/spf'
import { parseDmarcRecord } from '../src/mail/dmarc'
import { assessDkimKey, dkimRecordText, type DkimKeyAssessment } from '../src/mail/dkim'
import { reportSecretlintConformance } from './conformance-secrets'

/** `--verbose` prints every SPF test with the reason behind its result. */
const verbose = process.argv.includes('--verbose')
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const oracles = path.resolve(repoRoot, '..', 'shared', 'oracles')

/** Reads an oracle file or stops the run naming the path it looked for. */
function oracle(...parts: string[]): string {
  const file = path.resolve(oracles, ...parts)
  if (!existsSync(file)) {
    console.error(`conformance: missing oracle ${file} (expected the shared oracles next to the repository)`)
    process.exit(1)
  }
  return file
}

interface Tally {
  name: string
  passed: number
  total: number
  failures: string[]
}

// ---------------------------------------------------------------------------------------------------------------
// SPF
// ---------------------------------------------------------------------------------------------------------------

interface SpfTestCase {
  host: string
  mailfrom: string
  helo: string
  result: string | string[]
  explanation?: string
}

interface SpfScenario {
  description: string
  tests: Record<string, SpfTestCase>
  zonedata: Record<string, unknown[]>
}

/** The zone of one scenario: records to serve, and per name the types that time out. */
interface ScenarioZone {
  records: ZoneRecord[]
  timeouts: Map<string, Set<string>>
}

/**
 * Turns a scenario's zonedata into served records, the way pyspf's driver (test/testspf.py, getrdata and DNSLookup)
 * reads it:
 * - An `SPF` entry is served as a real type-99 record (dns-packet encodes unknown types from raw rdata) and, as the
 *   suite's header says drivers must, duplicated to TXT unless the name lists any TXT entry of its own. The
 *   "Selecting records" scenario depends on that rule: e.g. example4.com has SPF +all and TXT -all, and only the TXT
 *   counts (check_host() never asks for type 99, as RFC 7208 §3.1 and §14.1 require).
 * - `TXT: NONE` serves nothing but still suppresses the duplication.
 * - `TIMEOUT`: a question for a type with no entry before it gets no reply (the hook drops it, over UDP and TCP);
 *   entries after it, including generated TXT, are never served.
 * - TXT values may be one string or a list of character-strings; a list is served as one record of several strings.
 *   Code points up to U+00FF (the suite's \xNN escapes) are sent as those single bytes, as the suite intends.
 */
function buildZone(zonedata: Record<string, unknown[]>): ScenarioZone {
  const records: ZoneRecord[] = []
  const timeouts = new Map<string, Set<string>>()
  for (const [owner, entries] of Object.entries(zonedata)) {
    const name = owner.toLowerCase()
    const ordered: { type: string; value: unknown }[] = []
    const generated: { type: string; value: unknown }[] = []
    let hasTxt = false
    for (const entry of entries ?? []) {
      if (entry === 'TIMEOUT') {
        ordered.push({ type: 'TIMEOUT', value: null })
        continue
      }
      for (const [type, value] of Object.entries(entry as Record<string, unknown>)) {
        if (type === 'TXT') hasTxt = true
        else if (type === 'SPF' && !hasTxt) generated.push({ type: 'TXT', value })
        if (value !== 'NONE') ordered.push({ type, value })
      }
    }
    if (!hasTxt) ordered.push(...generated)
    const cut = ordered.findIndex((e) => e.type === 'TIMEOUT')
    const served = cut < 0 ? ordered : ordered.slice(0, cut)
    if (cut >= 0) {
      const answered = new Set(served.map((e) => e.type))
      const dropped = new Set(
        ['A', 'AAAA', 'MX', 'PTR', 'TXT', 'SPF', 'CNAME'].filter((t) => !answered.has(t)),
      )
      timeouts.set(name, dropped)
    }
    for (const { type, value } of served) records.push(zoneRecord(name, type, value))
  }
  return { records, timeouts }
}

function zoneRecord(name: string, type: string, value: unknown): ZoneRecord {
  switch (type) {
    case 'TXT':
      return { name, type: 'TXT', data: characterStrings(value) }
    case 'SPF':
      return { name, type: 'SPF' as RecordType, data: txtRdata(characterStrings(value)) }
    case 'MX': {
      const [preference, exchange] = value as [number, string]
      return { name, type: 'MX', data: { preference, exchange } }
    }
    case 'A':
    case 'AAAA':
    case 'PTR':
    case 'CNAME':
      return { name, type, data: String(value) }
    default:
      throw new Error(`zonedata type ${type} at ${name} is not handled by this driver`)
  }
}

/** TXT character-strings as bytes, split at 255 octets. */
function characterStrings(value: unknown): Buffer[] {
  const strings = Array.isArray(value) ? value.map(String) : [String(value)]
  const out: Buffer[] = []
  for (const s of strings) {
    const bytes = [...s].every((c) => c.charCodeAt(0) <= 0xff)
      ? Buffer.from(s, 'latin1')
      : Buffer.from(s, 'utf8')
    if (bytes.length === 0) out.push(bytes)
    for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255))
  }
  return out
}

/** Type-99 rdata has TXT's wire format; dns-packet sends it as opaque bytes. */
function txtRdata(strings: Buffer[]): Buffer {
  return Buffer.concat(strings.flatMap((s) => [Buffer.from([s.length]), s]))
}

async function runSpf(): Promise<Tally> {
  const file = oracle('spf', 'rfc7208-tests.yml')
  const scenarios = YAML.parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as SpfScenario)
  const tally: Tally = { name: 'SPF RFC 7208', passed: 0, total: 0, failures: [] }
  for (const scenario of scenarios) {
    const zone = buildZone(scenario.zonedata ?? {})
    const hook = (question: Question): 'drop' | undefined =>
      zone.timeouts.get(question.name.toLowerCase().replace(/\.$/, ''))?.has(question.type)
        ? 'drop'
        : undefined
    const server = new AuthoritativeDnsServer({ records: zone.records, hook })
    const port = await server.start()
    try {
      for (const [id, test] of Object.entries(scenario.tests)) {
        tally.total++
        // Short timeouts keep the suite's TIMEOUT entries cheap; everything else answers in well under a millisecond.
        const dns = serverMailDns({ host: '127.0.0.1', port }, { timeoutMs: 300, retries: 0, record: false })
        const helo = String(test.helo)
        const { sender, domain } = spfIdentity(String(test.mailfrom ?? ''), helo)
        const outcome = await checkHost(
          dns,
          { ip: String(test.host), domain, sender, helo },
          { defaultExplanation: 'DEFAULT' },
        )
        const accepted = Array.isArray(test.result) ? test.result : [test.result]
        const resultOk = accepted.includes(outcome.result)
        const explanationOk = test.explanation === undefined || test.explanation === outcome.explanation
        const expected = `${accepted.join('|')}${test.explanation !== undefined ? ` "${test.explanation}"` : ''}`
        const got = `${outcome.result}${outcome.explanation !== undefined ? ` "${outcome.explanation}"` : ''}`
        const why = outcome.problem ? ` (${outcome.problem.code}: ${outcome.problem.message})` : ''
        const line = `${scenario.description} / ${id}: expected ${expected}, got ${got}${why}`
        if (verbose) console.log(`  ${resultOk && explanationOk ? 'ok  ' : 'FAIL'} ${line}`)
        if (resultOk && explanationOk) tally.passed++
        else tally.failures.push(line)
      }
    } finally {
      await server.stop()
    }
  }
  return tally
}

// ---------------------------------------------------------------------------------------------------------------
// DMARC
// ---------------------------------------------------------------------------------------------------------------

interface DmarcVectors {
  invalid: { record: string; why: string }[]
  valid: { record: string; expect: Record<string, unknown> }[]
}

function runDmarc(): Tally {
  const vectors = JSON.parse(
    readFileSync(oracle('dmarc', 'dmarc-parse-vectors.json'), 'utf8'),
  ) as DmarcVectors
  const tally: Tally = { name: 'DMARC parse', passed: 0, total: 0, failures: [] }
  for (const vector of vectors.invalid) {
    tally.total++
    const parsed = parseDmarcRecord(vector.record)
    if (!parsed.ok) tally.passed++
    else
      tally.failures.push(
        `invalid ${JSON.stringify(vector.record)} (${vector.why}): parsed as ${JSON.stringify(parsed.value)}`,
      )
  }
  for (const vector of vectors.valid) {
    tally.total++
    const parsed = parseDmarcRecord(vector.record)
    if (!parsed.ok) {
      tally.failures.push(`valid ${JSON.stringify(vector.record)}: rejected (${parsed.error.message})`)
      continue
    }
    const record = parsed.value as unknown as Record<string, unknown>
    const wrong = Object.entries(vector.expect).filter(
      ([key, value]) => !isDeepStrictEqual(record[key], value),
    )
    if (wrong.length === 0) tally.passed++
    else {
      const detail = wrong
        .map(([k, v]) => `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(record[k])}`)
        .join('; ')
      tally.failures.push(`valid ${JSON.stringify(vector.record)}: ${detail}`)
    }
  }
  return tally
}

// ---------------------------------------------------------------------------------------------------------------
// DKIM
// ---------------------------------------------------------------------------------------------------------------

/**
 * Expected classification of dkimpy's key records (python3-dkim 1.1.4 test data), from how dkimpy treats each:
 * - *_testkey_wo_markers.pub.txt / 2048_testkey_PKCS8.key.pub.txt: SubjectPublicKeyInfo RSA keys that verify.
 * - *_testkey_wo_markers.pub.rsa.txt: the same keys as bare PKCS#1 RSAPublicKey, which dkimpy also accepts
 *   (RFC 6376 §3.6.1's text names RSAPublicKey; practice uses SubjectPublicKeyInfo).
 * - test.txt, test2.txt: the 1024-bit key dkimpy signs its test messages with; test2.txt omits k= (defaults to rsa).
 * - ed25519test.dns, eximtest.dns: RFC 8463 raw 32-byte Ed25519 keys (dkimpy's and Exim's interop tests).
 * - badk.txt: k=ed25519-sha256 is not a key type (dkimpy: "unknown algorithm in k= tag") and p= holds an RSA
 *   key, so the record's key type does not match its key: wrong key type.
 * - badversion.txt: "v=DKIM1:" makes v= something other than DKIM1, so the record must be discarded (§3.6.1).
 * - test_bad.txt: valid base64 whose DER is truncated: the key cannot be loaded (dkimpy fails to parse it).
 * - test_tlsrpt.txt: s=tlsrpt restricts the key to SMTP TLS Reporting (RFC 8460 §3); an email verifier must ignore
 *   it (RFC 6376 §3.6.1 s=), so for mail it is not a usable key.
 */
const DKIM_EXPECTED: Record<string, string> = {
  '1024_testkey_wo_markers.pub.rsa.txt': 'valid rsa 1024',
  '1024_testkey_wo_markers.pub.txt': 'valid rsa 1024',
  '2048_testkey_PKCS8.key.pub.txt': 'valid rsa 2048',
  '2048_testkey_wo_markers.pub.rsa.txt': 'valid rsa 2048',
  '2048_testkey_wo_markers.pub.txt': 'valid rsa 2048',
  'badk.txt': 'invalid DKIM_KEY_TYPE_MISMATCH',
  'badversion.txt': 'invalid DKIM_BAD_VERSION',
  'ed25519test.dns': 'valid ed25519',
  'eximtest.dns': 'valid ed25519',
  'test.txt': 'valid rsa 1024',
  'test2.txt': 'valid rsa 1024',
  'test_bad.txt': 'invalid DKIM_BAD_KEY',
  'test_tlsrpt.txt': 'invalid DKIM_NOT_FOR_EMAIL',
}

function dkimLabel(a: DkimKeyAssessment): string {
  if (a.status === 'valid') return `valid ${a.keyType}${a.keyType === 'rsa' ? ` ${a.bits}` : ''}`
  return `${a.status} ${a.code ?? ''}`.trim()
}

function runDkim(): Tally {
  const dir = path.dirname(oracle('dkim', 'test.txt'))
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt') || f.endsWith('.dns'))
    .sort()
  const tally: Tally = { name: 'DKIM records', passed: 0, total: 0, failures: [] }
  for (const file of files) {
    tally.total++
    const assessment = assessDkimKey(dkimRecordText(readFileSync(path.join(dir, file), 'utf8')))
    const got = dkimLabel(assessment)
    const expected = DKIM_EXPECTED[file]
    const line = `${file}: expected ${expected ?? '(no expectation documented)'}, got ${got}`
    console.log(`  ${expected === got ? 'ok  ' : 'FAIL'} ${line}`)
    if (expected === got) tally.passed++
    else tally.failures.push(line)
  }
  for (const file of Object.keys(DKIM_EXPECTED).filter((f) => !files.includes(f))) {
    tally.total++
    tally.failures.push(`${file}: expected in ${dir} but missing`)
  }
  return tally
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now()
  // Secrets first: on a lone clone it says loudly that it did not run (and fails under CI=true).
  const secrets = reportSecretlintConformance()
  if (secrets === 'not-run' && process.env.CI === 'true') {
    console.error('conformance: the secretlint oracle is required in CI')
    process.exit(1)
  }
  // The mail suites need the shared oracles too: on a lone clone they say so as loudly, and CI fails on it.
  const mailOracles = [
    ['spf', 'rfc7208-tests.yml'],
    ['dmarc', 'dmarc-parse-vectors.json'],
    ['dkim', 'test.txt'],
  ].map((parts) => path.resolve(oracles, ...parts))
  const missing = mailOracles.filter((f) => !existsSync(f))
  if (missing.length > 0) {
    const bar = '!'.repeat(78)
    console.error(
      `${bar}\n!! mail (SPF, DMARC, DKIM): NOT RUN — missing oracle ${missing.join(', ')}\n${bar}`,
    )
    if (process.env.CI === 'true') {
      console.error('conformance: the mail oracles are required in CI')
      process.exit(1)
    }
    console.log(`${secrets === false ? 'NOT conformant' : 'conformance ran only where its oracles exist'}`)
    process.exit(secrets === false ? 1 : 0)
  }
  const spf = await runSpf()
  report(spf)
  const dmarc = runDmarc()
  report(dmarc)
  console.log('DKIM key records:')
  const dkim = runDkim()
  report(dkim)
  const clean =
    secrets !== false && [spf, dmarc, dkim].every((t) => t.passed === t.total && t.failures.length === 0)
  console.log(
    `${clean ? 'all conformant' : 'NOT conformant'} (${Math.round(performance.now() - started)} ms)`,
  )
  process.exit(clean ? 0 : 1)
}

function report(t: Tally): void {
  console.log(`${t.name}: ${t.passed}/${t.total}`)
  for (const f of t.failures) console.log(`  FAIL ${f}`)
}

await main()
