// The frontend crawler: pages → scripts → source maps → inline scripts → framework payloads → public config
// endpoints, fetched the way a browser would (GET, in scope only) through the network layer. Bodies stay in
// memory and go to the caller's callback; only their facts (URL, status, size, hash) become observation data.
import { Parser } from 'htmlparser2'
import { drainLimit } from '../core/concurrency'
import type { ProbeError } from '../core/types'
import { fetchUrl, HttpPool } from '../network/http'
import type { ProbeContext } from './probe'
import { NET } from '../network/codes'

/** What a fetched or found text is. */
export type FrontendKind = 'page' | 'script' | 'source-map' | 'map-source' | 'config'

/** Where inside a page a line sits, for findings in HTML. */
export type PagePart = 'markup' | 'inline-script' | 'framework-payload' | 'comment'

/** One resource the crawl asked for, without its body. */
export interface FrontendResource {
  url: string
  kind: FrontendKind
  /** The page or script that led to it. */
  from?: string
  status?: number
  bytes?: number
  sha256?: string
  contentType?: string
  error?: ProbeError
}

/** A text handed to the caller: a page, a script, one source of a source map, a config answer. */
export interface CrawledText {
  url: string
  kind: FrontendKind
  /** For `map-source`: the original file name inside the map. */
  source?: string
  text: string
  /** The body's bytes, for a linked answer that is not HTML (a download such as a keystore). */
  bytes?: Uint8Array
  /** For pages: which part each line range is (inline scripts, framework payloads, comments). */
  parts?: { from: number; to: number; part: PagePart }[]
}

/** How far the crawl may go; every request also counts against the engagement's budget. */
export interface CrawlLimits {
  pages: number
  scripts: number
  maps: number
  configs: number
}

/** The frontend crawl's default caps: pages, scripts, source maps and config files. */
export const DEFAULT_CRAWL_LIMITS: CrawlLimits = { pages: 25, scripts: 60, maps: 60, configs: 12 }

/** What the crawl saw, without bodies. */
export interface CrawlSummary {
  start: string[]
  resources: FrontendResource[]
  /** Why the crawl stopped early, when it did (budget, time, limits). */
  truncated?: string
}

/** Paths where single-page apps commonly publish their runtime configuration. */
export const CONFIG_PATHS = ['/config.json', '/env.js', '/env-config.js', '/runtime-config.js', '/api/config']

const FRAMEWORK_PAYLOAD =
  /__NEXT_DATA__|__NUXT__|__NUXT_DATA__|__remixContext|__APOLLO_STATE__|__PRELOADED_STATE__|__INITIAL_STATE__|self\.__next_f|window\.__ENV|window\._env_|__SVELTEKIT/
const SKIP_LINK =
  /\.(?:png|jpe?g|gif|webp|svg|ico|pdf|zip|gz|mp4|mp3|woff2?|ttf|css)(?:$|\?)|\/(?:log-?out|sign-?out)\b/i
