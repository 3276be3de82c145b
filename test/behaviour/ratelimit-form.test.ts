// edge.rate-limit-login through the demo lab's sign-in page, which needs a CSRF token bound to a cookie: as an API
// login with auth.login.csrf, and as auth.kind "form" (the page's own form posted over HTTP, no browser). Each failed
// sign-in reads the page afresh for a new token; the flawed page never throttles (every attempt got past the CSRF
// check and was refused as a wrong password), the repaired one answers 429 after its limit; no CSRF token the page
// handed out reaches the results or any file of the workspace.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckResult, Run } from '../../src/core/types'
import { FIXED_LOGIN_FAILURES } from '../../src/lab/api'
import { auditLab, startTestLab, type TestLab } from '../helpers/lab'

const IDS = ['edge.rate-limit-login']
const SIGN_IN = 'https://app.acme.test/login'
const ATTEMPTS = 8

/** The engagement's auth as a CSRF-guarded API login of the sign-in page, or as that page's form. */
const LOGINS = {
  csrf: {
    username: 'handover-rl-csrf@acme.test',
    auth: {
      kind: 'api',
      login: {
        url: SIGN_IN,
        form: { email: '{username}', password: '{password}', csrf: '{csrf}' },
        csrf: { field: 'csrf' },
      },
      carry: 'cookie',
    },
  },
  form: {
    username: 'handover-rl-form@acme.test',
    auth: {
      kind: 'form',
      login: {
        url: SIGN_IN,
        selectors: { username: '#email', password: '#password', submit: '#signin' },
        successPrefix: 'https://app.acme.test/portal/',
      },
    },
  },
} as const
type Kind = keyof typeof LOGINS

const audit = (t: TestLab, kind: Kind, change?: (e: Record<string, unknown>) => void): Promise<Run> =>
  auditLab(t, IDS, (e) => {
    e.auth = structuredClone(LOGINS[kind].auth)
    e.rateLimits = { login: { attempts: ATTEMPTS, username: LOGINS[kind].username } }
    change?.(e)
  })

const only = (run: Run): CheckResult => {
  expect(run.results).toHaveLength(1)
  return run.results[0]!
}

describe('failed sign-ins through a sign-in page that needs a CSRF token', () => {
  let flawed: TestLab
  let fixed: TestLab
  const runs = {} as Record<`${'flawed' | 'fixed'} ${Kind}`, Run>
  beforeAll(async () => {
    ;[flawed, fixed] = await Promise.all([startTestLab('flawed'), startTestLab('fixed')])
    for (const kind of ['csrf', 'form'] as const) {
      ;[runs[`flawed ${kind}`], runs[`fixed ${kind}`]] = await Promise.all([
        audit(flawed, kind),
        audit(fixed, kind),
      ])
    }
  }, 180_000)
  afterAll(async () => {
    await Promise.all([flawed?.stop(), fixed?.stop()])
  })

  for (const kind of ['csrf', 'form'] as const) {
    it(`${kind}: finds the flawed page never throttles, each attempt refused as a wrong password`, () => {
      const r = only(runs[`flawed ${kind}`])
      expect(`${r.fingerprint} ${r.status} ${r.outcome} ${r.severity}`).toBe(
        `edge.rate-limit-login|POST ${SIGN_IN} fail never-throttled high`,
      )
      expect(r.evidence.map((e) => e.label)).toEqual([
        'first answer (request 1)',
        `last answer (request ${ATTEMPTS})`,
      ])
      // By content: the last answer is still the sign-in page saying the password was wrong, not "Session expired"
      // (a token that was stale or missing would have been refused before the password was looked at).
      for (const e of r.evidence) {
        expect(e.value).toMatch(/^200\n/)
        expect(e.value).toContain('Wrong e-mail or password.')
      }
      // Every attempt passed the CSRF check and counted as a failed sign-in of the probing username, none of a real one.
      expect(flawed.lab.accounts.failures.get(LOGINS[kind].username)?.length).toBe(ATTEMPTS)
      for (const a of flawed.lab.accounts.accounts)
        expect(flawed.lab.accounts.failures.has(a.username)).toBe(false)
    })

    it(`${kind}: passes on the repaired page at its first 429, sending no further sign-in`, () => {
      const r = only(runs[`fixed ${kind}`])
      expect(`${r.status} ${r.outcome}`).toBe('pass throttled')
      expect(r.summary).toContain(
        `request ${FIXED_LOGIN_FAILURES + 1} answered 429 Too Many Requests (Retry-After 60)`,
      )
      expect(fixed.lab.accounts.failures.get(LOGINS[kind].username)?.length).toBe(FIXED_LOGIN_FAILURES)
    })
  }

  it('keeps every CSRF token the page handed out out of the results and every file, raw or encoded', () => {
    for (const t of [flawed, fixed]) {
      const tokens = t.lab.portal.csrfTokens()
      // One fresh page (and token) per attempt of both series.
      expect(tokens.length).toBeGreaterThanOrEqual(2 * (FIXED_LOGIN_FAILURES + 1))
      const forms = tokens.flatMap((v) => [
        v,
        encodeURIComponent(v),
        Buffer.from(v).toString('base64'),
        Buffer.from(v).toString('hex'),
      ])
      const results = JSON.stringify(Object.values(runs))
      const files = readdirSync(t.dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
      expect(files.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true)
      for (const form of forms) expect(results.includes(form), `${form.slice(0, 4)}… in a result`).toBe(false)
      for (const file of files) {
        const text = readFileSync(file, 'latin1')
        for (const form of forms) expect(text.includes(form), `${form.slice(0, 4)}… in ${file}`).toBe(false)
      }
    }
    // The evidence shows the page's hidden field, blanked.
    expect(only(runs['flawed form']).evidence[0]!.value).toContain('name="csrf" value="[hidden]"')
  })

  it('holds the budget counting both the page reads and the sign-ins, and says why it stopped', async () => {
    const username = 'handover-rl-budget@acme.test'
    const pages = flawed.lab.portal.csrfTokens().length
    const run = await audit(flawed, 'form', (e) => {
      e.rateLimits = { login: { attempts: ATTEMPTS, username } }
      ;(e.scope as { maxRequests: number }).maxRequests = 7
    })
    const reads = flawed.lab.portal.csrfTokens().length - pages
    const signIns = flawed.lab.accounts.failures.get(username)?.length ?? 0
    expect(`${reads} page reads, ${signIns} sign-ins`).toBe('4 page reads, 3 sign-ins')
    const r = only(run)
    // The series could not finish, so it may not claim "never throttled".
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/scope\.maxRequests/)
  })

  it('reports a sign-in page without a form in its HTML as an error naming why, never a pass', async () => {
    const run = await audit(fixed, 'form', (e) => {
      ;(e.auth as { login: { url: string } }).login.url = 'https://app.acme.test/portal/'
    })
    const r = only(run)
    expect(`${r.status} ${r.code}`).toBe('error RATE_LIMIT_NOT_TESTED')
    expect(r.summary).toContain('has no sign-in form in its HTML')
  })
})
