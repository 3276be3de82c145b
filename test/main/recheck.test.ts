// The founder's re-check in the wizard (issue 15, item 3), through the service both hosts serve: verifying a pack
// lists what it carries inside the signature; "re-check the portal now" refuses a tampered pack or an unknown
// signer before the lab sees a packet, takes a root the founder chose to trust, recreates the workspace from the
// embedded engagement, and lists the planted regressions since handover.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackVerification, RecheckView } from '../../main/contract'
import { WizardService } from '../../main/service/service'
import { producePack } from '../../src/cli/commands/report'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { PACK_FILES } from '../../src/report/contents'
import { readIdentityCertificates } from '../../src/report/sign/identity-store'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED } from '../helpers/planted'

describe('re-checking the portal from a pack in the wizard', () => {
  let t: TestLab
  let dir: string
  let identityDir: string
  let pdf: string
  const credentials = new MemoryCredentials()
  const previousIdentity = process.env.HANDOVER_IDENTITY_DIR

  /** Everything the lab received: TCP connections to any host, DNS questions to either nameserver. */
  const traffic = (): number =>
    t.lab.hosts.reduce((n, h) => n + t.lab.connections(h.name), 0) +
    t.lab.dns.log.length +
    t.lab.dns2.log.length +
    t.lab.sentinel.connections

  const service = (): WizardService =>
    new WizardService({
      host: 'web',
      credentials,
      stateDir: path.join(dir, 'state'),
      emit: () => undefined,
      progressIntervalMs: 50,
    })
  const upload = (bytes: Buffer) => ({ name: 'handover.pdf', base64: bytes.toString('base64') })

  beforeAll(async () => {
    t = await startTestLab('fixed')
    dir = mkdtempSync(path.join(tmpdir(), 'handover-recheck-'))
    identityDir = path.join(dir, 'identity')
    for (const [k, v] of Object.entries(t.lab.credentials())) await credentials.set(k, v)
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    // The consultant hands over a pack of stage 4 on the repaired portal.
    const run = await runAudit({ workspace: ws.value, credentials, selection: { stages: [4] } })
    pdf = path.join(dir, 'handover.pdf')
    const made = await producePack(ws.value, { runRef: run.id, out: pdf, credentials, identityDir })
    if (!made.ok) throw new Error(made.error.message)
  }, 300_000)
  afterAll(async () => {
    await t?.stop()
    if (previousIdentity === undefined) delete process.env.HANDOVER_IDENTITY_DIR
    else process.env.HANDOVER_IDENTITY_DIR = previousIdentity
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists what the pack carries inside the signature, and asks for a root when the signer is unknown', async () => {
    process.env.HANDOVER_IDENTITY_DIR = path.join(dir, 'no-identities')
    const s = service()
    const got = await s.dispatch('pack:verify', [{ path: pdf }, {}])
    expect(got.ok).toBe(true)
    const v = (got as { value: PackVerification }).value
    expect(v.report.status).toBe('valid')
    expect(v.report.trust).toBe('unknown')
    expect(v.contents.covered).toBe(true)
    expect(v.contents.recheckable).toBe(true)
    expect(v.contents.problems).toEqual([])
    expect(v.contents.files.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        PACK_FILES.manifest,
        PACK_FILES.report,
        PACK_FILES.engagement,
        PACK_FILES.baseline,
      ]),
    )
    expect(v.contents.engagement).toEqual({ name: expect.any(String), apex: 'acme.test' })
    expect(v.contents.baseline?.results).toBeGreaterThan(10)
    // No bytes of the embedded files cross, only their names, sizes and digests.
    expect(JSON.stringify(got)).not.toContain('"schema":"handover.run/1"')

    const before = traffic()
    const refused = await s.dispatch('pack:recheck', [{ source: { path: pdf } }])
    expect(refused).toMatchObject({ ok: false, error: { code: 'PACK_SIGNER_UNKNOWN' } })
    expect((refused as { error: { message: string } }).error.message).toMatch(/nothing was contacted/i)
    expect(traffic()).toBe(before)

    // The root the consultant gave, chosen for this pack only: now trusted.
    const roots = await readIdentityCertificates(identityDir)
    expect(roots.length).toBeGreaterThan(0)
    const trusted = await s.dispatch('pack:verify', [{ path: pdf }, { trustPem: roots.at(-1)! }])
    expect((trusted as { value: PackVerification }).value.report.trust).toBe('trusted')
    const notPem = await s.dispatch('pack:verify', [{ path: pdf }, { trustPem: 'hello' }])
    expect(notPem).toMatchObject({ ok: false, error: { code: 'BRIDGE_ARGS' } })
  }, 120_000)

  it('refuses a tampered pack before a single request', async () => {
    process.env.HANDOVER_IDENTITY_DIR = identityDir
    const original = readFileSync(pdf)
    const tampered = Buffer.from(original)
    const at = original.indexOf('Launch-ready')
    tampered[at] = tampered[at]! ^ 0x20
    const s = service()
    const verified = await s.dispatch('pack:verify', [upload(tampered), {}])
    const v = (verified as { value: PackVerification }).value
    expect(v.report.status).toBe('tampered')
    expect(v.contents.recheckable).toBe(false)
    const before = traffic()
    const refused = await s.dispatch('pack:recheck', [{ source: upload(tampered) }])
    expect(refused).toMatchObject({ ok: false, error: { code: 'PACK_TAMPERED' } })
    expect(traffic()).toBe(before)
    expect(existsSync(path.join(dir, 'state', 'rechecks'))).toBe(false)
  }, 120_000)

  it('re-checks the broken portal from the pack alone and lists every planted stage-4 regression since handover', async () => {
    process.env.HANDOVER_IDENTITY_DIR = path.join(dir, 'no-identities')
    t.lab.setMode('flawed')
    const s = service()
    const roots = await readIdentityCertificates(identityDir)
    const before = traffic()
    const got = await s.dispatch('pack:recheck', [
      { source: upload(readFileSync(pdf)), trustPem: roots.at(-1)! },
    ])
    expect(got.ok, JSON.stringify(got)).toBe(true)
    const r = (got as { value: RecheckView }).value
    expect(traffic()).toBeGreaterThan(before)
    // No workspace was open: the embedded engagement was recreated in the app's own folder.
    expect(r.created).toBe(true)
    expect(r.workspace.startsWith(path.join(dir, 'state', 'rechecks'))).toBe(true)
    expect(existsSync(path.join(r.workspace, 'handover.json'))).toBe(true)
    expect(r.headline).toMatch(
      new RegExp(
        `^Since handover on \\d{4}-\\d\\d-\\d\\d, signed by Demo Consultant: ${r.diff.counts.regressed} regressed, ${r.diff.counts.fixed} fixed, ${r.diff.counts.new} new$`,
      ),
    )
    expect(r.diff.counts.regressed).toBeGreaterThan(3)
    const stage4 = PLANTED.filter(
      (f) =>
        f.status === 'fail' &&
        r.results[f.fingerprint]?.stage === 4 &&
        r.diff.entries.some((e) => e.fingerprint === f.fingerprint),
    )
    expect(stage4.length).toBeGreaterThan(3)
    for (const flaw of stage4)
      expect(
        r.diff.regressions.some((e) => e.fingerprint === flaw.fingerprint),
        flaw.fingerprint,
      ).toBe(true)
    expect(r.diff.regressions.some((e) => e.fingerprint === 'tls.cert-valid|help.acme.test:443')).toBe(true)
    expect(r.titles['tls.cert-valid|help.acme.test:443']).toBeTruthy()
    // The signed baseline is cited, and the re-check's workspace is now the open one.
    expect(r.from).toBe(r.citation.baselineRun)
    const state = await s.dispatch('workspace:state', [])
    expect(state).toMatchObject({ ok: true, value: { dir: r.workspace } })
  }, 300_000)
})