const SOURCE_MAP_COMMENT = /[#@]\s*sourceMappingURL=([^\s'"*]+)/g
const SCRIPT_LITERAL = /["'`]((?:\.{1,2}\/|\/)?[\w\-./]{1,200}\.m?js)["'`]/g
const CONFIG_LITERAL = /["'`](\/[\w\-./]{0,80}(?:config|env|settings)[\w\-./]{0,40})["'`]/gi
/** Keep room at the end of the probe's time to finish and return what was found. */
const TIME_RESERVE_MS = 750
/** Requests in flight at once (the network layer's rate limit still applies). */
const PARALLEL = 4

/** Crawls from the given pages and hands every text to `onText`; returns the facts of what it fetched. */
export async function crawlFrontend(
  ctx: ProbeContext,
  startUrls: readonly string[],
  onText: (text: CrawledText) => void,
  limits: CrawlLimits = DEFAULT_CRAWL_LIMITS,
): Promise<CrawlSummary> {
  // One pool for the whole crawl: pages, scripts and maps of an origin share kept-alive connections
  // (at most network.concurrency of them) instead of a handshake per resource.
  const pool = new HttpPool(ctx.network, ctx.rec)
  try {
    const summary: CrawlSummary = { start: [...startUrls], resources: [] }
    const seen = new Set<string>()
    const origins = new Set(startUrls.map((u) => new URL(u).origin))
    const count: Record<FrontendKind, number> = {
      page: 0,
      script: 0,
      'source-map': 0,
      'map-source': 0,
      config: 0,
    }
    const cap: Record<FrontendKind, number> = {
      page: limits.pages,
      script: limits.scripts,
      'source-map': limits.maps,
      'map-source': Number.POSITIVE_INFINITY,
      config: limits.configs,
    }
    const pages: { url: string; from?: string }[] = startUrls.map((url) => ({ url }))
    const scripts: { url: string; from: string }[] = []
    const maps: { url: string; from: string }[] = []
    const configs: { url: string; from: string }[] = []

    const stop = (why: string): boolean => {
      summary.truncated ??= why
      return false
    }
    const admit = (url: string, kind: FrontendKind): boolean => {
      if (seen.has(url)) return false
      if (count[kind] >= cap[kind]) return stop(`more ${kind}s than the limit of ${cap[kind]}`)
      if (Date.now() > ctx.deadline - TIME_RESERVE_MS) return stop('the probe ran out of time')
      seen.add(url)
      count[kind]++
      return true
    }
    /** GET with the whole body kept in memory; the observation keeps only its facts. */
    const fetchText = async (
      url: string,
      kind: FrontendKind,
      from?: string,
    ): Promise<
      { text: string; bytes: Uint8Array; contentType: string; headers: Record<string, string> } | undefined
    > => {
      const resource: FrontendResource = { url, kind, ...(from ? { from } : {}) }
      summary.resources.push(resource)
      if (!ctx.network.scope.allows(new URL(url).hostname)) {
        resource.error = {
          code: NET.OUT_OF_SCOPE,
          message: `${new URL(url).hostname} is outside scope.allow`,
        }
        return undefined
      }
      const outcome = await fetchUrl(
        ctx.network,
        {
          url,
          capture: true,
          captureBytes: ctx.network.settings.maxResponseBytes,
          pool,
          deadline: ctx.deadline - TIME_RESERVE_MS / 2,
        },
        ctx.rec,
      )
      const last = outcome.exchanges.at(-1)
      if (outcome.error) resource.error = outcome.error
      if (outcome.refusedRedirect)
        resource.error = { code: outcome.refusedRedirect.code, message: `redirected out of scope` }
      if (!last) return undefined
      resource.status = last.status
      resource.bytes = last.bodyBytes
      resource.sha256 = last.bodySha256
      const contentType = last.headers['content-type'] ?? ''
      if (contentType) resource.contentType = contentType
      if (outcome.error || last.status !== 200 || !outcome.captured) return undefined
      return {
        text: outcome.captured.body,
        bytes: outcome.captured.bytes,
        contentType,
        headers: last.headers,
      }
    }
    const sameOrigin = (url: string): boolean => origins.has(new URL(url).origin)
    const resolve = (ref: string, base: string): string | undefined => {
      try {
        const u = new URL(ref, base)
        if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined
        u.hash = ''
        return u.href
      } catch {
        return undefined
      }
    }

    // Pages, breadth first, same origin as the start pages.
    await drainLimit(pages, PARALLEL, async ({ url, from }) => {
      if (!admit(url, 'page')) return
      const got = await fetchText(url, 'page', from)
      if (!got || !/html/i.test(got.contentType)) {
        // A linked file that is not a page (a download): its bytes too, for what only binary shape shows.
        if (got) onText({ url, kind: 'page', text: got.text, bytes: got.bytes })
        return
      }
      const page = readPage(got.text)
      onText({ url, kind: 'page', text: got.text, parts: page.parts })
      for (const href of page.links) {
        const next = resolve(href, url)
        if (next && sameOrigin(next) && !SKIP_LINK.test(next) && !seen.has(next))
          pages.push({ url: next, from: url })
      }
      for (const src of page.scripts) {
        const next = resolve(src, url)
        if (next) scripts.push({ url: next, from: url })
      }
      for (const inline of page.inlineScripts) discover(inline, url)
    })

    function discover(js: string, base: string): void {
      for (const m of js.matchAll(SCRIPT_LITERAL)) {
        const next = resolve(m[1]!, base)
        if (next && sameOrigin(next)) scripts.push({ url: next, from: base })
      }
      for (const m of js.matchAll(CONFIG_LITERAL)) {
        const next = resolve(m[1]!, base)
        if (next && sameOrigin(next)) configs.push({ url: next, from: base })
      }
    }

    // Scripts (and the chunks they name), then their source maps.
    await drainLimit(scripts, PARALLEL, async ({ url, from }) => {
      if (!admit(url, 'script')) return
      const got = await fetchText(url, 'script', from)
      if (!got) return
      onText({ url, kind: 'script', text: got.text })
      discover(got.text, url)
      const header = got.headers.sourcemap ?? got.headers['x-sourcemap']
      const refs = [
        ...(header ? [header] : []),
        ...[...got.text.matchAll(SOURCE_MAP_COMMENT)].map((m) => m[1]!),
      ]
      for (const ref of refs) {
        if (ref.startsWith('data:')) {
          const inline = dataUrlText(ref)
          if (inline !== undefined) readMap(`${url}#inline-map`, inline, onText)
          continue
        }
        const next = resolve(ref, url)
        if (next) maps.push({ url: next, from: url })
      }
    })
    await drainLimit(maps, PARALLEL, async ({ url, from }) => {
      if (!admit(url, 'source-map')) return
      const got = await fetchText(url, 'source-map', from)
      if (got) readMap(url, got.text, onText)
    })
    // Public config endpoints, the ones the code names first: only real answers count; an SPA's index.html
    // for every path is not a config.
    for (const origin of origins)
      for (const p of CONFIG_PATHS) configs.push({ url: new URL(p, origin).href, from: origin })
    await drainLimit(configs, PARALLEL, async ({ url, from }) => {
      if (!admit(url, 'config')) return
      const got = await fetchText(url, 'config', from)
      if (got && !/html/i.test(got.contentType)) onText({ url, kind: 'config', text: got.text })
    })
    return summary
  } finally {
    await pool.close()
  }
}

/** `href` resolved against `base`, or undefined when it is no URL. */
export function resolveUrl(href: string, base: string): URL | undefined {
  try {
    return new URL(href, base)
  } catch {
    return undefined
  }
}

/** Links, script sources, inline scripts and the line ranges of each part of an HTML page. */
export function readPage(html: string): {
  links: string[]
  scripts: string[]
  inlineScripts: string[]
  parts: { from: number; to: number; part: PagePart }[]
} {
  const links: string[] = []
  const scripts: string[] = []
  const inlineScripts: string[] = []
  const parts: { from: number; to: number; part: PagePart }[] = []
  let inScript: { start: number; id?: string; type?: string } | undefined
  let buffer = ''
  const lineAt = lineCounter(html)
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'a' && attrs.href) links.push(attrs.href)
        if (
          name === 'link' &&
          attrs.href &&
          /modulepreload|preload/.test(attrs.rel ?? '') &&
          /script|^$/.test(attrs.as ?? '')
        )
          scripts.push(attrs.href)
        if (name === 'script') {
          if (attrs.src) scripts.push(attrs.src)
          inScript = { start: parser.endIndex + 1, ...(attrs.id ? { id: attrs.id } : {}) }
          buffer = ''
        }
      },
      ontext(text) {
        if (inScript) buffer += text
      },
      onclosetag(name) {
        if (name === 'script' && inScript) {
          if (buffer.trim()) {
            inlineScripts.push(buffer)
            const framework = inScript.id === '__NEXT_DATA__' || FRAMEWORK_PAYLOAD.test(buffer)
            parts.push({
              from: lineAt(inScript.start),
              to: lineAt(parser.startIndex),
              part: framework ? 'framework-payload' : 'inline-script',
            })
          }
          inScript = undefined
        }
      },
      oncomment() {
        parts.push({ from: lineAt(parser.startIndex), to: lineAt(parser.endIndex), part: 'comment' })
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return { links, scripts, inlineScripts, parts }
}

/** Hands each `sourcesContent` entry of a source map to the caller, named by its original path. */
function readMap(url: string, text: string, onText: (t: CrawledText) => void): void {
  let map: unknown
  try {
    map = JSON.parse(text.replace(/^\)\]\}'[^\n]*\n/, ''))
  } catch {
    return
  }
  if (!map || typeof map !== 'object') return
  const { sources, sourcesContent } = map as { sources?: unknown; sourcesContent?: unknown }
  if (!Array.isArray(sourcesContent)) return
  sourcesContent.forEach((content, i) => {
    if (typeof content !== 'string' || !content) return
    const source = Array.isArray(sources) && typeof sources[i] === 'string' ? (sources[i] as string) : `#${i}`
    onText({ url, kind: 'map-source', source, text: content })
  })
}

function dataUrlText(ref: string): string | undefined {
  const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(ref)
  if (!m) return undefined
  return m[1] ? Buffer.from(m[2]!, 'base64').toString('utf8') : decodeURIComponent(m[2]!)
}

/** Offset → 1-based line, for ascending offsets. */
function lineCounter(text: string): (offset: number) => number {
  let line = 1
  let at = 0
  return (offset) => {
    if (offset < at) {
      line = 1
      at = 0
    }
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++
    return line
  }
}
