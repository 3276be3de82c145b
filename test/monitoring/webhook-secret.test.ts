// Issue 12: the alert webhook URL is a secret (its path is the credential). Stored in a real keychain through
// `creds set`, it is used by full stage-6 audits of the lab through the CLI (flawed: the webhook refuses; fixed: it
// takes the alert) and then by the report; no form of it — URL, path, token, encoded — appears in the terminal
// output (summary, progress log lines, --verbose), the --json/--sarif/--junit exports, the run files, the workspace
// or the pack (PDF text, Markdown, JSON).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OsKeychain } from '../../src/keychain/keychain'
import { cli, type CliResult } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

/** Every form a value takes in a file, a URL or a terminal. */
function forms(value: string): string[] {
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      encodeURI(value),
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
    ]),
  ]
}

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name)
    const st = statSync(p, { throwIfNoEntry: false })
    if (st?.isDirectory()) out.push(...filesUnder(p))
    else if (st?.isFile()) out.push(p)
  }
  return out
}

const WEBHOOK = 'monitor.alerting|webhook keychain:acme-alert-webhook'

// Two whole stage-6 audits (each samples the core read 200 times) and a signed report through the CLI.
describe.skipIf(
  !haveTools('webhook secret', 'dbus-daemon', 'gnome-keyring-daemon', 'secret-tool', 'pdftotext'),
)('the alert webhook URL, a keychain secret, after stage-6 audits and the pack', { timeout: 300_000 }, () => {
  let service: SecretService
  let t: TestLab
  let out: string
  let url: string
  const outputs: { name: string; result: CliResult }[] = []
  beforeAll(async () => {
    service = startSecretService()
    t = await startTestLab('flawed')
    out = mkdtempSync(path.join(tmpdir(), 'handover-webhook-secret-'))
    url = t.lab.monitoring.webhookUrl
    const env = { ...service.env, HANDOVER_IDENTITY_DIR: path.join(out, 'identity') }
    const run = async (name: string, args: string[], input?: string): Promise<void> => {
      outputs.push({ name, result: await cli(args, { env, ...(input === undefined ? {} : { input }) }) })
    }
    // As a consultant stores it: the value on stdin, never on the command line.
    await run('creds set', ['creds', 'set', 'acme-alert-webhook'], url)
    const keychain = new OsKeychain()
    for (const [k, v] of Object.entries(t.lab.credentials()))
      if (k !== 'acme-alert-webhook') await keychain.set(k, v)
    await run('creds list', ['creds', 'list'])
    const ws = t.lab.workspace
    const exports = (tag: string): string[] => [
      '--json',
      path.join(out, `${tag}.json`),
      '--sarif',
      path.join(out, `${tag}.sarif`),
      '--junit',
      path.join(out, `${tag}.xml`),
    ]
    // Not a terminal: progress comes as one log line per probe on stderr, as in a CI log.
    await run('audit flawed', ['audit', ws, '--stage', '6', ...exports('flawed')])
    await run('baseline', ['baseline', ws])
    t.lab.setMode('fixed')
    await run('audit fixed', ['audit', ws, '--stage', '6', '--verbose', ...exports('fixed')])
    await run('diff', ['diff', ws])
    await run('report', [
      'report',
      ws,
      '--out',
      path.join(out, 'pack.pdf'),
      '--md',
      path.join(out, 'pack.md'),
      '--json',
      path.join(out, 'pack.json'),
    ])
  }, 300_000)
  afterAll(async () => {
    await t?.stop()
    service?.stop()
    if (out) rmSync(out, { recursive: true, force: true })
  })

  it('used the URL from the keychain: the flawed lab’s webhook refused the alert, the fixed one took it', () => {
    const code = (name: string) => outputs.find((o) => o.name === name)?.result.code
    expect(outputs.map((o) => o.name)).toEqual([
      'creds set',
      'creds list',
      'audit flawed',
      'baseline',
      'audit fixed',
      'diff',
      'report',
    ])
    expect(code('creds set')).toBe(0)
    expect(outputs.find((o) => o.name === 'creds list')!.result.stdout).toContain('acme-alert-webhook')
    expect(code('audit flawed')).toBe(1)
    expect(code('report')).toBe(0)
    // Each audit posted to the secret path; the receiver saw it, so the secret really was in use.
    expect(t.lab.monitoring.webhooks.map((w) => w.accepted)).toEqual([false, true])
    const flawed = JSON.parse(readFileSync(path.join(out, 'flawed.json'), 'utf8')) as {
      results: { fingerprint: string; outcome: string; summary: string }[]
    }
    const fixed = JSON.parse(readFileSync(path.join(out, 'fixed.json'), 'utf8')) as typeof flawed
    expect(flawed.results.find((r) => r.fingerprint === WEBHOOK)).toMatchObject({ outcome: 'refused' })
    expect(fixed.results.find((r) => r.fingerprint === WEBHOOK)).toMatchObject({ outcome: 'delivered' })
    // What may be shown is shown: the keychain name and the receiver's host.
    expect(outputs.find((o) => o.name === 'audit flawed')!.result.stdout).toContain(
      'keychain:acme-alert-webhook',
    )
    expect(readFileSync(path.join(out, 'flawed.json'), 'utf8')).toContain('hooks.acme.test')
  })

  it('appears in no form in the terminal, the exports, the workspace or the pack', () => {
    const secretPath = new URL(url).pathname
    // The path's parts (T…/B…/token) are each secret on their own, as in a Slack URL.
    const parts = secretPath.split('/').slice(2)
    expect(parts).toHaveLength(3)
    expect(parts.every((p) => p.length >= 9)).toBe(true)
    const needles = [url, secretPath, secretPath.slice(1), ...parts].flatMap(forms)
    const files = [...filesUnder(t.lab.workspace), ...filesUnder(out)].filter(
      (f) => !f.includes(`${path.sep}identity${path.sep}`),
    )
    expect(files.filter((f) => f.includes(`${path.sep}runs${path.sep}`))).toHaveLength(2)
    const texts = files.map((f) => ({ where: f, text: readFileSync(f).toString('latin1') }))
    const pdfText = execFileSync('pdftotext', ['-raw', path.join(out, 'pack.pdf'), '-'], { encoding: 'utf8' })
    expect(pdfText).toContain('monitor.alerting')
    texts.push({ where: 'pack.pdf (text)', text: pdfText })
    // pdftotext may break a long line: compare with the line breaks taken out too.
    texts.push({ where: 'pack.pdf (text, joined)', text: pdfText.replace(/\s+/g, '') })
    for (const { name, result } of outputs)
      texts.push({ where: `${name} (stdout, stderr)`, text: `${result.stdout}\n${result.stderr}` })
    // The progress lines really were written (a log to search), one per probe.
    expect(outputs.find((o) => o.name === 'audit fixed')!.result.stderr).toMatch(/\] ok\s+monitor\.alert /)
    const leaks = needles.flatMap((n) =>
      texts.filter((t) => t.text.includes(n)).map((t) => `${n} in ${t.where}`),
    )
    expect(leaks).toEqual([])
  })
})
