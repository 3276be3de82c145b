// monitor.error-tracking's probe: the portal's pages, scripts and config crawled as a browser would and scanned for
// error-tracker SDKs and DSNs; then the home page opened in Chromium, where a marked test exception is thrown in
// the page and every request the page makes is kept, so the check can see whether a tracker sent it somewhere.
// Out-of-scope ingests are never contacted: the browser layer stops them and records that they were attempted.
import { randomBytes } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { scanTrackerText } from '../monitoring/error-tracking'
import { BrowserSession } from '../network/browser'
import { crawlFrontend, type CrawlLimits } from './frontend'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { frontendStart } from './secrets-frontend'
import { PROBE } from './codes'

/** A few pages, their scripts and public config: trackers are set up once per app, in its entry bundle. */
const LIMITS: CrawlLimits = { pages: 3, scripts: 30, maps: 0, configs: 6 }
/** Requests of the page kept in the observation. */
const MAX_REQUESTS = 150
/** How long to wait for the tracker to send the test exception. */
const SEND_WAIT_MS = 4000

const probeError = z.strictObject({ code: z.string(), message: z.string() })

/** Data of a `monitor.error-tracking` observation. */
export const errorTrackingSchema = z.strictObject({
  start: z.array(z.string()),
  /** Scripts the crawl asked for (an out-of-scope loader is listed with its error, not fetched). */
  scripts: z.array(
    z.strictObject({ url: z.string(), status: z.number().int().optional(), code: z.string().optional() }),
  ),
  /** Tracker signatures found in the served pages, scripts and config. */
  signatures: z.array(
    z.strictObject({
      provider: z.string(),
      signal: z.enum(['sdk', 'config']),
      match: z.string(),
      url: z.string(),
      dsn: z.strictObject({ host: z.string(), project: z.string() }).optional(),
    }),
  ),
  truncated: z.string().optional(),
  browser: z.strictObject({
    visited: z.string().optional(),
    status: z.number().int().optional(),
    csp: z.string().optional(),
    /** The text the test exception carried, so a request body can be matched to it. */
    marker: z.string().optional(),
    thrown: z.boolean(),
    requests: z.array(
      z.strictObject({
        method: z.string(),
        url: z.string(),
        resourceType: z.string(),
        status: z.number().int().optional(),
        failure: z.string().optional(),
        blocked: z.enum(['scope', 'budget']).optional(),
        /** True when the request body carried the test exception's marker. */
        carriesTest: z.boolean().optional(),
      }),
    ),
    error: probeError.optional(),
  }),
})

/** What the error-tracking probe saw. */
export type ErrorTrackingFacts = z.output<typeof errorTrackingSchema>

/** Where the probe starts: the portal's home page and its sign-in page. */
export interface ErrorTrackingParams {
  urls: string[]
}

