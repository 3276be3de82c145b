// The access checks on the demo lab: every planted flaw found with its check id, subject, severity and evidence
// pair; every check passing once fixed; the decoys never reported; consent, budget, rate and scope held.
import { describe, expect, it } from 'vitest'
import { IDENTITY_CHECKS } from '../../src/checks/identity'
import type { Run } from '../../src/core/types'
import { Workspace } from '../../src/store/workspace'
import { expectWithinBudget } from '../helpers/budget'
import { auditLab, labPair, resultLine, type TestLab } from '../helpers/lab'
import { PLANTED_IDENTITY } from '../helpers/planted'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { authMapOf, type AuthMap } from '../../src/deliverables/auth-map'
import { portalGroundTruth } from '../../src/lab/portal'
import type { LabMode } from '../../src/lab/types'
import { reportToMarkdown } from '../../src/report/markdown'
import { reportModel } from '../../src/report/pack'
import { renderReportPdf } from '../../src/report/pdf'
import { haveTools } from '../helpers/tools'

const IDS = IDENTITY_CHECKS.map((c) => c.id)

const audit = (t: TestLab, change?: (e: Record<string, unknown>) => void): Promise<Run> =>
  auditLab(t, IDS, change)

/** The map as `subject → role → state`, the shape of the lab's ground truth. */
const states = (map: AuthMap): Record<string, Record<string, string>> =>
  Object.fromEntries(
    map.rows.map((r) => [
      r.subject,
      Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, c.state])),
    ]),
  )

const routesOf = (t: TestLab): { path: string; roles?: string[] }[] =>
  (t.lab.engagement() as { portal: { routes: { path: string; roles?: string[] }[] } }).portal.routes

