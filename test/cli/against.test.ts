// `handover audit --against F.pdf`: the founder re-checks the portal from the signed pack alone (issue 15). The
// demo lab's fixed pack against the flawed lab gives every planted regression, and the flawed pack against the
// fixed lab gives them as fixed; a tampered, unsigned or untrusted pack is refused before the lab sees a packet.
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditAgainst } from '../../src/cli/commands/against'
import { auditWorkspace } from '../../src/cli/commands/audit'
import { producePack } from '../../src/cli/commands/report'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { PACK_FILES } from '../../src/report/contents'
import { openPack } from '../../src/report/pack-read'
import { readIdentityCertificates } from '../../src/report/sign/identity-store'
import { Workspace } from '../../src/store/workspace'
import { captureIo, cli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { testPdf } from '../helpers/pdf'
import { ONLY_WHEN_FLAWED, PLANTED } from '../helpers/planted'

interface DriftFile {
  schema: string
  headline: string
  pack: { signatureSha256: string; fileSha256: string; baselineRun: string; signer: { name: string } }
  counts: Record<string, number>
  entries: { fingerprint: string; change: string }[]
  regressions: { fingerprint: string }[]
}

describe('audit --against a signed pack', () => {
  let t: TestLab
  let dir: string
  let identityDir: string
  let fixedPdf: string
  let flawedPdf: string
  const credentials = new MemoryCredentials()

  /** Everything the lab received: TCP connections to any host, DNS questions to either nameserver. */
  const traffic = (): number =>
    t.lab.hosts.reduce((n, h) => n + t.lab.connections(h.name), 0) +
    t.lab.dns.log.length +
    t.lab.dns2.log.length +
    t.lab.sentinel.connections

  const against = async (
    pack: string,
    ws: string,
    extra: { stages?: (1 | 2 | 3 | 4 | 5 | 6 | 7)[] } = {},
  ) => {
    const c = captureIo()
    const json = path.join(dir, `drift-${path.basename(pack)}-${path.basename(ws)}.json`)
    const sarif = json.replace(/\.json$/, '.sarif')
    const code = await auditAgainst(
      { json, sarif, quiet: true, ...extra },
      { pack, dir: ws, trustedRootsPem: [], credentials, identityDir, signer: 'Founder' },
      c.io,
      auditWorkspace,
    )
    return {
      code,
      out: c.out(),
      err: c.err(),
      drift: JSON.parse(readFileSync(json, 'utf8')) as DriftFile,
      sarif: JSON.parse(readFileSync(sarif, 'utf8')) as {
        runs: {
          results: { partialFingerprints: { handoverFingerprint: string }; baselineState?: string }[]
        }[]
      },
    }
  }

  beforeAll(async () => {
    t = await startTestLab('fixed')
    dir = mkdtempSync(path.join(tmpdir(), 'handover-against-'))
    identityDir = path.join(dir, 'identity')
    for (const [k, v] of Object.entries(t.lab.credentials())) await credentials.set(k, v)
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    // The two packs `handover demo --fixed` and `handover demo` hand over, from one lab whose ports stay put.
    const pack = async (name: string): Promise<string> => {
      const run = await runAudit({ workspace: ws.value, credentials })
      // A pack made while something could not be observed hands over an error, not the planted flaw: say which.
      const errors = run.results
        .filter((r) => r.status === 'error')
        .map((r) => `${r.fingerprint}: ${r.summary}`)
      expect(errors, `${name} pack`).toEqual([])
      const out = path.join(dir, `${name}.pdf`)
      const made = await producePack(ws.value, { runRef: run.id, out, credentials, identityDir })
      if (!made.ok) throw new Error(made.error.message)
      return out
    }
    fixedPdf = await pack('fixed')
    t.lab.setMode('flawed')
    flawedPdf = await pack('flawed')
  }, 600_000)
  afterAll(async () => {
    await t?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a tampered, an unsigned and an untrusted pack before sending a single request', async () => {
    const original = readFileSync(fixedPdf)
    const tampered = Buffer.from(original)
    const at = original.indexOf('Launch-ready')
    tampered[at] = tampered[at]! ^ 0x20
    const tamperedFile = path.join(dir, 'tampered.pdf')
    writeFileSync(tamperedFile, tampered)
    const unsignedFile = path.join(dir, 'unsigned.pdf')
    writeFileSync(unsignedFile, await testPdf(1, { placeholder: false }))
    const fresh = path.join(dir, 'founder-ws')
    const before = traffic()
    // Through the CLI, as a founder would run it; HANDOVER_IDENTITY_DIR names a folder with no known identity.
    const env = { HANDOVER_IDENTITY_DIR: path.join(dir, 'no-identities') }
    const runs = await Promise.all([
      cli(['audit', '--against', tamperedFile, fresh, '--trust', path.join(dir, 'none.pem')], { env }),
      cli(['audit', '--against', tamperedFile, fresh], { env }),
      cli(['audit', '--against', unsignedFile, fresh], { env }),
      cli(['audit', '--against', fixedPdf, fresh], { env }),
    ])
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2])
    expect(runs[0]!.stderr).toMatch(/--trust .*none\.pem cannot be read/)
    expect(runs[1]!.stderr).toMatch(/changed after signing.*nothing was contacted/)
    expect(runs[2]!.stderr).toMatch(/not a signed pack.*nothing was contacted/)
    expect(runs[3]!.stderr).toMatch(/not trusted on this computer.*--trust ROOT\.pem/)
    expect(traffic()).toBe(before)
    expect(existsSync(fresh)).toBe(false)
  }, 120_000)

  it('gives every planted flaw as a regression when the fixed pack meets the flawed lab', async () => {
    t.lab.setMode('flawed')
    const r = await against(fixedPdf, t.lab.workspace)
    expect(r.code, r.err).toBe(1)
    const original = await openPack(readFileSync(fixedPdf))
    for (const flaw of PLANTED) {
      const expected = ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'new' : 'regressed'
      expect(r.drift.entries.find((e) => e.fingerprint === flaw.fingerprint)?.change, flaw.fingerprint).toBe(
        expected,
      )
      // Either way it fails the deploy, except a warning that is new: it is shown, not a regression.
      if (flaw.status === 'warn' && expected === 'new') continue
      expect(
        r.drift.regressions.some((e) => e.fingerprint === flaw.fingerprint),
        flaw.fingerprint,
      ).toBe(true)
    }
    const headline = new RegExp(
      `^Since handover on \\d{4}-\\d\\d-\\d\\d, signed by Demo Consultant: ${r.drift.counts.regressed} regressed, ${r.drift.counts.fixed} fixed, ${r.drift.counts.new} new$`,
    )
    expect(r.drift.headline).toMatch(headline)
    expect(r.out).toContain(r.drift.headline)
    expect(r.drift.pack.baselineRun).toBe(original.baseline!.id)
    expect(r.drift.pack.signatureSha256).toBe(original.fingerprints.signatureSha256)
    expect(r.drift.pack.fileSha256).toBe(original.fingerprints.fileSha256)
    // SARIF says the same, result by result.
    const states = new Map(
      r.sarif.runs[0]!.results.map((x) => [x.partialFingerprints.handoverFingerprint, x.baselineState]),
    )
    for (const flaw of PLANTED.filter((f) => f.status === 'fail'))
      expect(states.get(flaw.fingerprint), flaw.fingerprint).toBe(
        ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'new' : 'updated',
      )
    // The drift report: a signed pack that cites the original signature and carries the drift.
    const file = /Signed handover pack: (\S+drift-\S+\.pdf)/.exec(r.out)?.[1]
    expect(file, r.out + r.err).toBeDefined()
    expect(file!.startsWith(path.join(t.lab.workspace, 'reports', 'drift-'))).toBe(true)
    const drift = await openPack(readFileSync(file!), {
      knownIdentityPem: await readIdentityCertificates(identityDir),
    })
    expect(drift.report.signer?.name).toBe('Founder')
    expect(drift.report.status).toBe('valid')
    expect(drift.listing.covered).toBe(true)
    expect(drift.model!.cover.title).toBe('Drift report')
    expect(drift.model!.drift).toEqual(r.drift.pack)
    expect(drift.model!.regressions.note).toContain(original.fingerprints.signatureSha256!)
    const embedded = JSON.parse(
      drift.listing.files.find((f) => f.name === PACK_FILES.drift)!.bytes.toString('utf8'),
    ) as DriftFile
    expect(embedded.headline).toBe(r.drift.headline)
  }, 300_000)

  it('gives every planted flaw as fixed (or gone) when the flawed pack meets the repaired lab', async () => {
    t.lab.setMode('fixed')
    const r = await against(flawedPdf, t.lab.workspace)
    expect(r.drift.regressions).toEqual([])
    expect(r.code, r.err).toBe(0)
    for (const flaw of PLANTED) {
      const expected = ONLY_WHEN_FLAWED.has(flaw.fingerprint) ? 'gone' : 'fixed'
      expect(r.drift.entries.find((e) => e.fingerprint === flaw.fingerprint)?.change, flaw.fingerprint).toBe(
        expected,
      )
    }
    expect(r.drift.headline).toMatch(/: 0 regressed, \d+ fixed, \d+ new$/)
  }, 300_000)

  it('recreates a workspace from the embedded engagement in an empty folder', async () => {
    t.lab.setMode('fixed')
    const fresh = path.join(dir, 'recreated')
    const r = await against(fixedPdf, fresh, { stages: [4] })
    expect(r.err).toContain(`Recreated workspace ${fresh}`)
    const pack = await openPack(readFileSync(fixedPdf))
    const written = JSON.parse(readFileSync(path.join(fresh, 'handover.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(written).toEqual(pack.engagement)
    expect(readFileSync(path.join(fresh, 'lab-ca.pem'), 'utf8')).toBe(t.lab.caPem)
    // Only stage 4 ran: its results match the fixed baseline, the rest are gone rather than regressed.
    expect(r.drift.regressions).toEqual([])
    expect(r.code, r.err).toBe(0)
    expect(
      r.drift.entries.filter((e) => e.fingerprint.startsWith('tls.') && e.change !== 'unchanged'),
    ).toEqual([])
  }, 300_000)
})
