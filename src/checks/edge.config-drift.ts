// edge.config-drift: the edge provider's zone settings, read through its API, are safe for the portal, the same in
// every environment as in the reference one, and unchanged since the accepted baseline — compared setting by
// setting over the provider-neutral facts, so another provider needs no change here.
import type { Evidence } from '../core/types'
import type { Engagement } from '../engagement/load'
import { patternCovers } from '../integrations/rules'
import type { EdgeBaselineFacts, EdgeZoneFacts } from '../integrations/types'
import { edgeBaselineOf, edgeZonesOf } from '../probes/integrations'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { notConfigured } from './support/declared'

type Zone = Omit<EdgeZoneFacts, 'responses'>

/** Each setting of a zone as one readable line: the unit a drift is reported in. */
export function settingLines(zone: Zone, dns: 'records' | 'proxied' | 'none'): Map<string, string> {
  const s = zone.settings
  const lines = new Map<string, string>([
    ['SSL mode', s.sslMode],
    ['Always Use HTTPS', s.alwaysUseHttps ? 'on' : 'off'],
    ['Minimum TLS version', s.minTlsVersion],
    [
      'HSTS',
      s.hsts.enabled
        ? `on, max-age ${s.hsts.maxAge}${s.hsts.includeSubdomains ? ', includeSubDomains' : ''}${s.hsts.preload ? ', preload' : ''}`
        : 'off',
    ],
    ['WAF managed rules', s.wafManaged.length > 0 ? [...s.wafManaged].sort().join(', ') : 'none'],
    ['DDoS protection', s.ddos],
    ['Bot Fight Mode', s.botFightMode ? 'on' : 'off'],
    ['Security level', s.securityLevel],
  ])
  for (const r of s.rateLimits)
    lines.set(
      `Rate limit on ${[...r.paths].sort().join(' ')}`,
      r.enabled
        ? `${r.requests ?? '?'} requests per ${r.periodSeconds ?? '?'} s, then ${r.action}`
        : 'disabled',
    )
  for (const r of s.cacheRules)
    lines.set(
      `Cache rule on ${[...r.paths].sort().join(' ')}`,
      !r.enabled
        ? 'disabled'
        : r.caches
          ? 'caches at the edge'
          : r.bypassOnCookie
            ? `bypasses the cache when the cookie ${r.bypassOnCookie} is sent`
            : 'bypasses the cache',
    )
  if (dns === 'records') {
    const byName = new Map<string, string[]>()
    for (const r of zone.dnsRecords) {
      const key = `DNS ${r.type} ${r.name}`
      byName.set(key, [...(byName.get(key) ?? []), `${r.content}${r.proxied ? ' (proxied)' : ''}`])
    }
    for (const [k, v] of byName) lines.set(k, v.sort().join(', '))
  }
  if (dns === 'proxied')
    for (const r of zone.dnsRecords)
      if (r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME')
        lines.set(`Proxy of ${relativeName(r.name, zone.zone)}`, r.proxied ? 'proxied' : 'DNS only')
  return lines
}

function relativeName(name: string, zone: string): string {
  if (name === zone) return '@'
  return name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : name
}

/** Lines that differ between two zones, as `setting: a · b`; `none` where one side lacks the setting. */
export function differences(
  a: Map<string, string>,
  b: Map<string, string>,
  names: [string, string],
): { setting: string; line: string }[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort()
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => ({
      setting: k,
      line: `${names[0]} ${a.get(k) ?? 'none'} · ${names[1]} ${b.get(k) ?? 'none'}`,
    }))
}

/** Paths that must never be cached at the edge: protected API endpoints and the sign-in pages. */
function authenticatedPaths(e: Engagement): string[] {
  const paths = (e.api?.endpoints ?? [])
    .filter((ep) => ep.protected)
    .map((ep) => ep.path.replace(/\{[^}]+\}/g, '1'))
  for (const url of [e.auth?.login?.url, e.portal?.login]) if (url) paths.push(new URL(url).pathname)
  return [...new Set(paths)]
}

/** Sign-in paths that a rate-limit rule must cover. */
function loginPaths(e: Engagement): string[] {
  const urls = [e.auth?.login?.url, e.portal?.login].filter((u): u is string => Boolean(u))
  return [...new Set(urls.map((u) => new URL(u).pathname))]
}

const TLS_ORDER = ['1.0', '1.1', '1.2', '1.3']

/** What is unsafe in one zone, one sentence per setting. */
export function unsafeSettings(zone: Zone, e: Engagement): { setting: string; why: string }[] {
  const s = zone.settings
  const out: { setting: string; why: string }[] = []
  if (s.sslMode === 'off' || s.sslMode === 'flexible')
    out.push({ setting: 'SSL mode', why: `${s.sslMode}: the edge reaches the origin without TLS` })
  if (!s.alwaysUseHttps)
    out.push({ setting: 'Always Use HTTPS', why: 'off: pages are served over plain HTTP' })
  if (TLS_ORDER.indexOf(s.minTlsVersion) < TLS_ORDER.indexOf('1.2'))
    out.push({ setting: 'Minimum TLS version', why: `${s.minTlsVersion}: TLS 1.0/1.1 are still accepted` })
  if (s.wafManaged.length === 0)
    out.push({ setting: 'WAF managed rules', why: 'no managed ruleset is deployed' })
  for (const path of loginPaths(e))
    if (!s.rateLimits.some((r) => r.enabled && r.paths.some((p) => patternCovers(p, path))))
      out.push({
        setting: `Rate limit on ${path}`,
        why: `no rate-limit rule covers the sign-in path ${path}`,
      })
  for (const r of s.cacheRules) {
    if (!r.enabled || !r.caches) continue
    const hit = authenticatedPaths(e).find((path) => r.paths.some((p) => patternCovers(p, path)))
    if (hit)
      out.push({
        setting: `Cache rule on ${r.paths.join(' ')}`,
        why: `caches ${hit} (an authenticated path) at the edge (${r.description || r.source})`,
      })
  }
  if (/eoff|disabled|action log/.test(s.ddos))
    out.push({ setting: 'DDoS protection', why: `overridden (${s.ddos}): attacks are logged, not mitigated` })
  if (s.securityLevel === 'off' || s.securityLevel === 'essentially_off')
    out.push({ setting: 'Security level', why: `${s.securityLevel}: challenges are turned off` })
  return out
}

