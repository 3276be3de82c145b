// `flows.cache-switch` (active, consent `flows`): the user switch on one browser, in Chromium with its HTTP cache
// and back/forward cache on. Account B first signs in in a clean context of its own, so that what B (and anyone
// signed out) is shown anyway is known; then, in one context, account A signs in and opens the declared pages —
// A's markers are what A was shown there and B was not — signs out, presses back, reloads, and B signs in and opens
// the same pages. Every view after A's sign-out is searched for A's markers, with where it came from.
import { z } from 'zod'
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { BrowserSession, describeValue, type AuditContext, type Page } from '../network/browser'
import {
  actionTimeout,
  firstLine,
  PAGESHOW_SCRIPT,
  signInOn,
  signOutOn,
  stepFailure,
  viewOf,
  type PageSource,
  type PageView,
} from './flows-browser'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { FLOWS } from './codes'

/** The moments after A's sign-out at which the browser is searched for A's markers. */
export type SwitchStep = 'after sign-out, back' | 'after sign-out, reload' | 'signed in as B'

/** One view after A's sign-out and the markers of A it showed. */
export interface SwitchView {
  step: SwitchStep
  url: string
  source: PageSource
  /** A's markers this view showed (at most five). */
  found: string[]
}

/** Data of the `flows.cache-switch` observation. */
export interface CacheSwitchFacts {
  a: string
  b: string
  pages: string[]
  /** How many markers of A were harvested: values A was shown that B was not. */
  markers: number
  /** A few of them, as evidence of what was looked for. */
  sample: string[]
  /** The Cache-Control each of A's pages was sent with. */
  cacheControl: { url: string; value?: string }[]
  /** The Clear-Site-Data header of the sign-out, when one came. */
  clearSiteData?: string
  views: SwitchView[]
}

/** Data schema of the `flows.cache-switch` observation (fixtures are validated against it). */
export const cacheSwitchFactsSchema = z.strictObject({
  a: z.string(),
  b: z.string(),
  pages: z.array(z.string()),
  markers: z.number().int().nonnegative(),
  sample: z.array(z.string()),
  cacheControl: z.array(z.strictObject({ url: z.string(), value: z.string().optional() })),
  clearSiteData: z.string().optional(),
  views: z.array(
    z.strictObject({
      step: z.enum(['after sign-out, back', 'after sign-out, reload', 'signed in as B']),
      url: z.string(),
      source: z.enum(['bfcache', 'http-cache', 'network', 'unknown']),
      found: z.array(z.string()),
    }),
  ),
})

/** The request of the user switch, or none without `flows.cacheSwitch`. */
export function cacheSwitchOf(e: Engagement): ProbeRequest | undefined {
  const c = e.flows?.cacheSwitch
  if (!c) return undefined
  return request('flows.cache-switch', `${c.accounts[0]} → ${c.accounts[1]}`, {
    accounts: c.accounts,
    pages: c.pages,
  })
}

const MIN_MARKER = 6
const MAX_MARKER = 160

/** Pieces of a page's text a person would recognise as theirs: table cells and lines, not whole paragraphs. */
function pieces(text: string): string[] {
  return text
    .split(/[\t\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= MIN_MARKER && s.length <= MAX_MARKER && /[A-Za-z0-9]/.test(s))
}

/** String values of JSON answers the page received. */
function jsonStrings(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value.trim()]
  if (depth > 6 || !value || typeof value !== 'object') return []
  return Object.values(value).flatMap((v) => jsonStrings(v, depth + 1))
}

/** Collects the JSON answers of a context's pages (what an app fetched and showed) while `on`. */
class AnswerLog {
  on = false
  readonly bodies: string[] = []
  constructor(context: AuditContext, ctx: ProbeContext) {
    context.context.on('response', (response) => {
      if (!this.on || !/json/.test(response.headers()['content-type'] ?? '')) return
      void response
        .text()
        .then((t) => {
          if (t.length <= 256 * 1024) this.bodies.push(ctx.network.redactor.text(t))
        })
        .catch(() => undefined)
    })
  }
  take(): string[] {
    return this.bodies.splice(0)
  }
}

function valuesOf(bodies: string[]): string[] {
  return bodies.flatMap((b) => {
    try {
      return jsonStrings(JSON.parse(b))
    } catch {
      return []
    }
  })
}

async function open(page: Page, url: string, ctx: ProbeContext): Promise<ProbeResult<PageView>> {
  try {
    await page.goto(url, { waitUntil: 'load', timeout: actionTimeout(ctx.deadline) })
  } catch (err) {
    return stepFailure(
      ctx,
      FLOWS.PAGE,
      `opening ${ctx.network.redactor.url(url)} failed: ${ctx.network.redactor.text(firstLine(err))}`,
    )
  }
  return ok(await viewOf(page, ctx))
}

