// HTTP probes: a page fetched the way a browser would, following in-scope redirects.
import { ok, type Result } from '../core/result'
import { fetchUrl, type HttpOutcome } from '../network/http'
import { request, type ProbeKind, type ProbeRequest } from './probe'

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
  async run({ url }, ctx): Promise<Result<HttpOutcome>> {
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
