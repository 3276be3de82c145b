// `flows.scripts` (active, consent `flows`): each declarative flow of `flows.scripts` in a fresh browser context,
// step by step — an action, then what must hold after it — stopping a flow at its first failing step. Writes are
// confined to the flow's declared safe test objects (`writes`): any other POST, PUT, PATCH or DELETE the page makes
// outside a sign-in or sign-out is blocked and ends the flow. Three server errors in a row, or a 429, stop every flow
// (a sign of harm); the browser layer keeps scope, the budget and the rate.
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { BrowserSession, type AuditContext, type Page } from '../network/browser'
import { actionTimeout, firstLine, signInOn, signOutOn, stepFailure, viewOf } from './flows-browser'
import { request, type ProbeContext, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { FLOWS } from './codes'

type Script = NonNullable<Engagement['flows']>['scripts'][number]
type Step = Script['steps'][number]

/** One step as it ran. */
export interface StepRun {
  /** 1-based position in the flow. */
  n: number
  /** The action in words: `goto https://…`, `click #send`, `fill #email`. */
  action: string
  /** The expectation in words, when the step had one. */
  expected?: string
  ok: boolean
  /** What did not hold, or why the action failed. */
  problem?: string
  /** Where the page was after the step, and the status of its last document. */
  url?: string
  status?: number
  /** The start of the page's visible text after the step (redacted), as evidence. */
  shown?: string
  code?: string
}

/** One flow as it ran. */
export interface FlowRun {
  name: string
  account?: string
  /** passed: every step held; failed: a step's action or expectation did not; stopped: harm, budget or a blocked write. */
  ended: 'passed' | 'failed' | 'stopped' | 'not-run'
  steps: StepRun[]
  why?: string
  code?: string
}

/** Data of the `flows.scripts` observation. */
export interface FlowsFacts {
  flows: FlowRun[]
  /** Why every later flow was left out (a sign of harm). */
  stopped?: string
}

const stepRun = z.strictObject({
  n: z.number().int().positive(),
  action: z.string(),
  expected: z.string().optional(),
  ok: z.boolean(),
  problem: z.string().optional(),
  url: z.string().optional(),
  status: z.number().int().optional(),
  shown: z.string().optional(),
  code: z.string().optional(),
})

/** Data schema of the `flows.scripts` observation (fixtures are validated against it). */
export const flowsFactsSchema = z.strictObject({
  flows: z.array(
    z.strictObject({
      name: z.string(),
      account: z.string().optional(),
      ended: z.enum(['passed', 'failed', 'stopped', 'not-run']),
      steps: z.array(stepRun),
      why: z.string().optional(),
      code: z.string().optional(),
    }),
  ),
  stopped: z.string().optional(),
})

/** The request of the declarative flows, or none without `flows.scripts`. */
export function flowScriptsOf(e: Engagement): ProbeRequest | undefined {
  const scripts = e.flows?.scripts ?? []
  if (scripts.length === 0) return undefined
  return request('flows.scripts', 'flows', { flows: scripts.map((s) => s.name) })
}

const SHOWN = 200

/** The step's action in words (a typed value is never shown: it may be a test password). */
function describeAction(step: Step, ctx: ProbeContext): string {
  switch (step.action) {
    case 'goto':
      return `goto ${ctx.network.redactor.url(step.url)}`
    case 'click':
    case 'fill':
      return `${step.action} ${step.selector}`
    case 'upload':
      return `upload ${step.file.name} into ${step.selector}`
    default:
      return step.action
  }
}

/** The expectation in words. */
function describeExpect(x: NonNullable<Step['expect']>): string {
  const parts: string[] = []
  if (x.url) parts.push(`the URL starts with ${x.url}`)
  if (x.text) parts.push(`the page shows "${x.text}"`)
  if (x.absent) parts.push(`the page does not show "${x.absent}"`)
  if (x.selector) parts.push(`${x.selector} is visible`)
  return parts.join(', ')
}

async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.body?.innerText ?? '').catch(() => '')
}

