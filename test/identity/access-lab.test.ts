// The access checks on the demo lab: every planted flaw found with its check id, subject, severity and evidence
// pair; every check passing once fixed; the decoys never reported; consent, budget, rate and scope held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IDENTITY_CHECKS } from '../../src/checks/identity'
import type { CheckResult, Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED_IDENTITY } from '../helpers/planted'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const IDS = IDENTITY_CHECKS.map((c) => c.id)

async function audit(t: TestLab, change?: (e: Record<string, unknown>) => void): Promise<Run> {
  if (change) {
    const raw = t.lab.engagement()
    change(raw)
    writeFileSync(path.join(t.lab.workspace, 'handover.json'), JSON.stringify(raw))
  }
  const ws = await Workspace.open(t.lab.workspace)
  if (!ws.ok) throw new Error(ws.error.message)
  return runAudit({
    workspace: ws.value,
    credentials: new MemoryCredentials(t.lab.credentials()),
    selection: { checks: IDS },
  })
}

const line = (r: CheckResult): string => `${r.check}|${r.subject}|${r.status}|${r.severity ?? ''}`

/** Every planted access flaw of the flawed lab, as check|subject|status|severity. */
const PLANTED = PLANTED_IDENTITY.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`).sort()

describe('access checks on the demo lab', () => {
  let flawed: TestLab
  let fixed: TestLab
  let flawedRun: Run
  let fixedRun: Run
  beforeAll(async () => {
    ;[flawed, fixed] = await Promise.all([startTestLab('flawed'), startTestLab('fixed')])
    flawedRun = await audit(flawed)
    fixedRun = await audit(fixed)
  }, 240_000)
  afterAll(async () => {
    await Promise.all([flawed?.stop(), fixed?.stop()])
  })

  it('finds every planted access flaw with the right check, subject and severity, and nothing else', () => {
    const found = flawedRun.results.filter(
      (r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error',
    )
    expect(found.map(line).sort()).toEqual(PLANTED)
  })

  it('backs every bypass with the pair: the owner’s own answer and the other account’s', () => {
    for (const r of flawedRun.results.filter(
      (x) => x.status === 'fail' && /bola|bfla|demo|unauth/.test(x.check),
    )) {
      expect(r.evidence.length, r.fingerprint).toBeGreaterThanOrEqual(2)
      for (const e of r.evidence) expect(e.observation, r.fingerprint).toBeTruthy()
    }
    const bola = flawedRun.results.find((r) => r.check === 'authz.bola' && r.status === 'fail')!
    const [own, other] = bola.evidence
    // The same object data on both sides: the reader got the owner's record.
    const reference =
      /"reference":"([^"]+)"/.exec(own?.value ?? '')?.[1] ?? 'no reference in the owner’s answer'
    expect(other?.value).toContain(reference)
  })

  it('never reports the decoys: the caller’s own file for any id, a 200 "access denied" page, a 302 to login', () => {
    for (const run of [flawedRun, fixedRun]) {
      const by = (check: string, subject: string) =>
        run.results.find((r) => r.check === check && r.subject === subject)
      expect(by('authz.bola', 'GET /api/files/{id}')?.status).toBe('pass')
      expect(by('authz.bfla', 'GET /api/admin/audit')?.status).toBe('pass')
      expect(by('surface.unauth-data', 'GET /api/billing')?.status).toBe('pass')
    }
  })

  it('passes every access check on the repaired portal', () => {
    const notPassing = fixedRun.results.filter((r) => r.status !== 'pass')
    expect(notPassing.map(line)).toEqual([])
    for (const id of IDS)
      expect(
        fixedRun.results.some((r) => r.check === id),
        id,
      ).toBe(true)
  })

  it('leaves no password, session token, cookie or reset link in any run file, raw or encoded', () => {
    for (const t of [flawed, fixed]) {
      const secrets = [
        ...t.lab.accounts.accounts.map((a) => a.password),
        ...t.lab.accounts.issuedTokens(),
        ...t.lab.portal.resetTokens(),
      ]
      expect(t.lab.accounts.issuedTokens().length).toBeGreaterThan(4)
      const forms = secrets.flatMap((v) => [
        v,
        encodeURIComponent(v),
        Buffer.from(v).toString('base64'),
        Buffer.from(v).toString('base64url'),
        Buffer.from(v).toString('hex'),
      ])
      const files = readdirSync(t.dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
      expect(files.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true)
      for (const file of files) {
        const text = readFileSync(file, 'latin1')
        for (const form of forms) expect(text.includes(form), `${form.slice(0, 4)}… in ${file}`).toBe(false)
      }
    }
  })

  it('never touches a host outside the scope', () => {
    expect(flawed.lab.sentinel.connections + fixed.lab.sentinel.connections).toBe(0)
  })

  it('without consent, skips the active checks with the reason and sends none of their requests', async () => {
    const before = fixed.lab.portal.arrivals.length
    const run = await audit(fixed, (e) => {
      ;(e.scope as { active: string[] }).active = []
    })
    for (const id of ['authz.bola', 'authz.bfla', 'authz.logout', 'authz.demo-isolation']) {
      const r = run.results.filter((x) => x.check === id)
      expect(
        r.map((x) => `${x.status} ${x.outcome}`),
        id,
      ).toEqual(['skipped no-consent'])
      expect(r[0]!.summary).toMatch(/scope\.active/)
    }
    expect(Object.values(run.observations).map((o) => o.kind)).not.toContain('identity.access')
    // Passive ones still ran: the inventory, the unauthenticated reads and the session lifetimes.
    expect(run.results.find((r) => r.check === 'surface.unauth-data')?.status).toBe('pass')
    expect(fixed.lab.portal.arrivals.length).toBeGreaterThan(before)
  })

  it('holds the request budget and the rate, counted at the lab', async () => {
    const before = fixed.lab.portal.arrivals.length
    const run = await audit(fixed, (e) => {
      const scope = e.scope as { maxRequests: number; maxRps: number }
      scope.maxRequests = 25
      scope.maxRps = 40
    })
    const arrived = fixed.lab.portal.arrivals.slice(before)
    expect(arrived.length).toBeGreaterThan(0)
    expect(arrived.length).toBeLessThanOrEqual(25)
    // No second of the run saw more requests than maxRps (one slot of slack for the window's edges).
    for (const t0 of arrived)
      expect(arrived.filter((t) => t >= t0 && t < t0 + 1000).length).toBeLessThanOrEqual(41)
    const stopped = run.results.filter((r) => r.status === 'error' || r.status === 'skipped')
    expect(stopped.length).toBeGreaterThan(0)
  })
})
