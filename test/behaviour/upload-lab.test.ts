// smoke.upload on the demo lab: the flawed portal stores a disguised executable, the EICAR file, an oversized file
// and an HTML page, each proven by fetching the stored object back and comparing its bytes; the repaired one takes
// the valid PDF and refuses the rest (413/415/422); every stored object is deleted again; consent off sends
// nothing; the budget and the rate hold, counted at the lab; nothing outside the scope is touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { eicarString } from '../../src/probes/behaviour-upload'
import { UPLOAD_LIMIT } from '../../src/lab/uploads'
import { expectWithinBudget } from '../helpers/budget'
import { auditLab, startTestLab, type TestLab } from '../helpers/lab'
import { PLANTED_UPLOADS } from '../helpers/planted'

const IDS = ['smoke.upload']

const audit = (t: TestLab, change?: (e: Record<string, unknown>) => void): Promise<Run> =>
  auditLab(t, IDS, change)

const line = (r: CheckResult): string => `${r.check}|${r.subject}|${r.status}|${r.severity ?? ''}`
const of = (run: Run): CheckResult => run.results.find((r) => r.check === 'smoke.upload')!

describe('smoke.upload on the demo lab', () => {
  let flawed: TestLab
  let fixed: TestLab
  let flawedRun: Run
  let fixedRun: Run
  beforeAll(async () => {
    ;[flawed, fixed] = await Promise.all([startTestLab('flawed'), startTestLab('fixed')])
    ;[flawedRun, fixedRun] = await Promise.all([audit(flawed), audit(fixed)])
  }, 180_000)
  afterAll(async () => {
    await Promise.all([flawed?.stop(), fixed?.stop()])
  })

  it('finds that the flawed portal stores unsafe files, and nothing else', () => {
    expect(flawedRun.results.map(line).sort()).toEqual(
      PLANTED_UPLOADS.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`).sort(),
    )
    const r = of(flawedRun)
    expect(r.outcome).toBe('accepts-unsafe')
    for (const what of [
      'a Windows executable (MZ header) named invoice.pdf (application/pdf)',
      'a Linux executable (ELF header) named photo.png (image/png)',
      'the EICAR antivirus test file named eicar.pdf',
      `a file one byte over the limit (large.pdf, application/pdf, ${UPLOAD_LIMIT + 1} bytes)`,
      'a file of a type not on the list (page.html, text/html',
    ])
      expect(r.summary).toContain(what)
  })

  it('proves each stored file by content: fetched back, the same bytes, then deleted', () => {
    const r = of(flawedRun)
    const stored = r.evidence.filter((e) => !e.label.startsWith('a valid file'))
    expect(stored).toHaveLength(5)
    for (const e of stored) {
      expect(e.value).toMatch(/^201 application\/json\n\{"id":"u\d+"/)
      expect(e.value).toMatch(
        /fetched https:\/\/api\.acme\.test\/api\/uploads\/u\d+ → 200, \d+ bytes, SHA-256 identical/,
      )
      expect(e.value).toContain('deleted again: DELETE → 204')
    }
    // The executables start with their real magic numbers: "MZ" and "\x7fELF".
    expect(stored[0]!.label).toMatch(/^a Windows executable \(MZ header\): invoice\.pdf .*starts 4d5a/)
    expect(stored[1]!.label).toMatch(/^a Linux executable \(ELF header\): photo\.png .*starts 7f454c46/)
    // Every stored object was deleted again: the lab keeps none of them.
    expect(flawed.lab.behaviour.uploads.stored).toEqual([])
    expect(eicarString()).toHaveLength(68)
  })

  it('passes on the repaired portal, which takes the valid file and refuses every unsafe one', () => {
    expect(fixedRun.results.map((r) => `${r.check} ${r.status} ${r.outcome}`)).toEqual([
      'smoke.upload pass refuses',
    ])
    const summary = of(fixedRun).summary
    for (const refused of [
      'a Windows executable (MZ header) 422',
      'a Linux executable (ELF header) 422',
      'the EICAR antivirus test file 422',
      'a file one byte over the limit 413',
      'a file of a type not on the list 415',
    ])
      expect(summary).toContain(refused)
    expect(fixed.lab.behaviour.uploads.stored).toEqual([])
  })

  it('without consent, reports skipped with the reason and sends the lab nothing', async () => {
    const before = fixed.lab.behaviour.arrivals.length
    const run = await audit(fixed, (e) => {
      ;(e.scope as { active: string[] }).active = ['authz']
    })
    expect(run.results.map((r) => `${r.check} ${r.status} ${r.outcome}`)).toEqual([
      'smoke.upload skipped no-consent',
    ])
    expect(of(run).summary).toMatch(/scope\.active/)
    expect(fixed.lab.behaviour.arrivals.length).toBe(before)
  })

  it('without an upload endpoint, is not configured and sends nothing', async () => {
    const before = fixed.lab.behaviour.arrivals.length
    const run = await audit(fixed, (e) => {
      delete e.upload
    })
    expect(run.results.map((r) => `${r.check} ${r.status} ${r.outcome}`)).toEqual([
      'smoke.upload skipped not-configured',
    ])
    expect(fixed.lab.behaviour.arrivals.length).toBe(before)
  })

  it('holds the request budget and the rate, counted at the lab, and says why it stopped', async () => {
    const before = flawed.lab.behaviour.arrivals.length
    const run = await audit(flawed, (e) => {
      const scope = e.scope as { maxRequests: number; maxRps: number }
      scope.maxRequests = 3
      scope.maxRps = 20
    })
    expectWithinBudget(flawed.lab.behaviour.arrivals.slice(before), 3, 20)
    // The sign-in, the valid file and its fetch spend the budget: with no bad file answered, no verdict is claimed.
    expect(`${of(run).status} ${of(run).code}`).toBe('error STOPPED_ON_HARM')
    expect(of(run).summary).toMatch(/budget of 3 \(scope\.maxRequests\)/)
  })

  it('never touches a host outside the scope', () => {
    expect(flawed.lab.sentinel.connections + fixed.lab.sentinel.connections).toBe(0)
  })
})
