// Conformance of the secret engine against secretlint's own fixtures in ../shared/oracles/secrets/secretlint:
// every message of each ng case must be found (on its line), and ok cases must yield no secret at all.
// Cases that depend on a secretlint option, or where we differ by design, are listed with the reason.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { FindingKey, scanSecrets, type SecretFinding } from '../src/secrets'
import { isEnvFileName } from '../src/secrets/env-files'

/** Where the oracle lives, beside the repository. */
export const SECRETLINT_ORACLE = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'oracles',
  'secrets',
  'secretlint',
)

/** Cases where we differ from secretlint on purpose, and why (`rule/case` → reason). */
const BY_DESIGN: Record<string, string> = {
  'huggingface/ng.secret':
    'placeholder: the token body is all x (hf_xxxx…), which we report as a placeholder',
  'slack/ng.IncomingWebhook': 'placeholder: one of the two URLs is TXXXXX/BXXXXX/XXXXXXXXXX',
  'basicauth/ng.basic-auth-http-url':
    'placeholder: user:pass at example.com is documentation, not a credential',
  'basicauth/ng.basic-auth-ftp-url':
    'placeholder: user:pass at example.com is documentation, not a credential',
  'basicauth/ng.basic-auth-in-markdown':
    'placeholder: user:pass at example.com is documentation, not a credential',
  'azure/ng.ad_tenant_id': 'identifier, not a credential: reported as public (info), not as a secret',
  'azure/ng.azure_client_id': 'identifier, not a credential: reported as public (info), not as a secret',
  'secp256k1-privatekey/ng.privkey':
    'a bare 64-digit hex number is indistinguishable from a hash; we require a key name beside it',
  'gcp/ok.secure-privatekey-p12':
    'a PKCS#12 keystore holds a private key whatever its password: we report it (the password is not a known default), secretlint only the GCP notasecret ones',
  'gcp/ok.invalid-p12-no-mac':
    'a PKCS#12 keystore with no MAC is still a keystore holding a private key: we report it, secretlint needs the MAC to prove notasecret',
  'gcp/ok.invalid-p12-huge-iter':
    'a well-formed PKCS#12 keystore: we report it without trying passwords (MAC iterations above our cap), secretlint drops it',
  'npm/npmrc-_authToken': 'placeholder: the token is 111111 then 31 a (two distinct characters)',
  'no-dotenv/allow-env-local':
    'secretlint lets .env.local through; a .env.local tracked by git is still reported by secrets.env-files',
  'no-homedir/ng.homedir': 'a home directory path is not a credential; out of scope',
  'no-homedir/ng.patial-homedir': 'a home directory path is not a credential; out of scope',
}

/** Rule folders that test secretlint itself rather than a kind of secret. */
const NOT_APPLICABLE: Record<string, string> = {
  'filter-comments': 'tests secretlint’s disable-comment directives with a test-only rule',
  pattern: 'user-defined patterns given in .secretlintrc.json (an option, not a built-in rule)',
}

interface Message {
  line: number
  endLine: number
  messageId: string
}

/** One provider's tally. */
export interface ProviderTally {
  provider: string
  expected: number
  found: number
  okCases: number
  falsePositives: number
  notes: string[]
  failures: string[]
}

function inputsOf(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) out.push(...inputsOf(file))
    else if (!['output.json', '.secretlintrc.json', 'README.md', '.gitignore'].includes(name)) out.push(file)
  }
  return out
}

function scanCase(dir: string, key: FindingKey): { file: string; findings: SecretFinding[] }[] {
  return inputsOf(dir).map((file) => {
    const findings = scanSecrets(readFileSync(file), { key }).filter((f) => f.exposure === 'secret')
    // A .env file is found by its name (secrets.env-files), not its content.
    if (isEnvFileName(path.basename(file))) findings.push({ rule: 'env-file', line: 1 } as SecretFinding)
    return { file, findings }
  })
}