/** Opens the home page in Chromium, throws a marked exception in it and keeps what the page sent. */
async function watchBrowser(
  url: string,
  ctx: Parameters<ProbeKind['run']>[1],
): Promise<ErrorTrackingFacts['browser']> {
  const facts: ErrorTrackingFacts['browser'] = { thrown: false, requests: [] }
  const browser = await BrowserSession.launch(ctx.network, ctx.rec, { deadline: ctx.deadline })
  if (!browser.ok) return { ...facts, error: browser.error }
  const marker = `handover-test-${randomBytes(6).toString('hex')}`
  facts.marker = marker
  // One flag per request, in the order the context saw them (the order of audit.requests), and the answers of
  // the requests that carried the marker, so their status is known before the observation is kept.
  const carries: boolean[] = []
  const answers: Promise<unknown>[] = []
  try {
    const context = await browser.value.newContext({ rec: ctx.rec })
    if (!context.ok) return { ...facts, error: context.error }
    const audit = context.value
    audit.context.on('request', (r) => {
      const marked = r.method() === 'POST' && (r.postData() ?? '').includes(marker)
      carries.push(marked)
      if (marked) answers.push(r.response().catch(() => null))
    })
    const visit = await audit.visit(url, 1500)
    if (!visit.ok) return { ...facts, error: visit.error }
    facts.visited = visit.value.url
    facts.status = visit.value.status
    const nav = audit.requests.find((r) => r.navigation && r.headers)
    const csp = nav?.headers?.['content-security-policy']
    if (csp) facts.csp = csp
    // An uncaught exception, as a bug in the page would raise: what an error tracker exists to report.
    facts.thrown = await visit.value.page
      .evaluate((m) => {
        setTimeout(() => {
          throw new Error(`Handover error-tracking check ${m}: a test exception, please ignore`)
        }, 0)
        return true
      }, marker)
      .catch(() => false)
    const until = Math.min(ctx.deadline - 1000, Date.now() + SEND_WAIT_MS)
    while (Date.now() < until && answers.length === 0) await delay(100)
    // Let the sends finish: a status is recorded once the answer's headers are read. The wait for the deadline is
    // cancelled once they have: a timer left running would keep the process alive until the deadline.
    if (answers.length > 0) {
      const sent = new AbortController()
      const deadline = delay(Math.max(0, ctx.deadline - 1000 - Date.now()), undefined, {
        signal: sent.signal,
      })
      await Promise.race([Promise.all(answers), deadline.catch(() => undefined)]).finally(() => sent.abort())
      await delay(200)
    }
    facts.requests = audit.requests
      .map((r, i) => ({ ...r, carriesTest: carries[i] === true }))
      .filter((r) => /^https?:/.test(r.url))
      .slice(0, MAX_REQUESTS)
      .map((r) => ({
        method: r.method,
        url: r.url,
        resourceType: r.resourceType,
        ...(r.status !== undefined ? { status: r.status } : {}),
        ...(r.failure ? { failure: r.failure } : {}),
        ...(r.blocked ? { blocked: r.blocked } : {}),
        ...(r.carriesTest ? { carriesTest: true } : {}),
      }))
    return facts
  } finally {
    await browser.value.close()
  }
}

/** Probe `monitor.error-tracking`: tracker signatures in what the portal serves, and what its page sends. */
export const monitorErrorTracking: ProbeKind<ErrorTrackingParams, ErrorTrackingFacts> = {
  kind: 'monitor.error-tracking',
  subject: ({ urls }) => urls[0] ?? '',
  // A short crawl, then Chromium: its launch, the page and the wait for the tracker's send.
  timeLimitMs: (_params, e) => e.net.totalMs * 3,
  async run({ urls }, ctx): Promise<ProbeResult<ErrorTrackingFacts>> {
    const signatures: ErrorTrackingFacts['signatures'] = []
    const summary = await crawlFrontend(
      ctx,
      urls,
      (t) => {
        for (const m of scanTrackerText(t.text)) {
          const dup = signatures.some(
            (s) => s.provider === m.provider && s.signal === m.signal && s.match === m.match,
          )
          if (!dup) signatures.push({ ...m, match: ctx.network.redactor.text(m.match), url: t.url })
        }
      },
      LIMITS,
    )
    const scripts = summary.resources
      .filter((r) => r.kind === 'script')
      .map((r) => ({
        url: r.url,
        ...(r.status !== undefined ? { status: r.status } : {}),
        ...(r.error ? { code: r.error.code } : {}),
      }))
    const browser = urls[0]
      ? await watchBrowser(urls[0], ctx)
      : {
          thrown: false,
          requests: [],
          error: { code: PROBE.NO_PORTAL, message: 'no portal URL is declared' },
        }
    return ok({
      start: summary.start,
      scripts,
      signatures,
      ...(summary.truncated ? { truncated: summary.truncated } : {}),
      browser,
    })
  },
}

/** The error-tracking probe request for the engagement, or undefined without a portal. */
export function errorTrackingOf(engagement: Engagement): ProbeRequest | undefined {
  const urls = frontendStart(engagement)
  if (urls.length === 0) return undefined
  return request(monitorErrorTracking.kind, urls[0]!, { urls })
}
