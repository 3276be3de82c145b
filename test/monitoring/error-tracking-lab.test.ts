// monitor.error-tracking on the demo lab, in real Chromium: the flawed portal names a Sentry DSN but loads no SDK
// (config-only, and nothing reaches the lab's ingest); the fixed portal's bundle initialises a client that sends
// the probe's marked test exception to the lab's Sentry-style envelope endpoint, which the test reads back.
import { createHook } from 'node:async_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { haveTools } from '../helpers/tools'
import type { ErrorTrackingFacts } from '../../src/probes/monitor-error-tracking'
import { auditLab, startTestLab, type TestLab } from '../helpers/lab'

const CHECK = 'monitor.error-tracking'
const SUBJECT = 'https://app.acme.test/'

/** Runs `fn`; the creation sites of the timers in src/probes/ it started that still hold the process open after. */
async function timersLeftBy(fn: () => Promise<unknown>): Promise<string[]> {
  const live = new Map<number, { timer: NodeJS.Timeout; site: string }>()
  const hook = createHook({
    init(id, type, _trigger, resource) {
      const site = new Error().stack?.split('\n').find((l) => l.includes('/src/probes/'))
      if (type === 'Timeout' && site) live.set(id, { timer: resource as NodeJS.Timeout, site: site.trim() })
    },
    destroy: (id) => live.delete(id),
  })
  hook.enable()
  try {
    await fn()
  } finally {
    hook.disable()
  }
  return [...live.values()].filter((t) => t.timer.hasRef()).map((t) => t.site)
}

const resultOf = (run: Run): Run['results'][number] | undefined => run.results.find((r) => r.check === CHECK)
const factsOf = (run: Run): ErrorTrackingFacts => {
  const obs = Object.values(run.observations).find((o) => o.kind === CHECK)
  if (!obs?.data) throw new Error(`no ${CHECK} observation in run ${run.id}`)
  return obs.data as ErrorTrackingFacts
}

describe.skipIf(!haveTools('monitor.error-tracking lab', 'chromium'))(
  'monitor.error-tracking on the demo lab',
  () => {
    let t: TestLab
    beforeAll(async () => {
      t = await startTestLab('flawed')
    }, 60_000)
    afterAll(() => t.stop())

    it('fails the flawed portal: a DSN in its framework payload, no SDK, and the test exception goes nowhere', async () => {
      t.lab.setMode('flawed')
      const before = t.lab.monitoring.errors.received.length
      const run = await auditLab(t, [CHECK])
      const result = resultOf(run)
      expect(result).toMatchObject({
        fingerprint: `${CHECK}|${SUBJECT}`,
        status: 'fail',
        severity: 'medium',
        outcome: 'config-only',
      })
      expect(result?.summary).toContain('Sentry')
      expect(result?.summary).toContain('o4507.ingest.sentry.io/4508')
      const facts = factsOf(run)
      expect(facts.browser.thrown).toBe(true)
      expect(facts.signatures.filter((s) => s.signal === 'sdk')).toEqual([])
      expect(facts.browser.requests.filter((r) => r.carriesTest)).toEqual([])
      expect(t.lab.monitoring.errors.received.length).toBe(before)
    }, 120_000)

    it('passes the fixed portal: its Sentry client posts the marked exception to the lab ingest, which accepts it', async () => {
      t.lab.setMode('fixed')
      const before = t.lab.monitoring.errors.received.length
      let run: Run | undefined
      // No timer of the probe outlives it: one left waiting for the deadline kept `handover audit` alive ~55 s.
      expect(await timersLeftBy(async () => (run = await auditLab(t, [CHECK])))).toEqual([])
      if (!run) throw new Error('no run')
      const result = resultOf(run)
      expect(result).toMatchObject({
        fingerprint: `${CHECK}|${SUBJECT}`,
        status: 'pass',
        outcome: 'captures',
      })
      expect(result?.summary).toContain('POST https://api.acme.test/api/4508/envelope/')
      expect(result?.summary).toContain('carrying the test exception')
      const facts = factsOf(run)
      expect(facts.signatures.map((s) => `${s.provider} ${s.signal}`)).toContain('Sentry sdk')
      expect(facts.signatures.find((s) => s.dsn?.host === 'api.acme.test')?.dsn?.project).toBe('4508')
      // What arrived at the ingest: a browser SDK's error event carrying the probe's marker.
      const arrived = t.lab.monitoring.errors.received.slice(before)
      const test = arrived.find((e) => e.exception?.includes(facts.browser.marker!))
      expect(test).toMatchObject({ project: '4508', sdk: 'sentry.javascript.browser' })
      expect(test?.items.map((i) => i.type)).toEqual(['event'])
    }, 120_000)
  },
)
