// smoke.cache-switch on the demo lab, in Chromium: the flawed statement page is kept by the browser
// (`private, max-age=600`), so after alice signs out the back button shows her invoices on the shared browser; the
// repaired portal (`no-store`, `Clear-Site-Data: "cache"`)
// shows neither. The public news page, cached for everyone in both modes, is never counted. Consent off → skipped
// and nothing sent; the budget holds, counted at the lab.
import { describe, expect, it } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { FLAWED_STATEMENT_CACHE } from '../../src/lab/flows'
import { haveTools } from '../helpers/tools'
import { auditLab, labPair } from '../helpers/lab'
import { PLANTED_FLOWS } from '../helpers/planted'

const IDS = ['smoke.cache-switch']
const of = (run: Run): CheckResult => run.results.find((r) => r.check === 'smoke.cache-switch')!

describe.skipIf(!haveTools('smoke.cache-switch lab', 'chromium'))(
  'smoke.cache-switch on the demo lab',
  () => {
    // One audit at a time: two Chromium sessions at once on a loaded 2-core machine only slow each other.
    const pair = labPair(IDS, { timeoutMs: 240_000, sequential: true })

    it('finds that alice’s invoices are shown again after she signs out, by content', () => {
      const planted = PLANTED_FLOWS.find((p) => p.fingerprint.startsWith('smoke.cache-switch|'))!
      const r = of(pair.flawedRun)
      expect(`${r.fingerprint}|${r.outcome}|${r.status}|${r.severity}`).toBe(
        `${planted.fingerprint}|${planted.outcome}|${planted.status}|${planted.severity}`,
      )
      // Proof by content: the markers are alice's own invoice references, read from the lab's ground truth.
      const references = pair.flawed.lab.portal.objects
        .filter((o) => o.kind === 'invoices' && o.owner === 'alice')
        .map((o) => String(o.data.reference))
      const bob = pair.flawed.lab.portal.objects
        .filter((o) => o.kind === 'invoices' && o.owner === 'bob')
        .map((o) => String(o.data.reference))
      const views = r.evidence.filter((e) => / \(from /.test(e.label))
      const back = views.find((e) => e.label.startsWith('after sign-out, back'))!
      expect(back.label).toContain('https://app.acme.test/portal/statement')
      expect(references.some((ref) => back.value!.includes(ref))).toBe(true)
      // Restored from the back/forward cache, or (were that off) the HTTP cache: either way not from the server.
      expect(back.label).toMatch(/from the (back\/forward cache|browser’s HTTP cache)\)$/)
      expect(r.summary).toContain('after sign-out, back (https://app.acme.test/portal/statement)')
      for (const e of r.evidence) for (const ref of bob) expect(e.value ?? '').not.toContain(ref)
      expect(r.summary).toContain(FLAWED_STATEMENT_CACHE)
    })

    it('never counts the public news page, the same for everyone and cached in both modes', () => {
      for (const run of [pair.flawedRun, pair.fixedRun]) {
        const news = of(run).evidence.filter((e) => e.label.includes('/portal/news ('))
        expect(news.length).toBeGreaterThan(0)
        for (const e of news) expect(e.value).toBe('nothing of alice')
        expect(of(run).evidence.find((e) => e.label.startsWith('markers of'))!.value).not.toContain(
          'REL-2026',
        )
      }
    })

    it('passes on the repaired portal: no-store, Clear-Site-Data, and bob sees only his own invoices', () => {
      const r = of(pair.fixedRun)
      expect(`${r.status} ${r.outcome}`).toBe('pass no-leak')
      const label = (start: string): string | undefined =>
        r.evidence.find((e) => e.label.startsWith(start))?.value
      expect(label('Cache-Control of https://app.acme.test/portal/statement')).toBe('no-store')
      expect(label('Clear-Site-Data on sign-out')).toBe('"cache"')
      expect(r.evidence.filter((e) => / \(from /.test(e.label)).map((e) => e.value)).toEqual(
        Array(4).fill('nothing of alice'),
      )
    })

    it('without consent, reports skipped with the reason and the lab sees no sign-in', async () => {
      const before = pair.fixed.lab.accounts.issuedTokens().length
      const run = await auditLab(pair.fixed, IDS, (e) => {
        ;(e.scope as { active: string[] }).active = ['authz']
      })
      expect(`${of(run).status} ${of(run).outcome}`).toBe('skipped no-consent')
      expect(pair.fixed.lab.accounts.issuedTokens().length).toBe(before)
    })

    it('stops when the request budget is spent and says so', async () => {
      const run = await auditLab(pair.fixed, IDS, (e) => {
        ;(e.scope as { maxRequests: number }).maxRequests = 6
      })
      expect(`${of(run).status} ${of(run).code}`).toBe('error BUDGET_EXHAUSTED')
      expect(of(run).summary).toContain('the request budget of 6 (scope.maxRequests) is spent')
    })
  },
)
