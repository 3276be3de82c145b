// `behaviour.input` (active, consent `input`): every write endpoint with a valid sample body gets the sample
// first (the control, which must be accepted), then a malformed body, the sample with every field of the wrong
// type, and the sample with a field of a megabyte. Each variant carries a fresh marker, so an answer that
// contains the marker proves the server kept or reflected the bad input; the check judges from that content.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { fetchUrl, HttpPool } from '../network/http'
import { apiUrl, HarmWatch, unanswered, type AccessExchange } from './identity-inventory'
import { engagementRequest, type ProbeKind, type ProbeResult } from './probe'

/** The variants sent to each write endpoint, in order; `control` is the engagement's valid sample. */
export const INPUT_CASES = ['control', 'malformed', 'wrong-type', 'oversized'] as const
/** One of the variants. */
export type InputCase = (typeof INPUT_CASES)[number]

/** Size of the oversized field: far beyond any title or name, small enough to send once per endpoint. */
export const OVERSIZE_BYTES = 1024 * 1024

/** Bytes of each answer kept as text (the marker sits near the start of an echo). */
const ANSWER_KEEP = 4 * 1024
/** Characters of each sent body shown in the evidence. */
const SENT_SHOWN = 160

/** One variant sent to a write endpoint and what came back (redacted). */
export interface InputTry {
  case: InputCase
  /** The marker this variant carried. */
  marker: string
  /** The body sent, cut to a few characters (an oversized one says how long it was). */
  sent: string
  bytes: number
  status?: number
  contentType?: string
  /** The start of the answer, redacted. */
  answer?: string
  /** True when the answer contains the marker: the server kept or reflected this input. */
  echoed: boolean
  error?: string
}

/** The variants sent to one write endpoint. */
export interface InputEndpoint {
  /** `POST /api/tasks` */
  endpoint: string
  url: string
  /** The account whose session carried the requests, or `anonymous` for an unprotected endpoint. */
  as: string
  tries: InputTry[]
  /** Why the endpoint was not tried (no sample, no account may use it, sign-in failed). */
  skipped?: string
  /** The code of a failure whose cause is coded (a sign-in, a credential: `isNoCredential`). */
  code?: string
}

/** Data of the `behaviour.input` observation. */
export interface InputFacts {
  endpoints: InputEndpoint[]
  /** Why the probe stopped early (a 429, a lock-out, a storm of server errors, the budget). */
  stopped?: string
}

const inputTry = z.strictObject({
  case: z.enum(INPUT_CASES),
  marker: z.string(),
  sent: z.string(),
  bytes: z.number().int().nonnegative(),
  status: z.number().int().optional(),
  contentType: z.string().optional(),
  answer: z.string().optional(),
  echoed: z.boolean(),
  error: z.string().optional(),
})

/** Data schema of the `behaviour.input` probe (fixtures are validated against it). */
export const inputFactsSchema = z.strictObject({
  endpoints: z.array(
    z.strictObject({
      endpoint: z.string(),
      url: z.string(),
      as: z.string(),
      tries: z.array(inputTry),
      skipped: z.string().optional(),
      code: z.string().optional(),
    }),
  ),
  stopped: z.string().optional(),
})

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/** The engagement's write endpoints: declared POST/PUT/PATCH endpoints (a `sample` makes them testable). */
export function writeEndpoints(e: Engagement): NonNullable<Engagement['api']>['endpoints'] {
  return (e.api?.endpoints ?? []).filter((ep) => WRITE_METHODS.has(ep.method) || ep.write === true)
}

/** The probe request of surface.input-validation. */
export const inputOf = engagementRequest('behaviour.input')

/** The sample with a marker in its first string field (or in `note` when it has none). */
function marked(sample: Record<string, unknown>, value: string): Record<string, unknown> {
  const key = Object.keys(sample).find((k) => typeof sample[k] === 'string') ?? 'note'
  return { ...sample, [key]: value }
}

/** The body of one variant, carrying `marker`. */
export function variantBody(sample: Record<string, unknown>, kind: InputCase, marker: string): string {
  switch (kind) {
    case 'control':
      return JSON.stringify(sample)
    case 'malformed': {
      // The marked sample with its closing brace replaced by a comma: an object that never ends.
      const text = JSON.stringify(marked(sample, marker))
      return `${text.slice(0, -1)},`
    }
    case 'wrong-type':
      // Every field of the wrong type: strings become objects, everything else the marker as a string.
      return JSON.stringify(
        Object.fromEntries(
          Object.entries(Object.keys(sample).length ? sample : { note: '' }).map(([k, v]) => [
            k,
            typeof v === 'string' ? { value: marker } : marker,
          ]),
        ),
      )
    case 'oversized':
      return JSON.stringify(marked(sample, marker + 'x'.repeat(OVERSIZE_BYTES)))
  }
}

