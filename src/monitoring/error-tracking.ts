// Error trackers recognised by what a browser is served and what it sends: SDK code in bundles, DSN and key shapes
// in config, loader scripts from the provider's CDN, CSP sources and requests to the provider's ingest. Pure and
// dependency-free: the probe scans texts with it, the check classifies stored requests with it.
import { hostOf } from './hosts'

/** One provider's signatures. */
export interface TrackerSignature {
  provider: string
  /** Code only the provider's SDK (or its documented set-up snippet) contains. */
  sdk: readonly RegExp[]
  /** Configuration that names the provider: a DSN or an environment variable of its set-up guide. */
  config: readonly RegExp[]
  /** Hosts (or parent domains) its loader scripts are served from. */
  loaderHosts: readonly string[]
  /** Hosts (or parent domains) its SDK sends events to. */
  ingestHosts: readonly string[]
  /** Ingest paths that identify the provider on any host (a self-hosted or tunnelled ingest). */
  ingestPath?: RegExp
}

/** A Sentry DSN: public key, host and project id (public by design: it only lets clients send events). */
export const SENTRY_DSN =
  /\bhttps?:\/\/([0-9a-f]{32})(?::[0-9a-f]{32})?@([a-z0-9.-]+(?::\d{1,5})?)\/(?:[\w.-]+\/)*(\d+)\b/gi

