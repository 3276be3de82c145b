// monitor.coverage: the uptime provider (read through its API) has an active monitor, checking at least every five
// minutes and alerting someone, for every portal host and the health endpoint; monitors of hosts outside the
// engagement are pointed out.
import type { Engagement } from '../engagement/load'
import type { UptimeFacts, UptimeMonitor } from '../integrations/types'
import { Scope } from '../network/scope'
import { hostOf } from '../monitoring/hosts'
import { uptimeOf } from '../probes/integrations'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { notConfigured } from './support/declared'

/** The longest interval between checks that still finds an outage within minutes. */
export const MAX_INTERVAL_SECONDS = 300

/** What must be monitored: the apex and www, the portal's and API's hosts, and the health endpoint itself. */
export function monitorTargets(e: Engagement): { subject: string; host: string; url?: string }[] {
  const hosts: string[] = []
  const apex = e.domains?.apex
  if (apex) hosts.push(apex, ...(e.domains?.www ? [`www.${apex}`] : []))
  for (const u of [e.portal?.url, e.api?.base]) if (u) hosts.push(new URL(u).hostname)
  const targets: { subject: string; host: string; url?: string }[] = [...new Set(hosts)].map((host) => ({
    subject: host,
    host,
  }))
  const health = e.monitoring?.health
  if (health) targets.push({ subject: health, host: new URL(health).hostname, url: health })
  return targets
}

const samePage = (a: string, b: string): boolean => {
  try {
    const x = new URL(a)
    const y = new URL(b)
    return x.host === y.host && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '')
  } catch {
    return false
  }
}

/** 0: a monitor that does the job; 1: active but too slow or alerting nobody; 2: paused. */
function rank(m: UptimeMonitor): number {
  if (m.paused) return 2
  return m.intervalSeconds <= MAX_INTERVAL_SECONDS && m.alertContacts.length > 0 ? 0 : 1
}

function describe(m: UptimeMonitor): string {
  const every =
    m.intervalSeconds >= 60 ? `${Math.round(m.intervalSeconds / 60)} min` : `${m.intervalSeconds} s`
  return `${m.provider} "${m.name}" ${m.url}: ${m.status}, every ${every}, alerts ${m.alertContacts.join(', ') || 'nobody'}`
}

/** The monitor.coverage check. */
export const coverage = defineCheck({
  id: 'monitor.coverage',
  version: 1,
  stage: 6,
  mode: 'integration',
  outcomes: ['covered', 'no-monitor', 'paused', 'slow-interval', 'no-alert-contact', 'outside-engagement'],
  needs: (e) => uptimeOf(e),
  evaluate(observations, { engagement }): FindingOf<'monitor.coverage'>[] {
    const requests = uptimeOf(engagement)
    if (requests.length === 0)
      return [
        notConfigured(
          'uptime monitoring',
          'No uptime provider is configured (integrations.uptime in handover.json).',
        ),
      ]
    const findings: FindingOf<'monitor.coverage'>[] = []
    const monitors: { monitor: UptimeMonitor; key: string }[] = []
    let failed: FindingOf<'monitor.coverage'> | undefined
    for (const req of requests) {
      const obs = observations.get<UptimeFacts>(req)
      if (!obs?.data) {
        const error = observationError(req.subject, obs)
        failed ??= error
        findings.push(error)
        continue
      }
      for (const monitor of obs.data.monitors) monitors.push({ monitor, key: obs.key })
    }
    const judged = new Set<UptimeMonitor>()
    for (const target of monitorTargets(engagement)) {
      const mine = monitors
        .filter(({ monitor }) =>
          target.url ? samePage(monitor.url, target.url) : hostOf(monitor.url) === target.host,
        )
        .sort(
          (a, b) =>
            rank(a.monitor) - rank(b.monitor) || a.monitor.intervalSeconds - b.monitor.intervalSeconds,
        )
      const evidence = mine.map(({ monitor, key }) => ({
        label: 'monitor',
        value: describe(monitor),
        observation: key,
      }))
      const best = mine[0]?.monitor
      if (!best) {
        // With a provider unread, a missing monitor may only be missing from what we could see.
        findings.push(
          failed
            ? { ...failed, subject: target.subject }
            : {
                subject: target.subject,
                outcome: 'no-monitor',
                facts: { providers: requests.map((r) => r.subject).join(', ') },
              },
        )
        continue
      }
      const facts = {
        monitor: `${best.provider} "${best.name}"`,
        minutes: Math.round(best.intervalSeconds / 6) / 10,
        contacts: best.alertContacts.join(', ') || 'nobody',
      }
      judged.add(best)
      const outcome = best.paused
        ? 'paused'
        : best.intervalSeconds > MAX_INTERVAL_SECONDS
          ? 'slow-interval'
          : best.alertContacts.length === 0
            ? 'no-alert-contact'
            : 'covered'
      findings.push({ subject: target.subject, outcome, facts, evidence })
    }
    // Monitors of hosts the engagement does not cover: another client's, or a forgotten old site.
    const scope = new Scope(engagement.scope.allow)
    for (const { monitor, key } of monitors) {
      const host = hostOf(monitor.url)
      const evidence = [{ label: 'monitor', value: describe(monitor), observation: key }]
      if (host && (engagement.hosts.includes(host) || scope.allows(host))) {
        // A paused monitor of the portal is reported even when another monitor covers its host.
        if (monitor.paused && !judged.has(monitor))
          findings.push({
            subject: monitor.url,
            outcome: 'paused',
            facts: {
              monitor: `${monitor.provider} "${monitor.name}"`,
              minutes: Math.round(monitor.intervalSeconds / 6) / 10,
              contacts: monitor.alertContacts.join(', ') || 'nobody',
            },
            evidence,
          })
        continue
      }
      findings.push({
        subject: monitor.url || `${monitor.provider} monitor ${monitor.id}`,
        outcome: 'outside-engagement',
        facts: { monitor: `${monitor.provider} "${monitor.name}"`, status: monitor.status },
        evidence,
      })
    }
    return findings
  },
})
