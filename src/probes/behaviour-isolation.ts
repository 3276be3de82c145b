// `behaviour.isolation` (active, consent `input`): the health endpoint and one or two unrelated reads (the
// controls) are sampled a few times, then the engagement's target endpoint gets a burst of failing requests while the
// controls are sampled beside it, then the controls are sampled until they answer as in the baseline again. Each
// sample keeps its status, the shape of its content and the start of its body, so the check judges by content; the
// burst stops at the first degraded control (that is the proof, and more would only harm), a 429 or a 423.
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { isNotTried, isTimeout } from '../network/codes'
import { fetchUrl, HttpPool, type HttpOutcome } from '../network/http'
import { sleep } from '../network/limiter'
import { unhealthyBecause } from '../monitoring/health'
import { sessionHeaders } from './authenticated'
import { apiUrl } from './identity-inventory'
import { engagementRequest, type ProbeContext, type ProbeKind, type ProbeResult } from './probe'
import { PROBE } from './codes'

/** Samples of each control before the burst. */
export const BASELINE_ROUNDS = 3
/** Time between the rounds of samples after the burst, while waiting for the controls to come back. */
const AFTER_STEP_MS = 500
/** Rounds after the burst that must answer as in the baseline when nothing degraded (a late effect shows here). */
const QUIET_ROUNDS = 2
/** Reads taken from api.endpoints when none are declared. */
const DEFAULT_READS = 2
/** Bytes of each answer read to tell its shape (a health body or a list); only the start is kept. */
const ANSWER_READ = 64 * 1024
/** Characters of each answer kept in the observation. */
const ANSWER_SHOWN = 300
/** The default failing body: a JSON object that never closes. */
const MALFORMED = '{"handover":"isolation check","rows":['

/** When a sample was taken: before, during or after the burst. */
export type IsolationPhase = 'baseline' | 'during' | 'after'

/** One request to a control and its answer (redacted). */
export interface IsolationSample {
  phase: IsolationPhase
  /** Milliseconds since the first baseline request. */
  at: number
  status?: number
  /** Time to the last byte: evidence words only, never the verdict. */
  ms?: number
  bytes?: number
  /** `keys:a,b status:ok` for a JSON object, `json:array`, `html title:…`, `text` or `empty`: what came back. */
  shape?: string
  /** Why a health answer does not say healthy (its status field, or the declared text missing). */
  unhealthy?: string
  answer?: string
  /** The network code of a request that got no answer. */
  code?: string
  error?: string
}

/** A watched endpoint: the health check or an unrelated read. */
export interface IsolationControl {
  kind: 'health' | 'read'
  url: string
  samples: IsolationSample[]
}

/** Data of the `behaviour.isolation` observation. */
export interface IsolationFacts {
  /** `POST https://…/api/exports` (redacted). */
  target: string
  as: string
  /** Failing requests planned (isolation.failures). */
  planned: number
  /** Target requests sent and how they were answered: status (or network code) → count. */
  sent: number
  answers: Record<string, number>
  /** The start of the target's first answer. */
  firstAnswer?: string
  controls: IsolationControl[]
  /** Milliseconds from the end of the burst to the first round that answered as in the baseline. */
  recoveredAfterMs?: number
  /** How long the controls were given to come back (isolation.recoverySeconds). */
  recoveryMs: number
  /** Why the burst ended before `planned` (a degraded control, a 429, the budget). */
  burstEnded?: string
  /** Why nothing was sent (no target, no control, a failed sign-in). */
  skipped?: string
  /** The code of what kept it from being sent, when coded (a missing credential: `isNoCredential`). */
  code?: string
  /** Why the probe stopped early (a 429, a lock-out, the budget, a control failing in the baseline). */
  stopped?: string
}

const sample = z.strictObject({
  phase: z.enum(['baseline', 'during', 'after']),
  at: z.number().nonnegative(),
  status: z.number().int().optional(),
  ms: z.number().nonnegative().optional(),
  bytes: z.number().int().nonnegative().optional(),
  shape: z.string().optional(),
  unhealthy: z.string().optional(),
  answer: z.string().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
})

/** Data schema of the `behaviour.isolation` probe (fixtures are validated against it). */
export const isolationFactsSchema = z.strictObject({
  target: z.string(),
  as: z.string(),
  planned: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  answers: z.record(z.string(), z.number().int().nonnegative()),
  firstAnswer: z.string().optional(),
  controls: z.array(
    z.strictObject({ kind: z.enum(['health', 'read']), url: z.string(), samples: z.array(sample) }),
  ),
  recoveredAfterMs: z.number().nonnegative().optional(),
  recoveryMs: z.number().int().positive(),
  burstEnded: z.string().optional(),
  skipped: z.string().optional(),
  code: z.string().optional(),
  stopped: z.string().optional(),
})

/** The probe request of smoke.isolation. */
export const isolationOf = engagementRequest('behaviour.isolation')

/** The target as a finding names it: `POST https://…`. */
export function isolationTarget(e: Engagement): string | undefined {
  const t = e.isolation?.target
  return t ? `${t.method} ${t.url}` : undefined
}

