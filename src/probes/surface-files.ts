// The exposed-files probe: per origin, a path that cannot exist (the catch-all baseline), the home page (for its
// scripts' source maps), then the curated list over one pool of kept-alive connections (at most
// network.concurrency per origin). Bodies are read only to prove what they are; none is stored.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ok } from '../core/result'
import type { ProbeError } from '../core/types'
import type { Engagement } from '../engagement/load'
import { fetchUrl, HttpPool, type HttpExchange, type HttpOutcome } from '../network/http'
import {
  EXPOSED_PATHS,
  prove,
  sourceMapPath,
  type ExposedPathSpec,
  type ExposureKind,
} from '../surface/files'
import { readPage, resolveUrl } from './frontend'
import { httpExchangeSchema } from './http'
import { probeErrorSchema, request } from './probe'
import type { ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'

/** What the probe asks: one origin, its home page, and the paths published by design (not judged). */
export interface ExposedFilesParams {
  origin: string
  home: string
  /** Paths the engagement publishes on purpose (its declared OpenAPI document). */
  skip: string[]
}

/** One path asked and what its body proved. */
export interface ExposedPathTrial {
  path: string
  kind: ExposureKind
  exchange?: HttpExchange
  error?: ProbeError
  /** What the body is, in words, when it is what the path promised. */
  proof?: string
  /** The body is the same as the answer to a path that cannot exist: a catch-all page. */
  catchAll?: boolean
}

/** Every path asked on one origin. */
export interface ExposedFilesFacts {
  origin: string
  /** The answer to a random path that cannot exist: a 2xx here means the host has a catch-all page. */
  absent?: HttpExchange
  /** The home page's same-host scripts, whose source maps were asked. */
  scripts: string[]
  trials: ExposedPathTrial[]
}

/** Every kind a path can prove it exposes, in the order the check lists its outcomes. */
export const EXPOSURE_KINDS = [
  'secrets-file',
  'repository',
  'backup',
  'source-map',
  'console',
  'directory-listing',
  'api-docs',
] as const

const BODY_BYTES = 64 * 1024

/** The exposed-files probe. */
export const httpExposedFiles: ProbeKind<ExposedFilesParams, ExposedFilesFacts> = {
  kind: 'http.exposed-files',
  subject: ({ origin }) => origin,
  // Forty-odd requests share the run's rate limit with every other probe.
  timeLimitMs: (_params, e) => e.net.totalMs * 3,
  async run(params, ctx): Promise<ProbeResult<ExposedFilesFacts>> {
    const pool = new HttpPool(ctx.network, ctx.rec)
    const ask = (url: string, capture: boolean): Promise<HttpOutcome> =>
      fetchUrl(
        ctx.network,
        { url, follow: false, capture, captureBytes: BODY_BYTES, deadline: ctx.deadline, pool },
        ctx.rec,
      )
    try {
      const origin = new URL(params.origin)
      const absent = (await ask(`${origin.origin}/handover-absent-${randomBytes(8).toString('hex')}`, false))
        .exchanges[0]
      const catchAll = absent && absent.status >= 200 && absent.status < 300 ? absent.bodySha256 : undefined
      const home = await fetchUrl(
        ctx.network,
        { url: params.home, capture: true, captureBytes: BODY_BYTES * 4, deadline: ctx.deadline, pool },
        ctx.rec,
      )
      const scripts = [
        ...new Set(
          readPage(home.captured?.body ?? '')
            .scripts.map((src) => resolveUrl(src, home.exchanges.at(-1)?.url ?? params.home))
            .filter((u): u is URL => !!u && u.origin === origin.origin)
            .map((u) => u.pathname),
        ),
      ]
      const skip = new Set(params.skip)
      const specs: ExposedPathSpec[] = [...EXPOSED_PATHS, ...scripts.map(sourceMapPath)].filter(
        (s, i, all) => !skip.has(s.path) && all.findIndex((o) => o.path === s.path) === i,
      )
      const trial = async (spec: ExposedPathSpec): Promise<ExposedPathTrial> => {
        const outcome = await ask(`${origin.origin}${spec.path}`, true)
        const exchange = outcome.exchanges[0]
        if (!exchange)
          return { path: spec.path, kind: spec.kind, ...(outcome.error ? { error: outcome.error } : {}) }
        const base = { path: spec.path, kind: spec.kind, exchange }
        if (exchange.status < 200 || exchange.status >= 300) return base
        if (catchAll && exchange.bodySha256 === catchAll) return { ...base, catchAll: true }
        const proof = prove(spec, outcome.captured?.body ?? '', exchange.headers['content-type'] ?? '')
        return proof ? { ...base, proof } : base
      }
      const first = await Promise.all(specs.map(trial))
      // A path that failed in the burst (a reset under load) is asked once more, alone.
      const trials: ExposedPathTrial[] = []
      for (const [i, t] of first.entries()) trials.push(t.error ? await trial(specs[i]!) : t)
      return ok({ origin: origin.origin, ...(absent ? { absent } : {}), scripts, trials })
    } finally {
      await pool.close()
    }
  },
}

/** The origins judged: the portal's and the API's, each with its home page and the paths it publishes on purpose. */
export function exposedFilesTargets(e: Engagement): ExposedFilesParams[] {
  const targets = new Map<string, ExposedFilesParams>()
  const add = (url: string | undefined, home: string | undefined): void => {
    if (!url) return
    const origin = new URL(url).origin
    if (!targets.has(origin)) targets.set(origin, { origin, home: home ?? `${origin}/`, skip: [] })
  }
  add(e.portal?.url, e.portal?.url)
  add(e.api?.base, undefined)
  // A local file is read from the workspace; only a served document is published on purpose.
  if (e.api?.openapi && /^https?:\/\//.test(e.api.openapi)) {
    const doc = new URL(e.api.openapi)
    targets.get(doc.origin)?.skip.push(doc.pathname)
  }
  return [...targets.values()]
}

/** The probe request for one origin. */
export const exposedFilesOf = (p: ExposedFilesParams): ProbeRequest =>
  request(httpExposedFiles.kind, p.origin, { ...p } as unknown as Record<string, unknown>)

/** Data of `http.exposed-files`. */
export const exposedFilesFactsSchema = z.strictObject({
  origin: z.url(),
  absent: httpExchangeSchema.optional(),
  scripts: z.array(z.string()),
  trials: z.array(
    z.strictObject({
      path: z.string().startsWith('/'),
      kind: z.enum(EXPOSURE_KINDS),
      exchange: httpExchangeSchema.optional(),
      error: probeErrorSchema.optional(),
      proof: z.string().optional(),
      catchAll: z.boolean().optional(),
    }),
  ),
})

const shapeMatches: Same<z.output<typeof exposedFilesFactsSchema>, ExposedFilesFacts> = true
void shapeMatches
