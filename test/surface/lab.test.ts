// The demo lab's HTTP surface: every planted flaw is found with its check, subject and severity, and with the
// redacted request and response that show it; the fixed lab passes every surface check; the decoys (the portal's
// catch-all 200 page, the public-by-design endpoint) are seen and never reported; nothing leaves the scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { SURFACE_CHECKS } from '../../src/checks/surface'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED_SURFACE } from '../helpers/planted'
import type { CorsFacts } from '../../src/probes/surface-cors'
import type { ErrorLeakFacts } from '../../src/probes/smoke-errors'

const CHECK_IDS = SURFACE_CHECKS.map((c) => c.id)

async function audit(t: TestLab): Promise<Run> {
  const ws = await Workspace.open(t.lab.workspace)
  if (!ws.ok) throw new Error(ws.error.message)
  return runAudit({
    workspace: ws.value,
    credentials: new MemoryCredentials(t.lab.credentials()),
    selection: { checks: CHECK_IDS },
  })
}

describe('the HTTP surface of the demo lab', () => {
  let t: TestLab
  const runs: Partial<Record<'flawed' | 'fixed', Run>> = {}
  beforeAll(async () => {
    t = await startTestLab('flawed')
    runs.flawed = await audit(t)
    t.lab.setMode('fixed')
    runs.fixed = await audit(t)
  }, 120_000)
  afterAll(() => t.stop())

  it.each(PLANTED_SURFACE.map((p) => [p.fingerprint, p] as const))(
    'finds %s with its outcome and severity, and the redacted request and response as evidence',
    (_f, flaw) => {
      const result = runs.flawed!.results.find((r) => r.fingerprint === flaw.fingerprint)
      expect(result, flaw.fingerprint).toMatchObject({
        outcome: flaw.outcome,
        status: flaw.status,
        severity: flaw.severity,
      })
      const labels = result!.evidence.map((e) => e.label)
      expect(labels).toContain('request')
      expect(labels).toContain('response')
      const request = result!.evidence.find((e) => e.label === 'request')!
      expect(request.value).toMatch(/^(GET|POST|OPTIONS|HEAD) https:\/\//)
      expect(
        runs.flawed!.observations[request.observation!],
        'the evidence names its observation',
      ).toBeDefined()
    },
  )

  it('reports nothing but the planted flaws when flawed, and passes every surface check once fixed', () => {
    const unexpected = runs.flawed!.results.filter(
      (r) => r.status !== 'pass' && !PLANTED_SURFACE.some((p) => p.fingerprint === r.fingerprint),
    )
    expect(unexpected.map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`)).toEqual([])
    const failing = runs.fixed!.results.filter((r) => r.status !== 'pass')
    expect(failing.map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`)).toEqual([])
    for (const id of CHECK_IDS)
      expect(
        runs.fixed!.results.some((r) => r.check === id),
        `${id} has results`,
      ).toBe(true)
  })

  it('sees the public-by-design endpoint open to every origin and does not report it, flawed or fixed', () => {
    for (const run of [runs.flawed!, runs.fixed!]) {
      const obs = Object.values(run.observations).find(
        (o) => o.kind === 'http.cors' && o.subject === 'https://api.acme.test/api/public/plans',
      )
      const trials = (obs?.data as CorsFacts).trials
      expect(trials.length).toBeGreaterThan(0)
      for (const tr of trials) expect(tr.exchange?.headers['access-control-allow-origin']).toBe('*')
      const api = run.results.find((r) => r.fingerprint === 'surface.cors|https://api.acme.test')!
      expect(api.evidence.some((e) => e.label.includes('/api/public/plans') && e.label === 'request')).toBe(
        false,
      )
    }
    const fixedApi = runs.fixed!.results.find((r) => r.fingerprint === 'surface.cors|https://api.acme.test')
    expect(fixedApi).toMatchObject({ outcome: 'restricted', status: 'pass' })
    expect(fixedApi!.summary).toContain('https://api.acme.test/api/public/plans')
  })

  it('sees the error-leak decoys and does not report them: a stack-trace sample every portal page shows, a plain 500', () => {
    for (const run of [runs.flawed!, runs.fixed!]) {
      const leakFacts = (origin: string): ErrorLeakFacts =>
        Object.values(run.observations).find((o) => o.kind === 'http.error-leak' && o.subject === origin)!
          .data as ErrorLeakFacts
      const app = leakFacts('https://app.acme.test')
      const sample = 'at Object.<anonymous> (/home/dev/acme-sdk/examples/invoice.js:3:9)'
      expect(app.control?.leaks.map((l) => l.line)).toContain(sample)
      const shell = app.trials.find((tr) => tr.name === 'unknown-route')!
      expect(shell.exchange?.status).toBe(200)
      expect(shell.leaks.map((l) => l.line)).toContain(sample)
      expect(run.results.find((r) => r.fingerprint === 'smoke.error-leak|app.acme.test')).toMatchObject({
        outcome: 'no-leak',
        status: 'pass',
      })
      const api = leakFacts('https://api.acme.test')
      const generic = api.trials.filter((tr) => tr.template === '/api/invoices/{id}')
      expect(generic.map((tr) => tr.exchange?.status)).toEqual([500, 500, 500])
      for (const tr of generic) expect(tr.leaks).toEqual([])
    }
    const fixedApi = runs.fixed!.results.find((r) => r.fingerprint === 'smoke.error-leak|api.acme.test')
    expect(fixedApi).toMatchObject({ outcome: 'no-leak', status: 'pass' })
    const flawedApi = runs.flawed!.results.find((r) => r.fingerprint === 'smoke.error-leak|api.acme.test')!
    expect(flawedApi.summary).toContain('POST https://api.acme.test/api/login (a malformed JSON body)')
    const response = flawedApi.evidence.find((e) => e.label === 'response')!
    expect(response.value).toMatch(/^HTTP 500\n/)
    expect(response.value).toContain('quoted: at parse (/srv/acme-portal/node_modules/body-parser/')
  })

  it('keeps session tokens and lab values out of the run, and sends nothing out of scope', () => {
    for (const run of [runs.flawed!, runs.fixed!]) {
      const text = JSON.stringify(run)
      for (const token of t.lab.accounts.issuedTokens()) expect(text.includes(token)).toBe(false)
      for (const value of Object.values(t.lab.surface.planted)) expect(text.includes(value)).toBe(false)
      const contacted = Object.values(run.observations)
        .flatMap((o) => o.transcript ?? [])
        .filter((e) => e.kind === 'http' || e.kind === 'tcp' || e.kind === 'tls')
        .map((e) => e.target.replace(/:\d+$/, ''))
      expect(contacted.length).toBeGreaterThan(0)
      expect(contacted.filter((h) => h !== 'acme.test' && !h.endsWith('.acme.test'))).toEqual([])
    }
    expect(t.lab.sentinel.connections).toBe(0)
  })
})