/** The providers the check knows, after their public SDKs and set-up guides. */
export const TRACKERS: readonly TrackerSignature[] = [
  {
    provider: 'Sentry',
    sdk: [/\bSentry\.init\s*\(/, /sentry\.javascript\.[a-z]+/, /\b__SENTRY__\b/, /@sentry\/[a-z]+/],
    config: [SENTRY_DSN, /\b(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?SENTRY_DSN\b/],
    loaderHosts: ['js.sentry-cdn.com', 'browser.sentry-cdn.com'],
    ingestHosts: ['sentry.io'],
    ingestPath: /^\/api\/\d+\/(?:envelope|store|security)\/$/,
  },
  {
    provider: 'Bugsnag',
    sdk: [/\bBugsnag\.start\s*\(/, /@bugsnag\/[a-z-]+/, /\bbugsnag-js\b/],
    config: [/\b(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?BUGSNAG_API_KEY\b/],
    loaderHosts: ['d2wy8f7a9ursnm.cloudfront.net'],
    ingestHosts: ['notify.bugsnag.com', 'sessions.bugsnag.com'],
  },
  {
    provider: 'Rollbar',
    sdk: [/\bRollbar\.init\s*\(/, /\b_rollbarConfig\b/, /\brollbar\.(?:min\.|umd\.)?js\b/],
    config: [/\b(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?ROLLBAR_(?:CLIENT_|POST_CLIENT_ITEM_)?(?:ACCESS_)?TOKEN\b/],
    loaderHosts: ['cdn.rollbar.com'],
    ingestHosts: ['api.rollbar.com'],
  },
  {
    provider: 'Datadog RUM',
    sdk: [/\bDD_RUM\b/, /\bdatadogRum\.init\s*\(/, /@datadog\/browser-(?:rum|logs)/],
    config: [/\b(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?DD_(?:RUM_)?CLIENT_TOKEN\b/],
    loaderHosts: ['www.datadoghq-browser-agent.com'],
    ingestHosts: [
      'browser-intake-datadoghq.com',
      'browser-intake-datadoghq.eu',
      'browser-intake-us3-datadoghq.com',
      'browser-intake-us5-datadoghq.com',
      'browser-intake-ap1-datadoghq.com',
      'browser-intake-ddog-gov.com',
    ],
  },
  {
    provider: 'New Relic',
    sdk: [/\bNREUM\b/, /\bnewrelic\.noticeError\b/],
    config: [/\bNEW_RELIC_BROWSER_(?:LICENSE_KEY|APPLICATION_ID)\b/],
    loaderHosts: ['js-agent.newrelic.com'],
    ingestHosts: ['nr-data.net'],
  },
  {
    provider: 'LogRocket',
    sdk: [/\bLogRocket\.init\s*\(/, /\bLogRocket\.captureException\b/],
    config: [/\b(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?LOGROCKET_APP_ID\b/],
    loaderHosts: ['cdn.logrocket.io', 'cdn.lr-ingest.io', 'cdn.lr-in-prod.com'],
    ingestHosts: ['lr-ingest.io', 'lr-in-prod.com', 'r.logrocket.io'],
  },
  {
    provider: 'Honeybadger',
    sdk: [/\bHoneybadger\.configure\s*\(/, /@honeybadger-io\/js/],
    config: [/\b(?:NEXT_PUBLIC_|VITE_|REACT_APP_)?HONEYBADGER_API_KEY\b/],
    loaderHosts: ['js.honeybadger.io'],
    ingestHosts: ['api.honeybadger.io'],
  },
  {
    provider: 'Raygun',
    sdk: [/\brg4js\s*\(/, /\braygun4js\b/],
    config: [/\bRAYGUN_API_KEY\b/],
    loaderHosts: ['cdn.raygun.io'],
    ingestHosts: ['api.raygun.io', 'api.raygun.com'],
  },
  {
    provider: 'TrackJS',
    sdk: [/\bTrackJS\.install\s*\(/, /\btrackjs\.min\.js\b/],
    config: [/\bTRACKJS_TOKEN\b/],
    loaderHosts: ['cdn.trackjs.com'],
    ingestHosts: ['capture.trackjs.com', 'usage.trackjs.com'],
  },
  {
    provider: 'Airbrake',
    sdk: [/@airbrake\/browser/, /\bnew\s+Notifier\s*\(\s*\{\s*projectId\b/],
    config: [/\bAIRBRAKE_PROJECT_KEY\b/],
    loaderHosts: [],
    ingestHosts: ['api.airbrake.io'],
  },
  {
    provider: 'Elastic APM RUM',
    sdk: [/@elastic\/apm-rum/, /\belasticApm\.init\s*\(/],
    config: [/\bELASTIC_APM_SERVER_URL\b/],
    loaderHosts: [],
    ingestHosts: [],
    ingestPath: /^\/intake\/v\d\/rum\/events$/,
  },
]

/** A signature found in a served text. */
export interface TextMatch {
  provider: string
  signal: 'sdk' | 'config'
  /** What matched, with a DSN's key shortened (public, but there is no need to repeat it). */
  match: string
  /** For a Sentry DSN: its ingest host and project id. */
  dsn?: { host: string; project: string }
}

const shortKey = (text: string): string =>
  text.replace(/\/\/([0-9a-f]{4})[0-9a-f]{28}(?::[0-9a-f]{32})?@/gi, '//$1…@')

/** Every provider signature in one text, at most one match per provider and signal (and each distinct DSN). */
export function scanTrackerText(text: string): TextMatch[] {
  const out: TextMatch[] = []
  for (const t of TRACKERS) {
    const sdk = t.sdk.map((re) => re.exec(text)).find((m) => m !== null)
    if (sdk) out.push({ provider: t.provider, signal: 'sdk', match: sdk[0].slice(0, 120) })
    const seen = new Set<string>()
    for (const re of t.config) {
      if (re.global) {
        for (const m of text.matchAll(re)) {
          const dsn = { host: m[2]!.toLowerCase(), project: m[3]! }
          const key = `${dsn.host}/${dsn.project}`
          if (seen.has(key)) continue
          seen.add(key)
          out.push({ provider: t.provider, signal: 'config', match: shortKey(m[0]), dsn })
        }
      } else if (seen.size === 0) {
        const m = re.exec(text)
        if (m) {
          seen.add(m[0])
          out.push({ provider: t.provider, signal: 'config', match: m[0] })
        }
      }
    }
  }
  return out
}

const underDomain = (host: string, domains: readonly string[]): boolean =>
  domains.some((d) => host === d || host.endsWith(`.${d}`))

/** The provider whose loader CDN serves `url`, if any. */
export function loaderOf(url: string): string | undefined {
  const host = hostOf(url)
  return host ? TRACKERS.find((t) => underDomain(host, t.loaderHosts))?.provider : undefined
}

/**
 * The provider a request goes to: by ingest host, by an ingest path that only the provider uses, or by a DSN the
 * page was served (a self-hosted or tunnelled Sentry), if any.
 */
export function ingestOf(
  url: string,
  dsns: readonly { host: string; project: string }[] = [],
): string | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return undefined
  }
  const host = u.hostname.toLowerCase()
  const byHost = TRACKERS.find((t) => underDomain(host, t.ingestHosts))
  if (byHost) return byHost.provider
  if (dsns.some((d) => d.host === u.host.toLowerCase() && u.pathname.startsWith(`/api/${d.project}/`)))
    return 'Sentry'
  // A path alone is weak (an app's own API may have /api/1/envelope/): Sentry's only with its query.
  const byPath = TRACKERS.find((t) => t.ingestPath?.test(u.pathname))
  if (!byPath) return undefined
  if (byPath.provider === 'Sentry')
    return u.searchParams.has('sentry_key') || u.searchParams.has('sentry_version') ? 'Sentry' : undefined
  return byPath.provider
}

/** Providers a Content-Security-Policy lets the page load from or send to, with the source that names each. */
export function cspTrackers(csp: string): { provider: string; source: string }[] {
  const out: { provider: string; source: string }[] = []
  for (const directive of csp.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/)
    if (!name || !/^(?:connect-src|script-src|script-src-elem|default-src)$/i.test(name)) continue
    for (const source of sources) {
      const host = source
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/[/:].*$/, '')
        .replace(/^\*\./, '')
        .toLowerCase()
      // A bare suffix such as `*.com` names no provider.
      if (!host.includes('.') || host.startsWith("'")) continue
      const t = TRACKERS.find(
        (x) =>
          underDomain(host, [...x.ingestHosts, ...x.loaderHosts]) ||
          x.ingestHosts.some((d) => d.endsWith(`.${host}`)),
      )
      if (t && !out.some((o) => o.provider === t.provider)) out.push({ provider: t.provider, source })
    }
  }
  return out
}