/** The controls to watch: the health endpoint (isolation.health, else monitoring.health), then the reads. */
export function isolationControls(e: Engagement): { kind: 'health' | 'read'; url: string }[] {
  const iso = e.isolation
  if (!iso) return []
  const health = iso.health ?? e.monitoring?.health
  const role = e.accounts.find((a) => a.id === isolationAccount(e))?.role
  const target = new URL(iso.target.url)
  const reads =
    iso.reads ??
    (e.api?.endpoints ?? [])
      .filter(
        (ep) =>
          ep.method === 'GET' &&
          !ep.path.includes('{') &&
          (!ep.protected || !ep.roles || (role !== undefined && ep.roles.includes(role))),
      )
      .map((ep) => apiUrl(e, ep.path))
      .filter((u) => new URL(u).pathname !== target.pathname && u !== health)
      .slice(0, DEFAULT_READS)
  return [
    ...(health ? [{ kind: 'health' as const, url: health }] : []),
    ...reads.map((url) => ({ kind: 'read' as const, url })),
  ]
}

/** The account every request is made as: isolation.account, monitoring.account, the first client, or anonymous. */
export function isolationAccount(e: Engagement): string {
  return (
    e.isolation?.account ??
    e.monitoring?.account ??
    (e.accounts.find((a) => a.role !== 'admin' && a.role !== 'demo') ?? e.accounts[0])?.id ??
    'anonymous'
  )
}

/** What content a body holds, in a few words two answers can be compared by. */
export function shapeOf(body: string): string {
  if (body.trim() === '') return 'empty'
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    // An HTML page by its title: an error page seldom has the title of the page it stands in for.
    const title = /<title[^>]*>([^<]{0,80})/i.exec(body)?.[1]?.trim()
    return title !== undefined ? `html title:${title}` : 'text'
  }
  if (Array.isArray(parsed)) return 'json:array'
  if (!parsed || typeof parsed !== 'object') return 'json:value'
  const o = parsed as Record<string, unknown>
  const status = typeof o.status === 'string' || typeof o.status === 'boolean' ? ` status:${o.status}` : ''
  return `keys:${Object.keys(o).sort().join(',')}${status}`
}

/** True when the sample is what the control answered in the baseline: a healthy 2xx of the same shape. */
export function asInBaseline(s: IsolationSample, reference: IsolationSample | undefined): boolean {
  return (
    reference !== undefined &&
    s.status !== undefined &&
    s.status >= 200 &&
    s.status < 300 &&
    s.shape === reference.shape &&
    s.unhealthy === undefined
  )
}

/** True when the sample is no evidence either way: our own limits (budget, deadline, halt) kept it from being sent. */
export function notTried(s: IsolationSample): boolean {
  return s.code !== undefined && isNotTried(s.code) && !isTimeout(s.code)
}

/** One sample of a control: its status, the shape of its content, the start of its body. */
async function sampleOf(
  ctx: ProbeContext,
  url: string,
  session: Record<string, string>,
  pool: HttpPool,
  phase: IsolationPhase,
  t0: number,
  health: { expect: string | undefined } | undefined,
): Promise<IsolationSample> {
  const at = Math.round(performance.now() - t0)
  const got: HttpOutcome = await fetchUrl(
    ctx.network,
    {
      url,
      headers: { accept: 'application/json', ...session },
      follow: false,
      keepBody: ANSWER_READ,
      active: true,
      pool,
      deadline: ctx.deadline,
    },
    ctx.rec,
  )
  const last = got.exchanges.at(-1)
  if (!last) {
    const code = got.error?.code ?? PROBE.NO_ANSWER
    return { phase, at, code, error: `${code}: ${got.error?.message ?? 'no answer'}` }
  }
  const body = last.body ?? ''
  const unhealthy = health ? unhealthyBecause(body, health.expect) : undefined
  return {
    phase,
    at,
    status: last.status,
    ms: Math.round(last.durationMs),
    bytes: last.bodyBytes,
    shape: shapeOf(body),
    ...(unhealthy ? { unhealthy } : {}),
    ...(body ? { answer: body.slice(0, ANSWER_SHOWN) } : {}),
  }
}

