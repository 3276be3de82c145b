// monitor.status-page: a status page answers, and names the portal's components so a client can tell what is down.
import type { Engagement } from '../engagement/load'
import type { HttpOutcome } from '../network/http'
import { pageOf } from '../probes/http'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { finalExchange } from './support/monitoring'
import { PROBE } from '../probes/codes'

/** The components the page should name, each with the words that count as naming it. */
export function componentsOf(e: Engagement): { name: string; aliases: string[] }[] {
  if (e.monitoring?.components) return e.monitoring.components.map((c) => ({ name: c, aliases: [c] }))
  const out: { name: string; aliases: string[] }[] = []
  if (e.portal) out.push({ name: 'portal', aliases: ['portal', new URL(e.portal.url).hostname] })
  if (e.api) out.push({ name: 'API', aliases: ['api', new URL(e.api.base).hostname] })
  return out
}

/** Visible text of an HTML page, roughly: tags and scripts removed. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
}

/** monitor.status-page: a reachable status page that names the portal's components. */
export const monitorStatusPage = defineCheck({
  id: 'monitor.status-page',
  version: 1,
  stage: 6,
  mode: 'passive',
  outcomes: ['names-components', 'no-components', 'unreachable', 'none-declared'],
  needs: (e) => (e.monitoring?.statusPage ? [pageOf(e.monitoring.statusPage)] : []),
  evaluate(observations, { engagement }): FindingOf<'monitor.status-page'>[] {
    const url = engagement.monitoring?.statusPage
    if (!url)
      return [
        {
          subject: 'monitoring.statusPage',
          outcome: 'none-declared',
          facts: { reason: 'no status page is declared (monitoring.statusPage in handover.json)' },
        },
      ]
    const obs = observations.get<HttpOutcome>(pageOf(url))
    if (!obs?.data) return [observationError(url, obs)]
    const last = finalExchange(obs.data)
    if (!last || last.status < 200 || last.status >= 300 || (last.tls && !last.tls.authorized)) {
      const why = !last
        ? `${obs.data.error?.code ?? PROBE.NO_ANSWER} ${obs.data.error?.message ?? ''}`.trim()
        : last.tls && !last.tls.authorized
          ? `its certificate is not trusted (${last.tls.authorizationError ?? last.tls.hostnameError ?? 'untrusted'})`
          : `it answered ${last.status}`
      return [
        {
          subject: url,
          outcome: 'unreachable',
          facts: { reason: why },
          evidence: [{ label: 'status page', value: why, observation: obs.key }],
        },
      ]
    }
    const text = visibleText(last.body ?? '').toLowerCase()
    const components = componentsOf(engagement)
    const names = (alias: string): boolean =>
      new RegExp(
        `(^|[^a-z0-9])${alias.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`,
      ).test(text)
    const named = components.filter((c) => c.aliases.some(names))
    const missing = components.filter((c) => !named.includes(c)).map((c) => c.name)
    const facts = {
      named: named.map((c) => c.name).join(', ') || 'none',
      missing: missing.join(', '),
      status: last.status,
    }
    const evidence = [
      {
        label: `${last.method} ${last.url} → ${last.status}`,
        value: text.trim().slice(0, 200),
        observation: obs.key,
      },
    ]
    return [
      {
        subject: url,
        outcome: missing.length === 0 ? 'names-components' : 'no-components',
        facts,
        evidence,
      },
    ]
  },
})
