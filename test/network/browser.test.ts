// The headless browser obeys the network layer: scope, connect-to, the lab resolver, the budget, transcripts.
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TranscriptEntry } from '../../src/core/types'
import { BrowserSession, type AuditContext } from '../../src/network/browser'
import { networkFor, Recorder, type Network } from '../../src/network/network'
import { Workspace } from '../../src/store/workspace'
import { startTestLab, type TestLab } from '../helpers/lab'
import { haveTools } from '../helpers/tools'

const SENTINEL = 'sentinel.outside.test'

describe.skipIf(!haveTools('headless browser', 'chromium'))('the headless browser', () => {
  let t: TestLab
  let sentinelPort = 0
  const networks: Network[] = []
  const open: BrowserSession[] = []

  async function launch(
    maxRequests = 3000,
  ): Promise<{ browser: BrowserSession; rec: Recorder; network: Network }> {
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const network = networkFor({
      ...ws.value.engagement,
      scope: { ...ws.value.engagement.scope, maxRequests },
    })
    networks.push(network)
    const rec = new Recorder(network.redactor)
    const browser = await BrowserSession.launch(network, rec, { deadline: Date.now() + 30_000 })
    if (!browser.ok) throw new Error(browser.error.message)
    open.push(browser.value)
    return { browser: browser.value, rec, network }
  }

  async function context(browser: BrowserSession, rec: Recorder, intercept = true): Promise<AuditContext> {
    const ctx = await browser.newContext({ rec, intercept })
    if (!ctx.ok) throw new Error(ctx.error.message)
    return ctx.value
  }

  beforeAll(async () => {
    t = await startTestLab('flawed')
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const rule = ws.value.engagement.net.connectTo.find((r) => r.startsWith(`${SENTINEL}:80:`))
    sentinelPort = Number(rule?.split(':').at(-1))
  })
  afterAll(async () => {
    await Promise.all(open.map((b) => b.close()))
    await t.stop()
  })

  const refusedTargets = (entries: TranscriptEntry[]): string[] =>
    entries.filter((e) => e.code === 'OUT_OF_SCOPE').map((e) => e.target)

  it('reaches an in-scope lab host through connect-to and records the tunnel in the transcript', async () => {
    const { browser, rec } = await launch()
    const ctx = await context(browser, rec)
    const visit = await ctx.visit('https://app.acme.test/')
    expect(visit.ok && visit.value.status).toBe(200)
    const nav = ctx.requests.find((r) => r.navigation)
    expect(nav).toMatchObject({ method: 'GET', url: 'https://app.acme.test/', status: 200 })
    const lines = rec.entries.map((e) => `${e.kind} ${e.target} ${e.detail}`)
    expect(
      lines.some((l) => /^dns app\.acme\.test app\.acme\.test:443 → 127\.0\.0\.1:\d+ \(connect-to\)/.test(l)),
    ).toBe(true)
    expect(lines).toContain('tcp app.acme.test:443 tunnel opened for the browser (CONNECT)')
    expect(lines).toContain('http app.acme.test browser GET https://app.acme.test/ → 200')
    expect(ctx.proxyStats.tunnels).toBeGreaterThan(0)
  })

  it('asks the engagement resolver, not the system, for a name Chromium needs', async () => {
    const { browser, rec } = await launch()
    const ctx = await context(browser, rec)
    // In scope but absent from the lab zone: only our resolver can say so, and the transcript shows it did.
    const visit = await ctx.visit('https://nowhere.acme.test/')
    expect(visit.ok).toBe(false)
    expect(
      rec.entries.some(
        (e) => e.kind === 'dns' && e.target === 'nowhere.acme.test' && e.code === 'DNS_NXDOMAIN',
      ),
    ).toBe(true)
  })

  it.each([
    ['with page interception', true],
    ['with the proxy alone', false],
  ])(
    'never reaches the out-of-scope sentinel %s: links, subresources, fetches, redirects',
    async (_name, intercept) => {
      const before = t.lab.sentinel.connections
      const { browser, rec } = await launch()
      const ctx = await context(browser, rec, intercept)
      const home = await ctx.visit('https://app.acme.test/')
      if (!home.ok) throw new Error(home.error.message)
      const page = home.value.page
      // The lab's home page links the sentinel; load it every way a page can.
      await page.evaluate(
        async ([sentinel, port]) => {
          const img = new Image()
          img.src = `http://${sentinel}/pixel.png`
          document.body.append(img)
          const frame = document.createElement('iframe')
          frame.src = `https://${sentinel}/frame`
          document.body.append(frame)
          await Promise.allSettled([
            fetch(`https://${sentinel}/api`, { mode: 'no-cors' }),
            fetch(`http://127.0.0.1:${port}/direct`, { mode: 'no-cors' }),
            fetch('https://acme.helpdesk.outside.test/', { mode: 'no-cors' }),
          ])
          await new Promise((r) => setTimeout(r, 300))
        },
        [SENTINEL, sentinelPort] as const,
      )
      await page.click('a[href^="https://sentinel"]').catch(() => undefined)
      // help.acme.test answers with a redirect to the sentinel: the browser follows redirects itself.
      const redirected = await ctx.visit('https://help.acme.test/')
      expect(redirected.ok).toBe(false)
      await page.waitForTimeout(300)
      expect(t.lab.sentinel.connections - before).toBe(0)
      const refused = refusedTargets(rec.entries)
      expect(refused.some((r) => r.startsWith(SENTINEL))).toBe(true)
      expect(refused.some((r) => r.startsWith('127.0.0.1'))).toBe(true)
      if (intercept) expect(ctx.requests.some((r) => r.blocked === 'scope')).toBe(true)
      else expect(ctx.proxyStats.refused).toBeGreaterThan(0)
    },
  )

  it('takes one budget slot per request and stops the page when the budget is spent', async () => {
    const { browser, rec, network } = await launch(6)
    const ctx = await context(browser, rec)
    const home = await ctx.visit('https://app.acme.test/')
    if (!home.ok) throw new Error(home.error.message)
    await home.value.page.evaluate(async () => {
      for (let i = 0; i < 8; i++) await fetch(`/n${i}`).catch(() => undefined)
    })
    expect(network.limiter.used).toBe(6)
    expect(ctx.requests.filter((r) => r.blocked === 'budget').length).toBeGreaterThan(0)
    expect(rec.entries.some((e) => e.code === 'BUDGET_EXHAUSTED')).toBe(true)
  })

  it('describes cookies and web storage by shape, never by value', async () => {
    const { browser, rec, network } = await launch()
    network.redactor.addSecret('known-session-token-value-1234', 'alice-session')
    const ctx = await context(browser, rec)
    const home = await ctx.visit('https://app.acme.test/')
    if (!home.ok) throw new Error(home.error.message)
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
    await home.value.page.evaluate((token) => {
      localStorage.setItem('acme_token', token)
      localStorage.setItem('acme_theme', 'light')
      sessionStorage.setItem('acme_sid', 'known-session-token-value-1234')
      document.cookie = 'acme_pref=compact; path=/'
    }, jwt)
    const storage = await ctx.storage()
    const local = storage.localStorage.find((o) => o.origin === 'https://app.acme.test')?.entries
    expect(local?.map((e) => [e.name, e.shape])).toEqual(
      expect.arrayContaining([
        ['acme_token', 'jwt'],
        ['acme_theme', 'text'],
      ]),
    )
    expect(storage.sessionStorage[0]?.entries[0]).toMatchObject({ name: 'acme_sid', shape: 'known-secret' })
    expect(storage.cookies.find((c) => c.name === 'acme_pref')).toMatchObject({
      httpOnly: false,
      secure: false,
    })
    const text = JSON.stringify(storage)
    expect(text).not.toContain(jwt)
    expect(text).not.toContain('known-session-token-value-1234')
  })

  it('closes Chromium and removes its home when closed, and refuses new contexts afterwards', async () => {
    const { browser, rec } = await launch()
    const home = browser.home
    expect(existsSync(home)).toBe(true)
    await browser.close()
    expect(existsSync(home)).toBe(false)
    const again = await browser.newContext({ rec })
    expect(!again.ok && again.error.code).toBe('BROWSER_CLOSED')
  })
})
