// What the browser probes of stage 5 share (smoke.cache-switch, smoke.flows): the engagement's browser sign-in and
// sign-out, driving them on a page, and reading what a page shows (its visible text, where it came from).
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { resolveRef } from '../keychain/keychain'
import { NET } from '../network/codes'
import type { AuditContext, Page } from '../network/browser'
import type { ProbeContext, ProbeResult } from './probe'
import { FLOWS, type ProbeCode } from './codes'

/** The browser sign-in: flows.signIn, else auth.login when auth.kind is form. */
export interface BrowserSignIn {
  url: string
  selectors: { username: string; password: string; submit: string }
  successPrefix?: string
}

/** The engagement's browser sign-in, if it has one. */
export function browserSignIn(e: Engagement): BrowserSignIn | undefined {
  if (e.flows?.signIn) return e.flows.signIn
  const login = e.auth?.login
  if (e.auth?.kind === 'form' && login?.selectors)
    return {
      url: login.url,
      selectors: login.selectors,
      ...(login.successPrefix ? { successPrefix: login.successPrefix } : {}),
    }
  return undefined
}

/** Where what a page shows came from: restored from the back/forward cache, the HTTP cache, or the network. */
export type PageSource = 'bfcache' | 'http-cache' | 'network' | 'unknown'

/** Remembers, in every page, whether its last `pageshow` was a restore from the back/forward cache. */
export const PAGESHOW_SCRIPT =
  "addEventListener('pageshow', (e) => { window.__handoverPersisted = e.persisted }, { capture: true })"

/** The time one browser action may take: ten seconds, or what is left before the deadline. */
export function actionTimeout(deadline: number): number {
  return Math.max(1000, Math.min(10_000, deadline - Date.now() - 500))
}

/** The first line of an error, for a one-sentence reason. */
export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!
}

/** Signs `accountId` in on `page` with the browser sign-in; the password is read now and taught to the redactor. */
export async function signInOn(
  page: Page,
  context: AuditContext,
  ctx: ProbeContext,
  accountId: string,
): Promise<ProbeResult<void>> {
  const e = ctx.engagement
  const signIn = browserSignIn(e)
  if (!signIn)
    return failure(
      FLOWS.NOT_CONFIGURED,
      'handover.json: flows.signIn (the sign-in page, its selectors) is not set, and auth.kind is not form.',
    )
  const account = e.accounts.find((a) => a.id === accountId)
  if (!account?.password)
    return failure(
      FLOWS.NOT_CONFIGURED,
      `handover.json: accounts.${accountId}.password is required to sign in.`,
    )
  const password = await resolveRef(account.password, ctx.credentials, ctx.network.redactor)
  if (!password.ok) return password
  const timeout = actionTimeout(ctx.deadline)
  try {
    await page.goto(signIn.url, { waitUntil: 'load', timeout })
    await page.fill(signIn.selectors.username, account.username, { timeout })
    await page.fill(signIn.selectors.password, password.value, { timeout })
    await Promise.all([
      page.waitForEvent('framenavigated', { timeout }).catch(() => undefined),
      page.click(signIn.selectors.submit, { timeout }),
    ])
    if (signIn.successPrefix)
      await page.waitForURL((u) => u.toString().startsWith(signIn.successPrefix!), { timeout })
    await page.waitForLoadState('load', { timeout })
  } catch (err) {
    return stepFailure(
      ctx,
      FLOWS.SIGN_IN,
      `signing ${accountId} in at ${ctx.network.redactor.url(signIn.url)} in the browser did not succeed${signIn.successPrefix ? ` (never reached ${signIn.successPrefix})` : ''}: ${ctx.network.redactor.text(firstLine(err))}`,
    )
  }
  // Session cookies are secrets from now on: no transcript, page text or evidence may carry them.
  for (const c of await context.context.cookies())
    ctx.network.redactor.addSecret(c.value, `${accountId}-session`)
  return ok(undefined)
}

/** Signs out on `page` as a person would: clicks flows.signOut.click on the current page, or opens flows.signOut.url. */
export async function signOutOn(
  page: Page,
  ctx: ProbeContext,
  accountId: string,
): Promise<ProbeResult<void>> {
  const signOut = ctx.engagement.flows?.signOut
  if (!signOut)
    return failure(
      FLOWS.NOT_CONFIGURED,
      'handover.json: flows.signOut (a selector to click, or a URL) is not set.',
    )
  const timeout = actionTimeout(ctx.deadline)
  try {
    if (signOut.click) {
      await Promise.all([
        page.waitForEvent('framenavigated', { timeout }).catch(() => undefined),
        page.click(signOut.click, { timeout }),
      ])
      await page.waitForLoadState('load', { timeout })
    } else await page.goto(signOut.url!, { waitUntil: 'load', timeout })
    return ok(undefined)
  } catch (err) {
    return stepFailure(
      ctx,
      FLOWS.SIGN_OUT,
      `signing ${accountId} out in the browser did not succeed: ${ctx.network.redactor.text(firstLine(err))}`,
    )
  }
}

/** What a page shows now: its URL, visible text (redacted) and where it came from. */
export interface PageView {
  url: string
  text: string
  source: PageSource
}

/** Reads the page's visible text and how it was loaded, after letting its network settle briefly. */
export async function viewOf(page: Page, ctx: ProbeContext): Promise<PageView> {
  await page
    .waitForLoadState('networkidle', { timeout: Math.min(1500, actionTimeout(ctx.deadline)) })
    .catch(() => undefined)
  const facts = await page
    .evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      return {
        text: document.body?.innerText ?? '',
        persisted: (window as unknown as { __handoverPersisted?: boolean }).__handoverPersisted === true,
        transfer: nav?.transferSize,
        decoded: nav?.decodedBodySize,
      }
    })
    .catch(() => undefined)
  const url = ctx.network.redactor.url(page.url())
  if (!facts) return { url, text: '', source: 'unknown' }
  const source: PageSource = facts.persisted
    ? 'bfcache'
    : facts.transfer === 0 && (facts.decoded ?? 0) > 0
      ? 'http-cache'
      : facts.transfer === undefined
        ? 'unknown'
        : 'network'
  return { url, text: ctx.network.redactor.text(facts.text), source }
}

/**
 * The failure to report when a browser step did not complete: the budget or the run's halt when the transcript shows
 * the browser layer refused a request for that reason (the page itself only sees a blocked request), else `fallback`.
 */
export function stepFailure(ctx: ProbeContext, code: ProbeCode, message: string): ProbeResult<never> {
  const stop = ctx.rec.entries.find(
    (e) => e.kind === 'refused' && (e.code === NET.BUDGET_EXHAUSTED || e.code === NET.HALTED),
  )
  if (stop)
    return failure(
      stop.code === NET.HALTED ? NET.HALTED : NET.BUDGET_EXHAUSTED,
      `${message} (${stop.detail})`,
    )
  return failure(code, message)
}
