// The demo lab's error tracking: a faithful subset of Sentry's ingest API on api.acme.test (the envelope endpoint,
// `POST /api/<project>/envelope/?sentry_key=…&sentry_version=7`, as the browser SDK sends it) and, in the fixed
// lab only, a small browser client in the portal's bundle that reports uncaught exceptions to it the way
// @sentry/browser does (a global error handler, one `event` envelope per exception, text/plain so no preflight).
// The flawed lab's page still names a DSN in its framework payload, but no SDK ever initialises it.
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { drainBody, send } from './api'
import type { LabMode } from './types'

/** The lab's Sentry project id and the host its ingest answers on. */
export const INGEST_PROJECT = '4508'
/** The lab's ingest host (in scope, on the lab's API host). */
export const INGEST_HOST = 'api.acme.test'
/** The SDK name and version the lab client reports, as @sentry/browser does. */
const SDK = { name: 'sentry.javascript.browser', version: '8.40.0' }

/** One envelope item as the ingest got it. */
export interface ReceivedItem {
  type: string
  payload: unknown
}

/** An envelope the lab's ingest accepted. */
export interface ReceivedEnvelope {
  project: string
  eventId: string
  sdk?: string
  items: ReceivedItem[]
  /** The first exception's message, when an item is an error event. */
  exception?: string
}

/** The lab's error tracker: its ingest and, in the fixed lab, the browser client in the bundle. */
export class ErrorTrackingLab {
  /** Envelopes accepted, in order. */
  readonly received: ReceivedEnvelope[] = []
  /** The DSN's public key: fresh on every start (public by design, like every DSN). */
  readonly publicKey = randomBytes(16).toString('hex')

  /** The DSN the fixed bundle initialises its client with. */
  get dsn(): string {
    return `https://${this.publicKey}@${INGEST_HOST}/${INGEST_PROJECT}`
  }

  /** Code put at the top of the portal's bundle: the client and its init in the fixed lab, nothing when flawed. */
  bundlePrelude(mode: LabMode): string {
    if (mode === 'flawed') return ''
    // The client builds its URL from the DSN, as the SDK does; no path literal, so the frontend crawl's config
    // discovery does not take it for a config endpoint.
    return [
      `/*! @sentry/browser ${SDK.version} (lab subset: error events through the envelope endpoint) */`,
      '(function(w){"use strict";',
      `var SDK={name:${JSON.stringify(SDK.name)},version:${JSON.stringify(SDK.version)}};`,
      'var hub=w.__SENTRY__=w.__SENTRY__||{version:SDK.version};',
      'function uuid(){return ([1e7]+1e3+4e3+8e3+1e11).replace(/[018]/g,function(c){return (c^crypto.getRandomValues(new Uint8Array(1))[0]&15>>c/4).toString(16)})}',
      'function init(o){var m=/^(https?):\\/\\/([0-9a-f]{32})@([^\\/]+)\\/(\\d+)$/.exec(o.dsn||"");if(!m)return;',
      'var url=m[1]+"://"+m[3]+["","api",m[4],"envelope",""].join("/")+"?sentry_key="+m[2]+"&sentry_version=7&sentry_client="+encodeURIComponent(SDK.name+"/"+SDK.version);',
      'hub.client={dsn:o.dsn,url:url};',
      'function send(ex){var id=uuid();var ev={event_id:id,timestamp:Date.now()/1e3,platform:"javascript",level:"error",environment:o.environment,release:o.release,sdk:SDK,request:{url:w.location.href},exception:{values:[ex]}};',
      'var body=JSON.stringify({event_id:id,sent_at:new Date().toISOString(),dsn:o.dsn,sdk:SDK})+"\\n"+JSON.stringify({type:"event"})+"\\n"+JSON.stringify(ev);',
      'w.fetch(url,{method:"POST",body:body,keepalive:true,headers:{"Content-Type":"text/plain;charset=UTF-8"}}).catch(function(){})}',
      'w.addEventListener("error",function(e){var err=e.error||{};send({type:err.name||"Error",value:String(err.message||e.message),mechanism:{type:"onerror",handled:false},stacktrace:{frames:[{filename:e.filename,lineno:e.lineno,colno:e.colno}]}})});',
      'w.addEventListener("unhandledrejection",function(e){var r=e.reason||{};send({type:r.name||"UnhandledRejection",value:String(r.message||r),mechanism:{type:"onunhandledrejection",handled:false}})})}',
      'w.Sentry={init:init};})(window);',
      `Sentry.init({dsn:${JSON.stringify(this.dsn)},environment:"production",release:"acme-portal@1.4.2"});`,
      '',
    ].join('\n')
  }