/** Runs every case; returns the tallies by provider (the secretlint rule folder). */
export function runSecretlintConformance(root = SECRETLINT_ORACLE): ProviderTally[] {
  const { key } = FindingKey.generate()
  const tallies: ProviderTally[] = []
  for (const folder of readdirSync(root).sort()) {
    const ruleDir = path.join(root, folder)
    if (!statSync(ruleDir).isDirectory() || folder === 'secretlint-rule-preset-recommend') continue
    const provider = folder.replace(/^secretlint-rule-/, '')
    const tally: ProviderTally = {
      provider,
      expected: 0,
      found: 0,
      okCases: 0,
      falsePositives: 0,
      notes: [],
      failures: [],
    }
    tallies.push(tally)
    if (NOT_APPLICABLE[provider]) {
      tally.notes.push(`not applicable: ${NOT_APPLICABLE[provider]}`)
      continue
    }
    for (const name of readdirSync(ruleDir).sort()) {
      const caseDir = path.join(ruleDir, name)
      if (!statSync(caseDir).isDirectory()) continue
      const id = `${provider}/${name}`
      const outputFile = path.join(caseDir, 'output.json')
      const messages: Message[] = existsSync(outputFile)
        ? (
            JSON.parse(readFileSync(outputFile, 'utf8')) as {
              messages: { loc: { start: { line: number }; end: { line: number } }; messageId: string }[]
            }
          ).messages.map((m) => ({ line: m.loc.start.line, endLine: m.loc.end.line, messageId: m.messageId }))
        : []
      const option = existsSync(path.join(caseDir, '.secretlintrc.json')) || /--|options\./.test(name)
      const scanned = scanCase(caseDir, key)
      const ours = scanned.flatMap((s) => s.findings)
      const shouldFlag = name.startsWith('ng.') || (!name.startsWith('ok.') && messages.length > 0)
      if (shouldFlag && messages.length === 0 && !existsSync(outputFile)) {
        tally.notes.push(`${name}: no expected output recorded`)
        continue
      }
      if (shouldFlag) {
        if (messages.length === 0) {
          tally.notes.push(
            `${name}: named ng, but secretlint’s own snapshot expects nothing; we found ${ours.length}`,
          )
          continue
        }
        const pool = [...ours]
        let matched = 0
        for (const m of messages) {
          const i = pool.findIndex((f) => (f.line >= m.line && f.line <= m.endLine) || f.rule === 'env-file')
          if (i >= 0) {
            pool.splice(i, 1)
            matched++
          }
        }
        const why = BY_DESIGN[id]
        tally.expected += messages.length
        tally.found += matched
        if (matched < messages.length) {
          const line = `${name}: found ${matched} of ${messages.length}`
          if (why) tally.notes.push(`${line} — by design: ${why}`)
          else if (option) tally.notes.push(`${line} — depends on a secretlint option (.secretlintrc.json)`)
          else tally.failures.push(line)
        }
      } else {
        tally.okCases++
        if (ours.length > 0) {
          const line = `${name}: ${ours.length} flagged (${[...new Set(ours.map((f) => f.rule))].join(', ')})`
          if (BY_DESIGN[id]) tally.notes.push(`${line} — by design: ${BY_DESIGN[id]}`)
          else if (option)
            tally.notes.push(
              `${line} — depends on a secretlint option (.secretlintrc.json), e.g. allows or enableIDScanRule`,
            )
          else {
            tally.falsePositives += ours.length
            tally.failures.push(line)
          }
        }
      }
    }
  }
  return tallies
}

/** Prints the secret part of `npm run conformance`; true when nothing failed. */
export function reportSecretlintConformance(): boolean | 'not-run' {
  if (!existsSync(SECRETLINT_ORACLE)) {
    const bar = '!'.repeat(78)
    console.log(
      `${bar}\n!! secrets: NOT RUN — the secretlint oracle is missing at ${SECRETLINT_ORACLE}\n${bar}`,
    )
    return 'not-run'
  }
  const tallies = runSecretlintConformance()
  console.log('Secrets vs secretlint fixtures (recall on ng.*, false positives on ok.*):')
  let expected = 0
  let found = 0
  let fps = 0
  for (const t of tallies) {
    expected += t.expected
    found += t.found
    fps += t.falsePositives
    const recall = t.expected > 0 ? `${t.found}/${t.expected} found` : 'no ng case'
    console.log(
      `  ${t.failures.length ? 'FAIL' : 'ok  '} ${t.provider.padEnd(28)} ${recall.padEnd(16)} ${t.falsePositives} false positives in ${t.okCases} ok cases`,
    )
    for (const n of t.notes) console.log(`         note: ${n}`)
    for (const f of t.failures) console.log(`         FAIL: ${f}`)
  }
  const failed = tallies.filter((t) => t.failures.length > 0)
  console.log(
    `Secrets: ${found}/${expected} expected findings (${((100 * found) / Math.max(1, expected)).toFixed(1)} %), ${fps} false positives; ${failed.length} provider(s) failing`,
  )
  return failed.length === 0
}