/** Checks an expectation, waiting a little for a page that is still changing; the problem, or undefined. */
async function unmet(
  page: Page,
  x: NonNullable<Step['expect']>,
  ctx: ProbeContext,
): Promise<string | undefined> {
  const timeout = Math.min(5000, actionTimeout(ctx.deadline))
  if (x.url) {
    const ok = await page
      .waitForURL((u) => u.toString().startsWith(x.url!), { timeout, waitUntil: 'load' })
      .then(() => true)
      .catch(() => false)
    if (!ok) return `the page is at ${ctx.network.redactor.url(page.url())}, not ${x.url}`
  }
  if (x.selector) {
    const ok = await page
      .waitForSelector(x.selector, { state: 'visible', timeout })
      .then(() => true)
      .catch(() => false)
    if (!ok) return `no visible ${x.selector}`
  }
  if (x.text) {
    const until = Date.now() + timeout
    let text = await pageText(page)
    while (!text.includes(x.text) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200))
      text = await pageText(page)
    }
    if (!text.includes(x.text)) return `the page does not show "${x.text}"`
  }
  if (x.absent) {
    await page.waitForLoadState('networkidle', { timeout: Math.min(1500, timeout) }).catch(() => undefined)
    if ((await pageText(page)).includes(x.absent)) return `the page shows "${x.absent}"`
  }
  return undefined
}

/**
 * Watches the answers of every flow: a 429, or three server errors in a row — overall, or from one endpoint with no
 * good answer of its own between them — is harm, and ends the run's flows.
 */
class Harm {
  private serverErrors = 0
  private readonly byEndpoint = new Map<string, number>()
  reason?: string
  see(method: string, status: number, url: string): void {
    if (this.reason) return
    if (status === 429) this.reason = `${url} answered 429 Too Many Requests`
    const key = `${method} ${url}`
    this.serverErrors = status >= 500 ? this.serverErrors + 1 : 0
    this.byEndpoint.set(key, status >= 500 ? (this.byEndpoint.get(key) ?? 0) + 1 : 0)
    if (this.serverErrors >= 3 || (this.byEndpoint.get(key) ?? 0) >= 3)
      this.reason = `three server errors in a row (last: ${key} → ${status})`
  }
}

const WRITE = /^(POST|PUT|PATCH|DELETE)$/

/** Codes of a step that broke: the flow fails. Any other code stops it (an error of the run, not the portal). */
const BROKEN: ReadonlySet<string> = new Set([FLOWS.STEP, FLOWS.SIGN_IN, FLOWS.SIGN_OUT, FLOWS.PAGE])

async function runFlow(
  browser: BrowserSession,
  script: Script,
  ctx: ProbeContext,
  harm: Harm,
): Promise<FlowRun> {
  const run: FlowRun = {
    name: script.name,
    ...(script.account ? { account: script.account } : {}),
    ended: 'passed',
    steps: [],
  }
  const context = await browser.newContext({ rec: ctx.rec })
  if (!context.ok) return { ...run, ended: 'stopped', why: context.error.message, code: context.error.code }
  let authStep = false
  let blocked: string | undefined
  // Writes only where the flow says it may write: its declared safe test objects, and the sign-in and sign-out.
  await context.value.context.route('**/*', async (route) => {
    const req = route.request()
    const allowed = authStep || script.writes.some((prefix) => req.url().startsWith(prefix))
    if (WRITE.test(req.method()) && !allowed) {
      blocked ??= `${req.method()} ${ctx.network.redactor.url(req.url())}`
      ctx.rec.add(
        'refused',
        new URL(req.url()).hostname,
        `flow ${script.name}: ${blocked} is not a declared safe write`,
      )
      return route.abort('blockedbyclient').catch(() => undefined)
    }
    return route.fallback().catch(() => undefined)
  })
  let status: number | undefined
  context.value.context.on('response', (r) => {
    const type = r.request().resourceType()
    if (type === 'document' || type === 'xhr' || type === 'fetch')
      harm.see(r.request().method(), r.status(), ctx.network.redactor.url(r.url()))
    if (r.request().isNavigationRequest() && r.frame().parentFrame() === null) status = r.status()
  })
  const page = await context.value.newPage()
  try {
    for (const [i, step] of script.steps.entries()) {
      const entry: StepRun = {
        n: i + 1,
        action: describeAction(step, ctx),
        ...(step.expect ? { expected: describeExpect(step.expect) } : {}),
        ok: true,
      }
      run.steps.push(entry)
      const problem = await act(page, context.value, step, script, ctx, (on) => (authStep = on))
      if (problem && !problem.ok) {
        entry.ok = false
        entry.problem = problem.error.message
        entry.code = problem.error.code
      } else if (step.expect) {
        const missing = await unmet(page, step.expect, ctx)
        if (missing) {
          entry.ok = false
          entry.problem = missing
        }
      }
      entry.url = ctx.network.redactor.url(page.url())
      if (status !== undefined) entry.status = status
      const shown = (await viewOf(page, ctx)).text.replace(/\s+/g, ' ').trim()
      if (shown) entry.shown = shown.slice(0, SHOWN)
      if (blocked) {
        return {
          ...run,
          ended: 'stopped',
          code: FLOWS.WRITE_BLOCKED,
          why: `step ${entry.n} (${entry.action}) would send ${blocked}, which is not under the flow's writes (declared safe test objects)`,
        }
      }
      if (harm.reason) return { ...run, ended: 'stopped', code: FLOWS.HARM, why: harm.reason }
      if (!entry.ok) {
        // The flow itself broke (an action or an expectation, the sign-in or sign-out included), or it could not
        // go on for a reason of the run's own (the budget, the run halted, a credential or setting missing).
        const own = entry.code !== undefined && !BROKEN.has(entry.code)
        return {
          ...run,
          ended: own ? 'stopped' : 'failed',
          why: `step ${entry.n} (${entry.action}): ${entry.problem}`,
          ...(own ? { code: entry.code } : {}),
        }
      }
    }
    return run
  } finally {
    await context.value.close()
  }
}