/** The first account whose role may use the endpoint, clients before admins (an admin may use anything). */
function writer(e: Engagement, roles: readonly string[] | undefined): string | undefined {
  const allowed = e.accounts.filter((a) => !roles || roles.includes(a.role))
  return (allowed.find((a) => a.role !== 'admin' && a.role !== 'demo') ?? allowed[0])?.id
}

/** Write endpoints sent a valid sample and three bad variants (active). */
export const behaviourInput: ProbeKind<{ engagement: string }, InputFacts> = {
  kind: 'behaviour.input',
  subject: ({ engagement }) => engagement,
  timeLimitMs: (_params, e) => e.net.totalMs * 4,
  async run(_params, ctx): Promise<ProbeResult<InputFacts>> {
    const e = ctx.engagement
    const out: InputFacts = { endpoints: [] }
    const harm = new HarmWatch()
    const pool = new HttpPool(ctx.network, ctx.rec)
    try {
      for (const ep of writeEndpoints(e)) {
        const endpoint = `${ep.method} ${ep.path}`
        const row: InputEndpoint = { endpoint, url: '', as: 'anonymous', tries: [] }
        out.endpoints.push(row)
        if (harm.reason) {
          row.skipped = `not tried: ${harm.reason}`
          continue
        }
        let pathname = ep.path
        let headers: Record<string, string> = {}
        if (ep.protected) {
          const as = writer(e, ep.roles)
          if (!as) {
            row.skipped = 'no account of the engagement may use it'
            continue
          }
          row.as = as
          if (pathname.includes('{id}')) {
            const id = ep.examples?.[as]
            if (!id) {
              row.skipped = `it takes an object id and api.endpoints names no example object of ${as}`
              continue
            }
            pathname = pathname.replace('{id}', encodeURIComponent(id))
          }
          const session = await ctx.sessions.get(as, ctx.rec)
          if (!session.ok) {
            row.skipped = `${as} could not sign in: ${session.error.message}`
            row.code = session.error.code
            continue
          }
          headers = session.value.headers
        }
        const url = apiUrl(e, pathname)
        row.url = ctx.network.redactor.url(url)
        if (!ep.sample) {
          row.skipped = 'api.endpoints names no valid sample body for it'
          continue
        }
        for (const kind of INPUT_CASES) {
          if (harm.reason) break
          const marker = `hv${randomBytes(6).toString('hex')}`
          const body = variantBody(ep.sample, kind, marker)
          const sent = await fetchUrl(
            ctx.network,
            {
              url,
              method: ep.method,
              headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
              body,
              follow: false,
              keepBody: ANSWER_KEEP,
              active: true,
              pool,
              deadline: ctx.deadline,
            },
            ctx.rec,
          )
          const last = sent.exchanges.at(-1)
          const shown = ctx.network.redactor.text(
            body.length > SENT_SHOWN ? `${body.slice(0, SENT_SHOWN)}… (${body.length} bytes)` : body,
          )
          const x: InputTry = {
            case: kind,
            marker,
            sent: shown,
            bytes: Buffer.byteLength(body),
            echoed: false,
          }
          if (sent.error || !last) x.error = unanswered(sent.error)
          else {
            x.status = last.status
            if (last.headers['content-type']) x.contentType = last.headers['content-type']
            if (last.body !== undefined) x.answer = last.body
            x.echoed = (last.body ?? '').includes(marker)
          }
          row.tries.push(x)
          harm.see({
            as: row.as,
            endpoint,
            method: ep.method,
            url: row.url,
            ...(x.status !== undefined ? { status: x.status } : {}),
            ...(x.error ? { error: x.error } : {}),
          } satisfies AccessExchange)
          // A refused control makes the variants meaningless: nothing to compare them with.
          if (kind === 'control' && (x.status === undefined || x.status >= 300)) break
        }
      }
    } finally {
      await pool.close()
    }
    if (harm.reason) out.stopped = harm.reason
    return ok(out)
  },
}