/** The controls sampled, a burst of failing requests at the target, the controls sampled again (active). */
export const behaviourIsolation: ProbeKind<{ engagement: string }, IsolationFacts> = {
  kind: 'behaviour.isolation',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_params, e) => e.net.totalMs * 4 + (e.isolation?.recoverySeconds ?? 10) * 1000,
  async run(_params, ctx): Promise<ProbeResult<IsolationFacts>> {
    const e = ctx.engagement
    const iso = e.isolation
    const as = isolationAccount(e)
    const controls = isolationControls(e)
    const out: IsolationFacts = {
      target: iso ? `${iso.target.method} ${ctx.network.redactor.url(iso.target.url)}` : '',
      as,
      planned: iso?.failures ?? 0,
      sent: 0,
      answers: {},
      controls: controls.map((c) => ({ kind: c.kind, url: ctx.network.redactor.url(c.url), samples: [] })),
      recoveryMs: (iso?.recoverySeconds ?? 10) * 1000,
    }
    if (!iso) return ok({ ...out, skipped: 'isolation is not set in handover.json' })
    if (!controls.length)
      return ok({
        ...out,
        skipped: 'there is nothing to watch: set isolation.health (or monitoring.health) or isolation.reads',
      })
    const signedIn = await sessionHeaders(ctx, as)
    if (!('headers' in signedIn)) return ok({ ...out, ...signedIn })
    const session = signedIn.headers
    const expect = iso.healthExpect ?? e.monitoring?.healthExpect
    const controlPool = new HttpPool(ctx.network, ctx.rec)
    const targetPool = new HttpPool(ctx.network, ctx.rec)
    const t0 = performance.now()
    /** One sample of every control; the first baseline sample of each is its reference. */
    const round = async (phase: IsolationPhase): Promise<{ degraded: boolean; halt?: string }> => {
      let degraded = false
      let halt: string | undefined
      for (const [i, c] of controls.entries()) {
        const s = await sampleOf(
          ctx,
          c.url,
          session,
          controlPool,
          phase,
          t0,
          c.kind === 'health' ? { expect } : undefined,
        )
        const row = out.controls[i]!
        row.samples.push(s)
        if (notTried(s)) halt ??= s.error
        else if (!asInBaseline(s, row.samples[0])) degraded = true
      }
      return { degraded, ...(halt ? { halt } : {}) }
    }
    try {
      // Baseline: every sample of every control must answer alike, or there is nothing to compare with.
      for (let r = 0; r < BASELINE_ROUNDS; r++) {
        const { degraded, halt } = await round('baseline')
        if (halt) return ok({ ...out, stopped: halt })
        if (degraded)
          return ok({
            ...out,
            stopped: 'a control did not answer alike in the baseline, so nothing was sent to the target',
          })
      }
      // The burst, with the controls sampled beside it until it ends (at least one full round).
      const state = { running: true, harmed: false }
      const burst = sendBurst(ctx, iso, session, targetPool, out, state)
      for (;;) {
        const { degraded, halt } = await round('during')
        if (halt) {
          out.stopped ??= halt
          break
        }
        if (degraded) {
          state.harmed = true
          if (state.running)
            out.burstEnded ??= 'a control degraded: that is the proof, so no more failing requests were sent'
          break
        }
        if (!state.running) break
      }
      state.running = false
      await burst
      // After: until every control answers as in the baseline again (QUIET_ROUNDS alike when nothing degraded).
      const ended = performance.now()
      let quiet = 0
      while (!out.stopped && performance.now() - ended <= out.recoveryMs) {
        const startedAt = performance.now()
        const { degraded, halt } = await round('after')
        if (halt) {
          out.stopped = halt
          break
        }
        if (degraded) {
          state.harmed = true
          quiet = 0
        } else if (state.harmed) {
          out.recoveredAfterMs = Math.round(startedAt - ended)
          break
        } else if (++quiet >= QUIET_ROUNDS) break
        if (await sleep(AFTER_STEP_MS, ctx.rec.signal)) break
      }
    } finally {
      await Promise.all([controlPool.close(), targetPool.close()])
    }
    return ok(out)
  },
}

/** Sends the failing requests one after another while `state.running`; stops at a 429, a 423 or our own limits. */
async function sendBurst(
  ctx: ProbeContext,
  iso: NonNullable<Engagement['isolation']>,
  session: Record<string, string>,
  pool: HttpPool,
  out: IsolationFacts,
  state: { running: boolean },
): Promise<void> {
  const body = iso.target.body ?? (iso.target.method === 'GET' ? undefined : MALFORMED)
  for (let n = 0; n < iso.failures && state.running; n++) {
    const sent = await fetchUrl(
      ctx.network,
      {
        url: iso.target.url,
        method: iso.target.method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': iso.target.contentType } : {}),
          ...session,
        },
        ...(body !== undefined ? { body } : {}),
        follow: false,
        keepBody: ANSWER_SHOWN,
        active: true,
        pool,
        deadline: ctx.deadline,
      },
      ctx.rec,
    )
    const last = sent.exchanges.at(-1)
    if (!last && sent.error && isNotTried(sent.error.code) && !isTimeout(sent.error.code)) {
      out.burstEnded = sent.error.message
      out.stopped ??= sent.error.message
      break
    }
    out.sent++
    const key = last ? String(last.status) : (sent.error?.code ?? PROBE.NO_ANSWER)
    out.answers[key] = (out.answers[key] ?? 0) + 1
    out.firstAnswer ??= last
      ? `${last.status}${last.body ? ` ${last.body.slice(0, ANSWER_SHOWN)}` : ''}`
      : `${key}: ${sent.error?.message ?? 'no answer'}`
    if (last?.status === 429 || last?.status === 423) {
      out.burstEnded = `the target answered ${last.status}: the portal throttled or locked the account`
      out.stopped ??= out.burstEnded
      break
    }
  }
  state.running = false
}
