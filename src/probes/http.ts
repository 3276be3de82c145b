// HTTP probes: a page fetched the way a browser would, following in-scope redirects.
import { z } from 'zod'
import { ok } from '../core/result'
import { fetchUrl, type HttpExchange, type HttpOutcome } from '../network/http'
import type { NetworkCode } from '../network/codes'
import { codeAs, problemAs, request } from './probe'
import type { ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'

/** What an HTTP page probe fetches. */
export interface PageParams {
  url: string
}

/** Bytes of a page's body kept for checks that read it (login forms, links). */
export const PAGE_BODY_BYTES = 64 * 1024

/** GET with redirects; transport failures stay inside the outcome so partial chains are evidence too. */
export const httpPage: ProbeKind<PageParams, HttpOutcome> = {
  kind: 'http.page',
  subject: ({ url }) => url,
  async run({ url }, ctx): Promise<ProbeResult<HttpOutcome>> {
    const outcome = await fetchUrl(
      ctx.network,
      { url, keepBody: PAGE_BODY_BYTES, deadline: ctx.deadline },
      ctx.rec,
    )
    return ok(outcome)
  },
}

/** The request for one page, following redirects. */
export const pageOf = (url: string): ProbeRequest => request(httpPage.kind, url, { url })

const tlsSummary = z.strictObject({
  protocol: z.string().nullable(),
  authorized: z.boolean(),
  authorizationError: z.string().optional(),
  hostnameError: z.string().optional(),
})

const headerName = z.string().regex(/^[a-z0-9-]+$/, { error: 'header names are lower-case' })

/** One request and its response as stored (every HTTP-based probe's data is built from these). */
export const httpExchangeSchema = z.strictObject({
  method: z.string(),
  url: z.url(),
  status: z.number().int().min(100).max(599),
  httpVersion: z.string(),
  headers: z.record(headerName, z.string()),
  requestHeaders: z.record(headerName, z.string()),
  bodyBytes: z.number().int().nonnegative(),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  body: z.string().optional(),
  bodyTruncated: z.boolean(),
  durationMs: z.number().int().nonnegative(),
  remote: z.string(),
  tls: tlsSummary.optional(),
  timing: z
    .strictObject({
      reused: z.boolean(),
      waitMs: z.number().nonnegative().optional(),
      dnsMs: z.number().nonnegative().optional(),
      connectMs: z.number().nonnegative().optional(),
      tlsMs: z.number().nonnegative().optional(),
      ttfbMs: z.number().nonnegative(),
      totalMs: z.number().nonnegative(),
    })
    .optional(),
})

/** Data of `http.page` and `http.authenticated`: the exchanges of one fetch and how it ended. */
export const httpOutcomeSchema = z.strictObject({
  exchanges: z.array(httpExchangeSchema),
  error: problemAs<NetworkCode>().optional(),
  refusedRedirect: z.strictObject({ url: z.url(), code: codeAs<NetworkCode>() }).optional(),
})

// `captured` is non-enumerable and never stored.
const shapesMatch: [
  Same<z.output<typeof httpExchangeSchema>, HttpExchange>,
  Same<z.output<typeof httpOutcomeSchema>, Omit<HttpOutcome, 'captured'>>,
] = [true, true]
void shapesMatch
