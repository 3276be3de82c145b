// The consultant's day-to-day commands end to end: attest, audit exports, handoff notes, identity import, report.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { newNssDb, opensslP12, pdfsig } from '../helpers/pdf'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

// Whole CLI audits of the lab: 60 s ran out under load (the attestation test takes 33 s alone).
describe.skipIf(
  !haveTools(
    'consultant workflow',
    'dbus-daemon',
    'gnome-keyring-daemon',
    'secret-tool',
    'pdfsig',
    'certutil',
    'openssl',
    'xmllint',
  ),
)('the consultant workflow through the CLI', { timeout: 480_000 }, () => {
  let service: SecretService
  let t: TestLab
  let dir: string
  let env: NodeJS.ProcessEnv
  let ws: string

  beforeAll(async () => {
    service = startSecretService()
    t = await startTestLab('fixed')
    ws = t.lab.workspace
    dir = mkdtempSync(path.join(tmpdir(), 'handover-workflow-'))
    env = { ...service.env, HANDOVER_IDENTITY_DIR: path.join(dir, 'identity'), HANDOVER_USER: 'sam' }
  })
  afterAll(async () => {
    await t?.stop()
    service?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records an attestation with its evidence file, and the next audit carries it', async () => {
    const evidence = path.join(dir, 'rollback-drill.txt')
    writeFileSync(evidence, 'Rolled back release 41 on staging in 3 minutes.\n')
    const recorded = await cli(
      [
        'attest',
        ws,
        'handover.rollback',
        '--status',
        'pass',
        '--note',
        'drilled on staging',
        '--evidence',
        evidence,
      ],
      { env },
    )
    expect(recorded.code).toBe(0)
    expect(recorded.stdout).toBe('Recorded handover.rollback: pass — drilled on staging (by sam).\n')
    const file = JSON.parse(readFileSync(path.join(ws, 'attestations.json'), 'utf8')) as {
      attestations: { evidence: { file: string; sha256: string } }[]
    }
    const copied = path.join(ws, file.attestations[0]!.evidence.file)
    expect(readFileSync(copied, 'utf8')).toBe(readFileSync(evidence, 'utf8'))
    expect(file.attestations[0]!.evidence.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect((await cli(['attest', ws, 'tls.hsts', '--status', 'pass'], { env })).stderr).toMatch(
      /tls\.hsts is measured by the audit/,
    )
    expect((await cli(['attest', ws, 'handover.rollback', '--status', 'maybe'], { env })).code).toBe(2)

    const runJson = path.join(dir, 'run.json')
    const sarif = path.join(dir, 'run.sarif')
    const junit = path.join(dir, 'run.xml')
    // The lab's accounts and API tokens as the CI would give them: environment variables mapped to keychain names.
    const creds = Object.entries(t.lab.credentials())
    const fromEnv = creds.map(([name], i) => `HANDOVER_TEST_CRED_${i}=${name}`).join(',')
    const credEnv = Object.fromEntries(creds.map(([, value], i) => [`HANDOVER_TEST_CRED_${i}`, value]))
    const audit = await cli(
      [
        'audit',
        ws,
        '--quiet',
        '--credentials-from-env',
        fromEnv,
        '--json',
        runJson,
        '--sarif',
        sarif,
        '--junit',
        junit,
        '--fail-on',
        'critical',
      ],
      { env: { ...env, ...credEnv } },
    )
    expect(audit.code).toBe(0)
    const run = JSON.parse(readFileSync(runJson, 'utf8')) as {
      schema: string
      results: { check: string; status: string; evidence: { value?: string }[] }[]
    }
    expect(run.schema).toBe('handover.run/1')
    const rollback = run.results.find((r) => r.check === 'handover.rollback')!
    expect(rollback.status).toBe('pass')
    expect(rollback.evidence.map((e) => e.value).join(' ')).toMatch(/drilled on staging/)
    expect((JSON.parse(readFileSync(sarif, 'utf8')) as { version: string }).version).toBe('2.1.0')
    execFileSync('xmllint', ['--noout', junit])
  })

  it('lists DNS changes since the first run on the handoff sheet, with the why people record', async () => {
    t.lab.setMode('flawed')
    expect((await cli(['audit', ws, '--quiet', '--fail-on', 'none'], { env })).code).toBe(0)
    const sheet = await cli(['handoff', ws], { env })
    expect(sheet.code).toBe(0)
    expect(sheet.stdout).toMatch(
      /CAA acme\.test \| 0 iodef "mailto:security@acme\.test"; 0 issue "letsencrypt\.org" \| \(none: NODATA\)/,
    )
    const wrong = await cli(['handoff', ws, '--note', 'MX nowhere.acme.test=typo'], { env })
    expect(wrong.code).toBe(2)
    const noted = await cli(
      ['handoff', ws, '--note', 'CAA acme.test=dropped by the DNS host migration; to restore'],
      { env },
    )
    expect(noted.code).toBe(0)
    expect(noted.stdout).toContain('dropped by the DNS host migration; to restore')
    const md = path.join(dir, 'pack.md')
    const report = await cli(['report', ws, '--out', path.join(dir, 'pack.pdf'), '--md', md], { env })
    expect(report.code, report.stderr).toBe(0)
    expect(readFileSync(md, 'utf8')).toContain('dropped by the DNS host migration; to restore')
  })

  it('imports a consultant’s own P12 and signs the pack with it', async () => {
    const p12 = opensslP12(dir, 'own', '/CN=Zoe Consultant/O=Consulting Ltd', 'own-p12-pass', [
      'keyUsage=digitalSignature,nonRepudiation',
      'extendedKeyUsage=emailProtection',
    ])
    const imported = await cli(['identity', 'import', p12, '--name', 'Zoe Consultant'], {
      env,
      input: 'own-p12-pass\n',
    })
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toMatch(/^Signing identity: Zoe Consultant/)
    expect(service.search('handover')).toContain('own-p12-pass')
    expect(existsSync(path.join(ws, 'own.p12'))).toBe(false)
    const pdf = path.join(dir, 'zoe.pdf')
    const report = await cli(['report', ws, '--out', pdf, '--signer', 'Zoe Consultant'], { env })
    expect(report.code, report.stderr).toBe(0)
    const verdict = pdfsig(pdf, newNssDb(path.join(dir, 'nss')))
    expect(verdict).toContain('Signer Certificate Common Name: Zoe Consultant')
    expect(verdict).toContain('Signature is Valid.')
    const ours = await cli(['verify', pdf], { env })
    expect(ours.code).toBe(0)
    expect(ours.stdout).toMatch(/Signed by Zoe Consultant/)
    const again = await cli(['identity', 'import', p12, '--name', 'Zoe Consultant'], {
      env,
      input: 'own-p12-pass\n',
    })
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already holds a signing identity/)
  })
})