/** A comparison's count, list and evidence: one evidence line per setting that differs. */
function comparison(
  diff: { setting: string; line: string }[],
  observation: string,
): { count: number; list: string; evidence: Evidence[] } {
  return {
    count: diff.length,
    list: list(diff.map((d) => `${d.setting}: ${d.line}`)),
    evidence: diff.map((d) => ({ label: d.setting, value: d.line, observation })),
  }
}

const list = (items: string[]): string =>
  items.slice(0, 4).join('; ') + (items.length > 4 ? `; and ${items.length - 4} more` : '')

/** The edge.config-drift check. */
export const configDrift = defineCheck({
  id: 'edge.config-drift',
  version: 1,
  stage: 4,
  mode: 'integration',
  outcomes: [
    'settings-safe',
    'unsafe-settings',
    'environments-agree',
    'environments-differ',
    'matches-baseline',
    'drifted-from-baseline',
    'no-baseline',
  ],
  needs: (e) => {
    const zones = edgeZonesOf(e).map((z) => z.request)
    return zones.length > 0 ? [...zones, edgeBaselineOf()] : []
  },
  evaluate(observations, { engagement }): FindingOf<'edge.config-drift'>[] {
    const edge = engagement.integrations?.edge
    const zones = edgeZonesOf(engagement)
    if (!edge || zones.length === 0)
      return [notConfigured('edge', 'No edge provider is configured (integrations.edge in handover.json).')]
    const findings: FindingOf<'edge.config-drift'>[] = []
    const read = new Map<string, { zone: Zone; key: string }>()
    for (const { environment, request } of zones) {
      const obs = observations.get<EdgeZoneFacts>(request)
      if (!obs?.data) {
        findings.push(observationError(request.subject, obs))
        continue
      }
      read.set(environment, { zone: obs.data, key: obs.key })
      const unsafe = unsafeSettings(obs.data, engagement)
      const evidence: Evidence[] = unsafe.map((u) => ({
        label: u.setting,
        value: u.why,
        observation: obs.key,
      }))
      findings.push(
        unsafe.length > 0
          ? {
              subject: obs.data.zone,
              outcome: 'unsafe-settings',
              facts: { environment, count: unsafe.length, list: list(unsafe.map((u) => u.why)) },
              evidence,
            }
          : { subject: obs.data.zone, outcome: 'settings-safe', facts: { environment } },
      )
    }
    // Environments against the reference one, setting by setting (DNS: only whether shared names are proxied).
    const names = Object.keys(edge.zones)
    const referenceName = edge.reference ?? (names.includes('production') ? 'production' : names[0]!)
    const reference = read.get(referenceName)
    if (reference)
      for (const [environment, { zone, key }] of read) {
        if (environment === referenceName) continue
        const ours = settingLines(reference.zone, 'proxied')
        const theirs = settingLines(zone, 'proxied')
        // Names that exist in one zone only (mail, verification records) are not drift; their proxying is.
        const diff = differences(ours, theirs, [referenceName, environment]).filter(
          (d) => !d.setting.startsWith('Proxy of ') || (ours.has(d.setting) && theirs.has(d.setting)),
        )
        const subject = `${environment} vs ${referenceName}`
        const { count, list: listed, evidence } = comparison(diff, key)
        const facts = { environment, reference: referenceName, count, list: listed }
        findings.push(
          count === 0
            ? { subject, outcome: 'environments-agree', facts }
            : { subject, outcome: 'environments-differ', facts, evidence },
        )
      }
    // Each zone against the accepted baseline's view of it, DNS records included.
    const baselineObs = observations.get<EdgeBaselineFacts>(edgeBaselineOf())
    for (const [environment, { zone, key }] of read) {
      const subject = `${zone.zone} since the baseline`
      if (!baselineObs?.data) {
        findings.push(observationError(subject, baselineObs))
        continue
      }
      const before = baselineObs.data.zones[zone.zone]
      if (!before) {
        findings.push({
          subject,
          outcome: 'no-baseline',
          facts: {
            environment,
            zone: zone.zone,
            why: baselineObs.data.run
              ? `the baseline run ${baselineObs.data.run} did not read this zone`
              : 'no run has been accepted as the baseline yet',
          },
        })
        continue
      }
      const diff = differences(settingLines(before, 'records'), settingLines(zone, 'records'), [
        'baseline',
        'now',
      ])
      const { count, list: listed, evidence } = comparison(diff, key)
      const facts = { environment, zone: zone.zone, run: baselineObs.data.run ?? '', count, list: listed }
      findings.push(
        count === 0
          ? { subject, outcome: 'matches-baseline', facts }
          : { subject, outcome: 'drifted-from-baseline', facts, evidence },
      )
    }
    return findings
  },
})