/** Every planted access flaw of the flawed lab, as check|subject|status|severity. */
const PLANTED = PLANTED_IDENTITY.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`).sort()

describe('access checks on the demo lab', () => {
  const lab = labPair(IDS, { timeoutMs: 240_000, sequential: true })

  it('finds every planted access flaw with the right check, subject and severity, and nothing else', () => {
    const found = lab.flawedRun.results.filter(
      (r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error',
    )
    expect(found.map(resultLine).sort()).toEqual(PLANTED)
  })

  it('backs every bypass with the pair: the owner’s own answer and the other account’s', () => {
    for (const r of lab.flawedRun.results.filter(
      (x) => x.status === 'fail' && /bola|bfla|demo|unauth/.test(x.check),
    )) {
      expect(r.evidence.length, r.fingerprint).toBeGreaterThanOrEqual(2)
      for (const e of r.evidence) expect(e.observation, r.fingerprint).toBeTruthy()
    }
    const bola = lab.flawedRun.results.find((r) => r.check === 'authz.bola' && r.status === 'fail')!
    const [own, other] = bola.evidence
    // The same object data on both sides: the reader got the owner's record.
    const reference =
      /"reference":"([^"]+)"/.exec(own?.value ?? '')?.[1] ?? 'no reference in the owner’s answer'
    expect(other?.value).toContain(reference)
  })

  it('never reports the decoys: the caller’s own file for any id, a 200 "access denied" page, a 302 to login', () => {
    for (const run of [lab.flawedRun, lab.fixedRun]) {
      const by = (check: string, subject: string) =>
        run.results.find((r) => r.check === check && r.subject === subject)
      expect(by('authz.bola', 'GET /api/files/{id}')?.status).toBe('pass')
      expect(by('authz.bfla', 'GET /api/admin/audit')?.status).toBe('pass')
      expect(by('surface.unauth-data', 'GET /api/billing')?.status).toBe('pass')
    }
  })

  it('passes every access check on the repaired portal', () => {
    const notPassing = lab.fixedRun.results.filter((r) => r.status !== 'pass')
    expect(notPassing.map(resultLine)).toEqual([])
    for (const id of IDS)
      expect(
        lab.fixedRun.results.some((r) => r.check === id),
        id,
      ).toBe(true)
  })

  it('leaves no password, session token, cookie or reset link in any run file, raw or encoded', () => {
    for (const t of [lab.flawed, lab.fixed]) {
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

  it('draws the auth map of the lab cell for cell as the lab’s ground truth, in both modes', () => {
    for (const [t, run, mode] of [
      [lab.flawed, lab.flawedRun, 'flawed'],
      [lab.fixed, lab.fixedRun, 'fixed'],
    ] as const satisfies readonly (readonly [TestLab, Run, LabMode])[]) {
      const map = authMapOf(run, routesOf(t))!
      expect(map.roles, mode).toEqual(['client', 'admin', 'demo', 'anonymous'])
      const truth = portalGroundTruth(mode)
      const got = states(map)
      expect(Object.fromEntries(Object.keys(truth).map((k) => [k, got[k]])), mode).toEqual(truth)
      // Rows outside the client area (other labs' endpoints) carry no bypass: none is planted there.
      for (const [subject, row] of Object.entries(got))
        if (!(subject in truth)) expect(Object.values(row), `${mode} ${subject}`).not.toContain('bypass')
      // Every decided cell cites an exchange that the map lists, with its observation.
      const ids = new Set(map.evidence.map((e) => e.id))
      for (const r of map.rows)
        for (const [role, c] of Object.entries(r.cells)) {
          if (c.state === 'not tried') continue
          expect(ids.has(c.evidence ?? ''), `${mode} ${r.subject} ${role}`).toBe(true)
        }
      for (const e of map.evidence) expect(run.observations[e.observation], e.id).toBeDefined()
    }
    // A bypass cell cites the other account's request, not the owner's own.
    const flawedMap = authMapOf(lab.flawedRun, routesOf(lab.flawed))!
    const cell = flawedMap.rows.find((r) => r.subject === 'GET /api/invoices/{id}')!.cells.client!
    const cited = flawedMap.evidence.find((e) => e.id === cell.evidence)!
    const owner = /carries (alice|bob)'s data/.exec(cited.why)?.[1]
    const reader = / as (alice|bob)$/.exec(cited.request)?.[1]
    expect(owner && reader && owner !== reader, `${cited.request}: ${cited.why}`).toBe(true)
  })

  it('puts the auth map in the report model, the Markdown and the PDF, with no secret in any of them', async () => {
    const ws = await Workspace.open(lab.flawed.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const built = await reportModel(ws.value, lab.flawedRun.id)
    if (!built.ok) throw new Error(built.error.message)
    const map = built.value.model.deliverables.items.find((d) => d.id === 'auth-map')!
    expect(map.status).toBe('ready')
    const rows = map.sections[0]!.table!.rows
    expect(rows.find((r) => r[0] === 'GET /api/invoices/{id}')?.[1]).toMatch(/^bypass · A\d+$/)
    expect(rows.find((r) => r[0] === 'GET /api/admin/audit')?.[1]).toMatch(/^denied · A\d+$/)
    const markdown = reportToMarkdown(built.value.model)
    expect(markdown).toContain('### Auth map (ready)')
    expect(markdown).toMatch(/\| UI \/portal\/admin \| bypass · A\d+ \|/)
    const outputs = [markdown, JSON.stringify(built.value.model)]
    if (haveTools('auth map in the PDF', 'pdftotext')) {
      const file = path.join(lab.flawed.dir, 'auth-map.pdf')
      writeFileSync(file, await renderReportPdf(built.value.model))
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout
      expect(text).toContain('Auth map')
      expect(text.replace(/\s+/g, ' ')).toMatch(/bypass · A\d+/)
      outputs.push(text)
    }
    const secrets = [
      ...lab.flawed.lab.accounts.accounts.map((a) => a.password),
      ...lab.flawed.lab.accounts.issuedTokens(),
      ...lab.flawed.lab.portal.resetTokens(),
    ]
    for (const v of secrets)
      for (const form of [v, encodeURIComponent(v), Buffer.from(v).toString('base64')])
        for (const out of outputs) expect(out.includes(form), `${form.slice(0, 4)}…`).toBe(false)
  })

  it('carries the admin action out once on the flawed portal, and is challenged for step-up on the repaired one', () => {
    // Proof by content: the flawed answer repeats the invited address, and the lab really sent one invite.
    expect(lab.flawed.lab.portal.invites.map((i) => i.email)).toEqual(['handover-stepup@acme.test'])
    const flawedStepup = lab.flawedRun.results.find((r) => r.check === 'authz.admin-stepup')!
    expect(flawedStepup.evidence[0]?.value).toMatch(/^201 [^\n]*\n[^]*"email":"handover-stepup@acme\.test"/)
    expect(flawedStepup.summary).toContain('as root')
    expect(lab.fixed.lab.portal.invites).toEqual([])
    const fixedStepup = lab.fixedRun.results.find((r) => r.check === 'authz.admin-stepup')!
    expect(fixedStepup.outcome).toBe('step-up-required')
    expect(fixedStepup.evidence[0]?.value).toMatch(
      /WWW-Authenticate: Bearer error="insufficient_user_authentication"/,
    )
  })

  it('builds the stage-2 checklist from what each run measured, with the confirmations people saved', async () => {
    const rowsOf = async (t: TestLab, run: Run): Promise<Record<string, string[]>> => {
      const ws = await Workspace.open(t.lab.workspace)
      if (!ws.ok) throw new Error(ws.error.message)
      const built = await reportModel(ws.value, run.id)
      if (!built.ok) throw new Error(built.error.message)
      const list = built.value.model.deliverables.items.find((d) => d.id === 'stage2-checklist')!
      expect(list.status).toBe('ready')
      expect(list.sections[0]!.inputs!.map((i) => i.key)).toEqual([
        'login',
        'logout',
        'reset-password',
        'invite-user',
        'session-expiry',
      ])
      return Object.fromEntries(list.sections[0]!.table!.rows.map((r) => [r[0]!, r.slice(1)]))
    }
    const ws = await Workspace.open(lab.fixed.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const saved = await ws.value.setDeliverableNote(
      'stage2-checklist',
      'logout',
      'Tried on two devices, Dana, 2 Dec',
    )
    expect(saved.ok).toBe(true)
    const bad = await rowsOf(lab.flawed, lab.flawedRun)
    expect(bad['Login']?.slice(0, 2)).toEqual(['4 of 4 accounts signed in.', 'done'])
    expect(bad['Logout']?.[1]).toBe('open')
    expect(bad['Logout']?.[0]).toMatch(/authz\.logout · POST https:\/\/api\.acme\.test\/api\/logout: fail/)
    expect(bad['Reset password']?.[1]).toBe('open')
    expect(bad['Invite user']?.[0]).toMatch(
      /authz\.admin-stepup · POST https:\/\/api\.acme\.test\/api\/admin\/invites: fail/,
    )
    expect(bad['Invite user']?.[1]).toBe('open')
    expect(bad['Session expiry']?.[1]).toBe('open')
    expect(bad['Logout']?.[2]).toBe('not confirmed yet')
    const good = await rowsOf(lab.fixed, lab.fixedRun)
    expect(Object.values(good).map((r) => r[1])).toEqual(['done', 'done', 'done', 'done', 'done'])
    expect(good['Logout']?.[2]).toBe('Tried on two devices, Dana, 2 Dec')
  })

  it('never touches a host outside the scope', () => {
    expect(lab.flawed.lab.sentinel.connections + lab.fixed.lab.sentinel.connections).toBe(0)
  })

  it('without consent, skips the active checks with the reason and sends none of their requests', async () => {
    const before = lab.fixed.lab.portal.arrivals.length
    const run = await audit(lab.fixed, (e) => {
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
    // The admin action is a write: without consent it is not sent, and a person is asked instead.
    expect(Object.values(run.observations).map((o) => o.kind)).not.toContain('identity.stepup')
    const stepup = run.results.filter((r) => r.check === 'authz.admin-stepup')
    expect(stepup.map((r) => `${r.status} ${r.outcome} ${r.subject}`)).toEqual(['manual awaiting engagement'])
    expect(lab.fixed.lab.portal.invites).toEqual([])
    // The auth map says what it could not try: no role is tried on what it does not own.
    const map = authMapOf(run, routesOf(lab.fixed))!
    expect(map.crossTried).toBe(false)
    expect(states(map)['GET /api/admin/users']).toMatchObject({ client: 'not tried', demo: 'not tried' })
    expect(states(map)['GET /api/invoices']).toMatchObject({ client: 'allowed', anonymous: 'denied' })
    // Passive ones still ran: the inventory, the unauthenticated reads and the session lifetimes.
    expect(run.results.find((r) => r.check === 'surface.unauth-data')?.status).toBe('pass')
    expect(lab.fixed.lab.portal.arrivals.length).toBeGreaterThan(before)
  })

  it('holds the request budget and the rate, counted at the lab', async () => {
    const before = lab.fixed.lab.portal.arrivals.length
    const run = await audit(lab.fixed, (e) => {
      const scope = e.scope as { maxRequests: number; maxRps: number }
      scope.maxRequests = 25
      scope.maxRps = 40
    })
    const arrived = lab.fixed.lab.portal.arrivals.slice(before)
    expectWithinBudget(arrived, 25, 40)
    const stopped = run.results.filter((r) => r.status === 'error' || r.status === 'skipped')
    expect(stopped.length).toBeGreaterThan(0)
  })
})
