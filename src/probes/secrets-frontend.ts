// secrets.frontend's probe: crawl the portal as a browser would and scan every text it is served.
import { z } from 'zod'
import { ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { scanBinarySecrets, scanSecrets } from '../secrets'
import { crawlFrontend, type FrontendKind, type PagePart } from './frontend'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { secretFindingSchema } from './secrets-common'
import { findingKey } from './secrets-key'

const probeError = z.strictObject({ code: z.string(), message: z.string() })
const kind = z.enum(['page', 'script', 'source-map', 'map-source', 'config'])

/** One finding and the resource it was served in. */
export const frontendFindingSchema = secretFindingSchema.extend({
  url: z.string(),
  kind,
  part: z.enum(['markup', 'inline-script', 'framework-payload', 'comment']).optional(),
  source: z.string().optional(),
})

/** Data of a `secrets.frontend` observation. */
export const frontendScanSchema = z.strictObject({
  /** Id of the key that made the hashes (FindingKey.id). */
  keyId: z.string(),
  start: z.array(z.string()),
  resources: z.array(
    z.strictObject({
      url: z.string(),
      kind,
      from: z.string().optional(),
      status: z.number().int().optional(),
      bytes: z.number().int().nonnegative().optional(),
      sha256: z.string().optional(),
      contentType: z.string().optional(),
      error: probeError.optional(),
    }),
  ),
  findings: z.array(frontendFindingSchema),
  truncated: z.string().optional(),
})

/** One secret found in a frontend resource, redacted. */
export type FrontendFinding = z.output<typeof frontendFindingSchema>
/** What the frontend scan found and what it crawled (`secrets.frontend`). */
export type FrontendScanFacts = z.output<typeof frontendScanSchema>

/** Where the frontend crawl starts. */
export interface FrontendScanParams {
  urls: string[]
}

/** The portal's pages, scripts, source maps and config endpoints, scanned; only redacted findings are kept. */
export const secretsFrontend: ProbeKind<FrontendScanParams, FrontendScanFacts> = {
  kind: 'secrets.frontend',
  subject: ({ urls }) => urls[0] ?? '',
  async run({ urls }, ctx): Promise<ProbeResult<FrontendScanFacts>> {
    const key = await findingKey(ctx.credentials, ctx.engagement)
    if (!key.ok) return key
    const findings: FrontendFinding[] = []
    const summary = await crawlFrontend(ctx, urls, (t) => {
      // A served keystore is found by its binary shape; a file that is not one is scanned as text.
      const binary = t.bytes ? scanBinarySecrets(t.bytes, { key: key.value }) : []
      const found = binary.length > 0 ? binary : scanSecrets(t.text, { key: key.value })
      for (const f of found) {
        const part = t.parts?.find((p) => f.line >= p.from && f.line <= p.to)?.part
        findings.push({
          ...f,
          url: t.url,
          kind: t.kind as FrontendKind,
          ...(t.kind === 'page' ? { part: part ?? ('markup' as PagePart) } : {}),
          ...(t.source ? { source: t.source } : {}),
        })
      }
    })
    return ok({ keyId: key.value.id, ...summary, findings })
  },
}

/** The pages the crawl starts from: the portal and its sign-in page. */
export function frontendStart(engagement: Engagement): string[] {
  return [...new Set([engagement.portal?.url, engagement.portal?.login].filter((u): u is string => !!u))]
}

/** The frontend scan request for the engagement. */
export const frontendScanOf = (engagement: Engagement): ProbeRequest => {
  const urls = frontendStart(engagement)
  return request(secretsFrontend.kind, urls[0] ?? '', { urls })
}