  /** The CSP addition the fixed home page needs so the client may send to the ingest. */
  connectSource(mode: LabMode): string | undefined {
    return mode === 'fixed' ? `https://${INGEST_HOST}` : undefined
  }

  /** Serves the ingest on api.acme.test; false when the request is not for it. */
  api(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    const url = new URL(req.url ?? '/', `https://${INGEST_HOST}`)
    const m = /^\/api\/(\d+)\/envelope\/$/.exec(url.pathname)
    if (!m) return false
    // Sentry's ingest answers browsers from any origin.
    const out = {
      ...headers,
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
    }
    const answer = (status: number, body: unknown): void => {
      send(res, status, 'application/json', JSON.stringify(body), out)
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        ...out,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, x-sentry-auth',
        'content-length': 0,
      })
      res.end()
      return true
    }
    if (req.method !== 'POST') {
      answer(405, { detail: 'method not allowed' })
      return true
    }
    drainBody(req, 256 * 1024, (kept, size) => {
      if (size > 256 * 1024) return answer(413, { detail: 'envelope exceeded size limits' })
      const key = url.searchParams.get('sentry_key') ?? authKey(String(req.headers['x-sentry-auth'] ?? ''))
      if (!key) return answer(401, { detail: 'missing authorization information' })
      if (key !== this.publicKey || m[1] !== INGEST_PROJECT)
        return answer(403, { detail: 'event submission rejected with_reason: ProjectId' })
      const envelope = parseEnvelope(kept.toString('utf8'))
      if (!envelope) return answer(400, { detail: 'invalid envelope' })
      const eventId = envelope.header.event_id ?? randomUUID().replace(/-/g, '')
      const event = envelope.items.find((i) => i.type === 'event')?.payload as
        { exception?: { values?: { value?: string }[] } } | undefined
      const sdk = (envelope.header.sdk as { name?: string } | undefined)?.name
      this.received.push({
        project: m[1]!,
        eventId,
        ...(sdk ? { sdk } : {}),
        items: envelope.items,
        ...(event?.exception?.values?.[0]?.value ? { exception: event.exception.values[0].value } : {}),
      })
      answer(200, { id: eventId })
    })
    return true
  }
}

/** The `sentry_key` of an `X-Sentry-Auth: Sentry sentry_key=…, sentry_version=7` header. */
function authKey(header: string): string | undefined {
  return /\bsentry_key=([0-9a-f]{32})\b/.exec(header)?.[1]
}

/**
 * An envelope: a JSON header line, then items of an item-header line and a payload (of `length` bytes when the
 * header says so, else up to the next newline). Undefined when it is not one.
 */
export function parseEnvelope(
  text: string,
): { header: { event_id?: string; [k: string]: unknown }; items: ReceivedItem[] } | undefined {
  const bytes = Buffer.from(text, 'utf8')
  let at = 0
  const readLine = (): string | undefined => {
    if (at >= bytes.length) return undefined
    let end = bytes.indexOf(10, at)
    if (end < 0) end = bytes.length
    const out = bytes.subarray(at, end).toString('utf8')
    at = end + 1
    return out
  }
  const parse = (s: string | undefined): Record<string, unknown> | undefined => {
    if (s === undefined) return undefined
    try {
      const v = JSON.parse(s) as unknown
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
    } catch {
      return undefined
    }
  }
  const header = parse(readLine())
  if (!header) return undefined
  const items: ReceivedItem[] = []
  for (;;) {
    const line = readLine()
    if (line === undefined || (line === '' && at >= bytes.length)) break
    const item = parse(line)
    if (!item || typeof item.type !== 'string') return undefined
    let raw: string
    if (typeof item.length === 'number') {
      raw = bytes.subarray(at, at + item.length).toString('utf8')
      at += item.length + 1
    } else raw = readLine() ?? ''
    let payload: unknown = raw
    try {
      payload = JSON.parse(raw) as unknown
    } catch {
      // attachments are not JSON: kept as text
    }
    items.push({ type: item.type, payload })
  }
  if (items.length === 0) return undefined
  return { header: header as { event_id?: string }, items }
}
