// The wizard end to end, in Debian's Chromium against the web mode on the demo lab: create an engagement, store a
// credential, run stage 4 to 100 %, accept a baseline, break the lab, see the regression, open evidence, attest,
// export the signed PDF and verify it in the founder's view — with axe on every main screen in both themes, no
// CSP violation, nothing but the progress card changing while a full audit streams in, and no secret in any byte
// the bridge carried.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OsKeychain } from '../../src/keychain/keychain'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'
import { launchChromium, startWebLab, type WebLab } from './support'

// Evaluated over the DevTools protocol: the app's CSP (rightly) refuses an injected <script>.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const SHOTS = path.resolve(import.meta.dirname, '../../out/screens')
const ALICE_SECRET = `e2e-alice-${Math.random().toString(36).slice(2)}-Zq9`

/**
 * From the watch mark on, records every DOM change outside the live parts a progress event may touch: the progress
 * card, the status bar and the screen reader's announcer (and the notices, which expire on their own timers). The
 * rest of the screen must not change until the run ends.
 */
const WATCH_MUTATIONS = `(() => {
  performance.mark('e2e:watch')
  window.__outside = []; window.__inside = 0
  const runs = performance.getEntriesByName('handover:audit-finished').length
  const live = '.progress, .statusbar, [data-testid="announcer"], .notices'
  window.__mutations = new MutationObserver((records) => {
    // Until the card says the run finished (its last event also gives the run button back): then the screen may change.
    if (performance.getEntriesByName('handover:audit-finished').length > runs) return
    if (document.getElementById('progress-h')?.textContent === 'Run finished') return
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement
      if (el && el.closest(live)) window.__inside++
      else if (el) window.__outside.push(r.type + ' ' + (el.className || el.tagName) + ': ' + (el.textContent || '').slice(0, 60))
    }
  })
  window.__mutations.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
})()`

/** Records long tasks and CSP violations from the first script on. */
const WATCH = `
  window.__longTasks = []; window.__cspViolations = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(Math.round(e.duration) + '@' + Math.round(e.startTime) + location.hash) })
    .observe({ type: 'longtask', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
`

async function axe(page: Page, screen: string, theme: string): Promise<string[]> {
  await page.evaluate(AXE)
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[]
  }
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}/${theme}: ${v.id} (${v.impact}) at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
}

async function go(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sprint' }).getByRole('link', { name: label }).click()
}

async function waitForRun(page: Page): Promise<void> {
  await page.getByTestId('progress-percent').filter({ hasText: '100 %' }).waitFor({ timeout: 90_000 })
  await page.getByRole('button', { name: /Run stage|Run the full audit/ }).waitFor({ timeout: 90_000 })
}