/** The user switch on one browser: A's markers, then every view after A's sign-out searched for them. */
export const flowsCacheSwitch: ProbeKind<{ accounts: string[]; pages: string[] }, CacheSwitchFacts> = {
  kind: 'flows.cache-switch',
  subject: ({ accounts }) => `${accounts[0]} → ${accounts[1]}`,
  timeLimitMs: (_p, e) => Math.max(90_000, e.net.totalMs * 6),
  async run({ accounts, pages }, ctx): Promise<ProbeResult<CacheSwitchFacts>> {
    const [a, b] = accounts as [string, string]
    const browser = await BrowserSession.launch(ctx.network, ctx.rec, {
      deadline: ctx.deadline,
      active: true,
      backForwardCache: true,
    })
    if (!browser.ok) return browser
    try {
      // What B, and anyone signed out, is shown anyway: nothing of it can be A's.
      const clean = await browser.value.newContext({ rec: ctx.rec })
      if (!clean.ok) return clean
      const cleanLog = new AnswerLog(clean.value, ctx)
      cleanLog.on = true
      const cleanPage = await clean.value.newPage()
      const known: string[] = []
      for (const url of pages) {
        const view = await open(cleanPage, url, ctx)
        if (!view.ok) return view
        known.push(view.value.text)
      }
      const bIn = await signInOn(cleanPage, clean.value, ctx, b)
      if (!bIn.ok) return bIn
      known.push((await viewOf(cleanPage, ctx)).text)
      for (const url of pages) {
        const view = await open(cleanPage, url, ctx)
        if (!view.ok) return view
        known.push(view.value.text)
      }
      const bodies = cleanLog.take()
      known.push(...bodies, ...valuesOf(bodies))
      await clean.value.close()
      const seenByB = known.join('\n')

      // One browser, two people: the HTTP cache stays on (no interception), the proxy keeps scope and budget.
      const shared = await browser.value.newContext({ rec: ctx.rec, intercept: false })
      if (!shared.ok) return shared
      await shared.value.context.addInitScript(PAGESHOW_SCRIPT)
      const log = new AnswerLog(shared.value, ctx)
      const page = await shared.value.newPage()
      const aIn = await signInOn(page, shared.value, ctx, a)
      if (!aIn.ok) return aIn
      log.on = true
      const shownToA: string[] = []
      const cacheControl: CacheSwitchFacts['cacheControl'] = []
      for (const url of pages) {
        let value: string | undefined
        try {
          const response = await page.goto(url, { waitUntil: 'load', timeout: actionTimeout(ctx.deadline) })
          value = response?.headers()['cache-control']
        } catch (err) {
          return stepFailure(
            ctx,
            FLOWS.PAGE,
            `opening ${ctx.network.redactor.url(url)} as ${a} failed: ${ctx.network.redactor.text(firstLine(err))}`,
          )
        }
        cacheControl.push({ url: ctx.network.redactor.url(url), ...(value ? { value } : {}) })
        shownToA.push(...pieces((await viewOf(page, ctx)).text))
      }
      shownToA.push(...valuesOf(log.take()).filter((s) => s.length >= MIN_MARKER && s.length <= MAX_MARKER))
      const markers = [...new Set(shownToA)].filter(
        (m) =>
          !seenByB.includes(m) &&
          !m.includes('[redacted') &&
          !['jwt', 'token', 'known-secret'].includes(describeValue('marker', m, ctx.network).shape),
      )
      if (markers.length === 0)
        return failure(
          FLOWS.NO_MARKERS,
          `${a}'s pages showed nothing that ${b}'s do not, so there is no marker of ${a} to look for; list pages of ${a}'s own records in flows.cacheSwitch.pages.`,
        )

      let clearSiteData: string | undefined
      shared.value.context.on('response', (r) => {
        // The sign-out's answer is usually a redirect: look along the chain that led to this answer.
        const hops = [r.request()]
        for (let req = r.request().redirectedFrom(); req; req = req.redirectedFrom()) hops.push(req)
        for (const hop of hops)
          void hop
            .response()
            .then((answer) => answer?.allHeaders())
            .then((headers) => {
              if (headers?.['clear-site-data']) clearSiteData = headers['clear-site-data']
            })
            .catch(() => undefined)
      })
      const out = await signOutOn(page, ctx, a)
      if (!out.ok) return out
      const views: SwitchView[] = []
      const search = (step: SwitchStep, view: PageView, extra: string[] = []): void => {
        const text = [view.text, ...extra].join('\n')
        views.push({
          step,
          url: view.url,
          source: view.source,
          found: markers.filter((m) => text.includes(m)).slice(0, 5),
        })
      }
      const timeout = actionTimeout(ctx.deadline)
      // A pressed back after signing out, then reloaded: what the next person at this browser would see.
      await page.goBack({ waitUntil: 'load', timeout }).catch(() => undefined)
      search('after sign-out, back', await viewOf(page, ctx), valuesOf(log.take()))
      await page.reload({ waitUntil: 'load', timeout }).catch(() => undefined)
      search('after sign-out, reload', await viewOf(page, ctx), valuesOf(log.take()))
      const bAgain = await signInOn(page, shared.value, ctx, b)
      if (!bAgain.ok) return bAgain
      log.take()
      for (const url of pages) {
        const view = await open(page, url, ctx)
        if (!view.ok) return view
        search('signed in as B', view.value, valuesOf(log.take()))
      }
      return ok({
        a,
        b,
        pages: pages.map((p) => ctx.network.redactor.url(p)),
        markers: markers.length,
        sample: markers.slice(0, 3),
        cacheControl,
        ...(clearSiteData ? { clearSiteData } : {}),
        views,
      })
    } finally {
      await browser.value.close()
    }
  },
}