/** Performs one step's action; a failure names what could not be done. */
async function act(
  page: Page,
  context: AuditContext,
  step: Step,
  script: Script,
  ctx: ProbeContext,
  auth: (on: boolean) => void,
): Promise<ProbeResult<void>> {
  const timeout = actionTimeout(ctx.deadline)
  const fail = (err: unknown): ProbeResult<void> =>
    stepFailure(ctx, FLOWS.STEP, ctx.network.redactor.text(firstLine(err)))
  try {
    switch (step.action) {
      case 'signIn':
      case 'signOut': {
        const account = script.account ?? ctx.engagement.accounts[0]?.id
        if (!account)
          return stepFailure(ctx, FLOWS.NOT_CONFIGURED, `flow ${script.name} signs in but names no account`)
        auth(true)
        try {
          return step.action === 'signIn'
            ? await signInOn(page, context, ctx, account)
            : await signOutOn(page, ctx, account)
        } finally {
          auth(false)
        }
      }
      case 'goto':
        await page.goto(step.url, { waitUntil: 'load', timeout })
        return ok(undefined)
      case 'click':
        await Promise.all([
          page.waitForEvent('framenavigated', { timeout: Math.min(timeout, 3000) }).catch(() => undefined),
          page.click(step.selector, { timeout }),
        ])
        await page.waitForLoadState('load', { timeout })
        return ok(undefined)
      case 'fill':
        await page.fill(step.selector, step.value, { timeout })
        return ok(undefined)
      case 'upload':
        await page.setInputFiles(
          step.selector,
          { name: step.file.name, mimeType: step.file.type, buffer: Buffer.from(step.file.content) },
          { timeout },
        )
        return ok(undefined)
      case 'back':
        await page.goBack({ waitUntil: 'load', timeout })
        return ok(undefined)
      case 'reload':
        await page.reload({ waitUntil: 'load', timeout })
        return ok(undefined)
    }
  } catch (err) {
    return fail(err)
  }
}

/** Runs every declarative flow in order, each in a fresh context; a sign of harm leaves the rest not run. */
export const flowsScripts: ProbeKind<{ flows: string[] }, FlowsFacts> = {
  kind: 'flows.scripts',
  subject: () => 'flows',
  timeLimitMs: (_p, e) => Math.max(120_000, (e.flows?.scripts.length ?? 1) * 45_000),
  async run(_params, ctx): Promise<ProbeResult<FlowsFacts>> {
    const scripts = ctx.engagement.flows?.scripts ?? []
    const browser = await BrowserSession.launch(ctx.network, ctx.rec, {
      deadline: ctx.deadline,
      active: true,
    })
    if (!browser.ok) return browser
    const harm = new Harm()
    const facts: FlowsFacts = { flows: [] }
    try {
      for (const script of scripts) {
        if (harm.reason) {
          facts.flows.push({
            name: script.name,
            ended: 'not-run',
            steps: [],
            why: harm.reason,
            code: FLOWS.HARM,
          })
          continue
        }
        facts.flows.push(await runFlow(browser.value, script, ctx, harm))
      }
      if (harm.reason) facts.stopped = harm.reason
      return ok(facts)
    } finally {
      await browser.value.close()
    }
  },
}