describe.skipIf(!haveTools('wizard e2e', 'chromium', 'dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'))(
  'the wizard in the browser (web mode on the demo lab)',
  () => {
    let keyring: SecretService
    let web: WebLab
    let browser: Browser
    let page: Page
    let dir: string
    const previousIdentity = process.env.HANDOVER_IDENTITY_DIR

    beforeAll(async () => {
      keyring = startSecretService()
      dir = mkdtempSync(path.join(tmpdir(), 'handover-e2e-'))
      process.env.HANDOVER_IDENTITY_DIR = path.join(dir, 'identity')
      mkdirSync(SHOTS, { recursive: true })
      web = await startWebLab('fixed', new OsKeychain())
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      await web?.stop()
      keyring?.stop()
      if (previousIdentity === undefined) delete process.env.HANDOVER_IDENTITY_DIR
      else process.env.HANDOVER_IDENTITY_DIR = previousIdentity
      rmSync(dir, { recursive: true, force: true })
    })

    it('walks the sprint: engagement, credential, stage 4, baseline, regression, evidence, attestation, signed pack, verification', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      await context.addInitScript(WATCH)
      page = await context.newPage()
      await page.goto(web.server.url)
      await page.getByRole('navigation', { name: 'Sprint' }).waitFor()
      // The token became a cookie and left the address bar.
      expect(page.url()).not.toContain('token=')

      // Create an engagement: from the demo lab's settings, into a new folder.
      await go(page, 'Engagement')
      await page.getByRole('button', { name: 'New from this one' }).click()
      await page.getByLabel('Workspace folder').fill(path.join(dir, 'acme'))
      await page.getByLabel('Name', { exact: true }).fill('Acme portal (e2e)')
      await page.getByText('The engagement is valid.').waitFor()
      await page.getByRole('button', { name: 'Create engagement' }).click()
      await page.getByRole('heading', { name: 'Overview' }).waitFor()
      await expect.poll(() => page.locator('.titlebar-name').textContent()).toBe('Acme portal (e2e)')

      // Store a credential: the value goes to the keychain, the screen learns only "Set".
      await go(page, 'Credentials')
      await page.getByRole('button', { name: 'Set acme-alice' }).click()
      await page.getByLabel('Value').fill(ALICE_SECRET)
      await page.getByRole('button', { name: 'Store in keychain' }).click()
      await expect.poll(() => page.getByTestId('cred-state-acme-alice').textContent()).toBe('Set')
      expect(await new OsKeychain().get('acme-alice')).toEqual({ ok: true, value: ALICE_SECRET })

      // Run stage 4 on the repaired portal and watch progress reach 100 %.
      await go(page, '4 · DNS, e-mail, TLS and edge')
      await page.getByRole('button', { name: 'Run stage 4' }).click()
      const bar = page.getByRole('progressbar', { name: 'Run progress' })
      await bar.waitFor()
      await waitForRun(page)
      await page.screenshot({ path: path.join(SHOTS, 'stage-4-progress.png') })
      await page.getByRole('heading', { name: 'Results' }).waitFor()

      // Accept it as the release baseline.
      await go(page, 'Regressions')
      await page.getByRole('button', { name: /Accept run .* as baseline/ }).click()
      // A stage-4 run is partial: the dialog says so before it is accepted (the CLI asks for --partial).
      await expect
        .poll(() => page.getByRole('dialog').textContent())
        .toMatch(/Partial run\. This run covers stage 4 only/)
      await page.getByRole('dialog').getByRole('button', { name: 'Accept as baseline' }).click()
      await page.getByText(/^Baseline: run/).waitFor()

      // Break the lab and run stage 4 again: the regression shows.
      web.lab.lab.setMode('flawed')
      await go(page, '4 · DNS, e-mail, TLS and edge')
      await page.getByRole('button', { name: 'Run stage 4' }).click()
      await waitForRun(page)
      await go(page, 'Regressions')
      const regressed = page.locator('details.group--regressed')
      await regressed.waitFor()
      expect(Number(await regressed.locator('.group-count').textContent())).toBeGreaterThan(5)
      await expect.poll(() => regressed.textContent()).toContain('tls.cert-valid')
      await page.screenshot({ path: path.join(SHOTS, 'regressions.png') })

      // Open a finding's evidence from the regression list.
      await regressed.getByRole('link', { name: 'Certificate has expired' }).click()
      const drawer = page.getByRole('region', { name: 'Certificate has expired' })
      await drawer.waitFor()
      await drawer.getByRole('tab', { name: 'Certificate chain' }).waitFor()
      await expect.poll(() => drawer.textContent()).toContain('expired')
      await page.screenshot({ path: path.join(SHOTS, 'evidence.png') })

      // Repair the certificate and re-probe only that check from the drawer: the row shows the change, and the
      // stage's run (and so the pack) stays the broken one until the stage is run again.
      web.lab.lab.setMode('fixed')
      await drawer.getByRole('button', { name: 'Re-probe tls.cert-valid' }).click()
      const reprobe = drawer.getByTestId('reprobe-tls.cert-valid|help.acme.test:443')
      await reprobe.waitFor({ timeout: 120_000 })
      expect(await reprobe.textContent()).toMatch(/^Re-probed .*PASS \(was FAIL\)/)
      await expect
        .poll(() => page.locator('.results').getByTestId('reprobe-tls.cert-valid|help.acme.test:443').count())
        .toBe(1)
      await page.screenshot({ path: path.join(SHOTS, 'reprobe.png') })
      expect(await axe(page, 'reprobe', 'light')).toEqual([])
      web.lab.lab.setMode('flawed')

      // Attest a manual check.
      await page.getByRole('button', { name: 'Close the finding' }).click()
      const card = page.locator('form.attestation', { hasText: 'Mail lands in the inbox' })
      await card.getByLabel('In place', { exact: true }).check()
      await card
        .getByLabel(/Note/)
        .fill('Test mails from the invite flow landed in the Gmail and Outlook inboxes.')
      await card.getByRole('button', { name: 'Save answer' }).click()
      await card.getByText('ANSWERED PASS', { exact: true }).waitFor()

      // Export the signed pack and verify it in the founder's view.
      await go(page, 'Handover pack')
      await page.getByRole('button', { name: 'Export signed PDF' }).click()
      await page.getByTestId('pack-saved').waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: 'Verify now' }).click()
      const banner = page.getByTestId('verify-banner')
      await banner.waitFor()
      expect(await banner.textContent()).toMatch(/^Valid/)
      expect(await page.getByTestId('verify-summary').textContent()).toMatch(
        /Launch-ready: no — \d+ blockers/,
      )
      await page.screenshot({ path: path.join(SHOTS, 'verify.png') })
      // What the pack carries, inside the signed bytes: the engagement and the baseline it can re-check from.
      const contents = page.getByTestId('pack-contents')
      await expect.poll(() => contents.textContent()).toMatch(/files, all inside the signed bytes/)
      expect(await contents.textContent()).toContain('Engagement "Acme portal (e2e)" (acme.test)')
      expect(await contents.locator('tbody tr').count()).toBeGreaterThanOrEqual(4)

      // The founder repairs the portal and re-checks it from the pack alone: the drift since handover shows.
      web.lab.lab.setMode('fixed')
      await page.getByRole('button', { name: 'Re-check the portal now' }).click()
      const result = page.getByTestId('recheck-result')
      await result.waitFor({ timeout: 120_000 })
      const headline = (await page.getByTestId('recheck-headline').textContent()) ?? ''
      const regressedNow = await result.locator('details.group--regressed tbody tr').allTextContents()
      console.log(`re-check: ${headline}; regressed: ${regressedNow.join(' | ') || 'none'}`)
      expect(headline).toMatch(/^Since handover on \d{4}-\d\d-\d\d, signed by Demo Consultant: /)
      // Nothing is genuinely worse on the repaired portal. A probe that times out on a loaded machine reports an
      // error, which the diff counts as regressed (an error proves nothing); those are printed above, not failed on.
      expect(regressedNow.filter((row) => !/now error/.test(row))).toEqual([])
      const fixed = result.locator('details.group--fixed')
      expect(Number(await fixed.locator('.group-count').textContent())).toBeGreaterThan(10)
      expect(await fixed.textContent()).toContain('tls.cert-valid')
      // The result is on screen, not below the fold, and its headline has the focus.
      await expect
        .poll(() => page.getByTestId('recheck-headline').evaluate((h) => h === document.activeElement))
        .toBe(true)
      const box = await page.getByTestId('recheck-headline').boundingBox()
      expect(box && box.y >= 0 && box.y < 800).toBe(true)
      await page.screenshot({ path: path.join(SHOTS, 'recheck.png') })
      expect(await axe(page, 'recheck', 'light')).toEqual([])
      web.lab.lab.setMode('flawed')

      // A full audit with the credential in the keychain (for the traffic check below), watched from stage 4's
      // live progress list: the page must stay responsive while every probe reports in.
      await go(page, '4 · DNS, e-mail, TLS and edge')
      await page.getByRole('button', { name: 'Run stage 4' }).waitFor()
      await go(page, 'Overview')
      await page.getByRole('button', { name: 'Run the full audit' }).click()
      await go(page, '4 · DNS, e-mail, TLS and edge')
      // Watch from the moment the live list is on screen: what is measured is how the page takes progress events.
      await page.getByRole('progressbar', { name: 'Run progress' }).waitFor()
      await page.evaluate(WATCH_MUTATIONS)
      await waitForRun(page)
      await expect
        .poll(() => page.evaluate(`performance.getEntriesByName('handover:audit-finished').length`))
        .toBe(5)
      await go(page, 'Overview')
      await page.locator('.verdict').waitFor()
      await page.screenshot({ path: path.join(SHOTS, 'overview.png') })

      // The run history on the overview: every run oldest first, the baseline marked, the broken stage-4 run and
      // the full audit of the broken lab with their regressions, the re-probe as a partial run of one check.
      const strip = page.getByRole('list', { name: 'Runs, oldest first' })
      await expect.poll(() => strip.getByRole('listitem').count()).toBe(5)
      // Each cell reads as one sentence: when, scope, counts, and its drift from the baseline.
      const cells = await strip.getByRole('link').allTextContents()
      expect(cells[0]).toMatch(/, partial stage 4, \d+ fail .*, Baseline$/)
      expect(cells[1]).toMatch(/, partial stage 4, [1-9]\d* fail .*, [1-9]\d* regressions?/)
      expect(cells[2]).toMatch(/, partial tls\.cert-valid, .*, no regression/)
      expect(cells[4]).toMatch(/, (full|partial) all stages, [1-9]\d* fail .*, [1-9]\d* regressions?/)
      await strip.locator('.history-run--baseline').waitFor()
      await strip.locator('.history-run').nth(1).scrollIntoViewIfNeeded()
      await page.locator('#history-h').scrollIntoViewIfNeeded()
      await page.screenshot({ path: path.join(SHOTS, 'run-history.png') })
      // Each run opens its own results: the broken stage-4 run, with what regressed since the baseline.
      await strip.getByRole('link').nth(1).click()
      await page.getByRole('heading', { name: /^Run …/ }).waitFor()
      const since = page.locator('details.group--regressed')
      await since.waitFor()
      await expect.poll(() => since.textContent()).toContain('tls.cert-valid')
      await page.screenshot({ path: path.join(SHOTS, 'run.png') })
      // Its findings open in the drawer with that run's evidence, not the latest run's.
      await since.getByRole('link', { name: 'Certificate has expired' }).click()
      await page
        .getByRole('region', { name: 'Certificate has expired' })
        .getByRole('tab', { name: 'Certificate chain' })
        .waitFor()
      expect(page.url()).toMatch(/#\/run\/[^/]+\/tls\.cert-valid/)
      await page.screenshot({ path: path.join(SHOTS, 'run-evidence.png') })
      expect(await axe(page, 'run', 'light')).toEqual([])

      // The command palette, keyboard only: Ctrl+K, type, Enter lands on the screen; Escape gives the focus back.
      await page.keyboard.press('Control+k')
      const palette = page.getByRole('dialog', { name: 'Go to or do' })
      await palette.waitFor()
      const search = palette.getByRole('combobox', { name: 'Go to or do' })
      await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true)
      await page.keyboard.type('rollback notes')
      await expect
        .poll(() => palette.getByRole('option').allTextContents())
        .toEqual(['Rollback notesstage 7'])
      await page.screenshot({ path: path.join(SHOTS, 'palette.png') })
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: 'Deliverables', level: 1 }).waitFor()
      await palette.waitFor({ state: 'hidden' })
      // It scrolled to the deliverable: its fields (one per item a person fills in) are on screen.
      const rollback = page.getByRole('region', { name: 'Rollback notes' })
      await expect.poll(async () => ((await rollback.boundingBox())?.y ?? -1) < 300).toBe(true)
      await page.screenshot({ path: path.join(SHOTS, 'deliverables-fields.png') })
      // A check by its id lands on its stage; a run by its tail opens it.
      await page.keyboard.press('Control+k')
      await page.keyboard.type('tls.cert-valid')
      // The list follows the query in a transition: Enter once it shows the check, as a person would.
      await expect.poll(() => palette.getByRole('option').first().textContent()).toMatch(/tls\.cert-valid/)
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: 'DNS, e-mail, TLS and edge', level: 1 }).waitFor()
      await page.keyboard.press('Control+k')
      await page.keyboard.type('baseline partial')
      await expect.poll(() => palette.getByRole('option').first().textContent()).toMatch(/^Run …/)
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('ArrowUp')
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: /^Run …/, level: 1 }).waitFor()
      expect(page.url()).toMatch(/#\/run\//)
      await page.keyboard.press('Control+k')
      await palette.waitFor()
      await page.keyboard.press('Escape')
      await palette.waitFor({ state: 'hidden' })

      const violations = (await page.evaluate('window.__cspViolations')) as string[]
      expect(violations).toEqual([])
      // Long tasks while the full audit's progress streamed in (from the watch mark to the finish mark); all are logged.
      const during = (await page.evaluate(`(() => {
        const start = performance.getEntriesByName('e2e:watch').at(-1).startTime
        const end = performance.getEntriesByName('handover:audit-finished').at(-1).startTime
        return window.__longTasks.filter((t) => { const at = Number(t.split('@')[1].replace(/#.*/, '')); return at >= start && at <= end })
      })()`)) as string[]
      console.log(
        `long tasks in the whole e2e run: ${((await page.evaluate('window.__longTasks')) as string[]).join(', ') || 'none'}; during the full audit: ${during.join(', ') || 'none'}`,
      )
      // How long those tasks take depends on the machine (a loaded CI runner made one of 208 ms; they are logged
      // above, not asserted); what the
      // screen does does not: a progress event changes the progress card, the status bar and the announcer, and
      // nothing else in the page (the stage's results and the run button stay as they are until the run ends).
      expect((await page.evaluate('window.__inside')) as number).toBeGreaterThan(50)
      expect((await page.evaluate('window.__outside')) as string[]).toEqual([])
    }, 300_000)

    it('never sends a secret to the renderer: every byte of bridge traffic is free of keychain values, lab passwords and session tokens', async () => {
      const keychain = new OsKeychain()
      const names = await keychain.list()
      expect(names.ok).toBe(true)
      const secrets = [
        ALICE_SECRET,
        ...Object.values(web.lab.lab.credentials()),
        ...web.lab.lab.accounts.issuedTokens(),
      ]
      for (const name of names.ok ? names.value : []) {
        const value = await keychain.get(name)
        if (value.ok) secrets.push(value.value)
      }
      expect(secrets.length).toBeGreaterThan(5)
      const traffic = web.traffic.map((t) => t.body).join('\n')
      expect(web.traffic.filter((t) => t.direction === 'request').length).toBeGreaterThan(20)
      expect(web.traffic.filter((t) => t.direction === 'event').length).toBeGreaterThan(3)
      // The one place a secret may cross is towards the engine: the credential being stored.
      const outbound = web.traffic
        .filter((t) => t.direction !== 'request' || !t.channel.startsWith('creds:set'))
        .map((t) => t.body)
      for (const secret of secrets)
        expect(
          outbound.some((b) => b.includes(secret)),
          `a secret reached the renderer`,
        ).toBe(false)
      expect(traffic).toContain('acme-alice')
    })

    it('has no serious or critical axe violation on any main screen, in light, dark and forced colours', async () => {
      const found: string[] = []
      for (const theme of ['light', 'dark', 'forced'] as const) {
        const p = await openAppWithCookie(theme === 'forced' ? 'light' : theme)
        // Forced colours (Windows High Contrast): the system palette replaces every fill.
        if (theme === 'forced') await p.emulateMedia({ forcedColors: 'active' })
        const screens: [string, () => Promise<void>][] = [
          ['overview', () => go(p, 'Overview')],
          [
            'stage',
            async () => {
              await go(p, '4 · DNS, e-mail, TLS and edge')
              await p.locator('button.result-row').first().click()
              await p.getByRole('region').first().waitFor()
            },
          ],
          [
            'run',
            async () => {
              await go(p, 'Overview')
              await p.getByRole('list', { name: 'Runs, oldest first' }).getByRole('link').nth(1).click()
              await p.getByRole('heading', { name: 'Results', exact: true }).waitFor()
            },
          ],
          [
            'palette',
            async () => {
              await go(p, 'Overview')
              await p.keyboard.press('Control+k')
              await p.getByRole('combobox', { name: 'Go to or do' }).fill('cert')
              await p.getByRole('option').first().waitFor()
            },
          ],
          [
            'after-palette',
            async () => {
              await p.keyboard.press('Escape')
              await p.getByRole('dialog', { name: 'Go to or do' }).waitFor({ state: 'hidden' })
            },
          ],
          ['register', () => go(p, 'Risk register')],
          ['regressions', () => go(p, 'Regressions')],
          ['deliverables', () => go(p, 'Deliverables')],
          ['pack', () => go(p, 'Handover pack')],
          ['verify', () => go(p, 'Verify a pack')],
          ['credentials', () => go(p, 'Credentials')],
          ['setup', () => go(p, 'Engagement')],
        ]
        for (const [name, open] of screens) {
          await open()
          await p.waitForTimeout(400)
          await p.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) })
          found.push(...(await axe(p, name, theme)))
        }
        await p.context().close()
      }
      expect(found).toEqual([])
    }, 240_000)

    /** A second page in a fresh context: the one-time token is spent, so reuse the first page's cookie. */
    async function openAppWithCookie(theme: 'light' | 'dark'): Promise<Page> {
      const cookies = await page.context().cookies()
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: theme })
      await context.addCookies(cookies)
      const p = await context.newPage()
      await p.goto(web.server.url.replace(/\/\?token=.*$/, '/'))
      await p.getByRole('navigation', { name: 'Sprint' }).waitFor()
      await p.evaluate((t) => localStorage.setItem('handover-theme', t), theme)
      await p.reload()
      await p.getByRole('navigation', { name: 'Sprint' }).waitFor()
      return p
    }
  },
)
