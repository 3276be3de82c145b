// dns.ns-consistency: every authoritative nameserver answers, with the same serial and the same records.
import { DNS, isNotTried } from '../network/codes'
import type { NameserverFacts } from '../probes/dns'
import { nameserversOf } from '../probes/dns'
import { defineCheck, type FindingOf } from './define'
import { zoneNeeds, zoneObservation } from './support/apex'

const serialOf = (soa: string[] | { code: string } | undefined): string =>
  Array.isArray(soa) ? (soa[0]?.split(' ')[2] ?? 'none') : (soa?.code ?? 'none')

/** dns.ns-consistency: Nameservers agree. */
export const nsConsistency = defineCheck({
  id: 'dns.ns-consistency',
  // 2: nameservers past the cap are not asked; they are listed, never counted as unreachable.
  version: 2,
  stage: 4,
  mode: 'passive',
  outcomes: ['consistent', 'single-nameserver', 'serial-mismatch', 'answers-differ', 'unreachable'],
  needs: zoneNeeds(nameserversOf),
  evaluate(observations, { engagement }): FindingOf<'dns.ns-consistency'>[] {
    const zone = zoneObservation<NameserverFacts>(observations, engagement, nameserversOf)
    if (Array.isArray(zone)) return zone
    const { apex, obs } = zone
    const { nameservers } = obs.data
    const servers = obs.data.servers.filter((s) => !(s.error && isNotTried(s.error.code)))
    const evidence = obs.data.servers.map((s) => ({
      label: `${s.ns}${s.server ? ` (${s.server})` : ''}`,
      value: s.error ? `${s.error.code}: ${s.error.message}` : `serial ${serialOf(s.answers[`SOA ${apex}`])}`,
      observation: obs.key,
    }))
    if (servers.length === 0)
      return [
        {
          subject: apex,
          outcome: 'error',
          code: DNS.NO_NS,
          facts: { reason: `${apex} has no NS records` },
          evidence,
        },
      ]
    const down = servers.filter((s) => s.error)
    if (down.length > 0)
      return [
        {
          subject: apex,
          outcome: 'unreachable',
          facts: { down: down.map((s) => s.ns).join(', '), why: down.map((s) => s.error!.code).join(', ') },
          evidence,
        },
      ]
    const serials = servers.map((s) => `${s.ns} ${serialOf(s.answers[`SOA ${apex}`])}`)
    if (new Set(servers.map((s) => serialOf(s.answers[`SOA ${apex}`]))).size > 1)
      return [{ subject: apex, outcome: 'serial-mismatch', facts: { serials: serials.join(', ') }, evidence }]
    const questions = Object.keys(servers[0]!.answers).filter((q) => !q.startsWith('SOA '))
    const differences = questions.filter(
      (q) => new Set(servers.map((s) => JSON.stringify(s.answers[q]))).size > 1,
    )
    for (const q of differences)
      evidence.push({
        label: q,
        value: servers.map((s) => `${s.ns}: ${JSON.stringify(s.answers[q])}`).join('; '),
        observation: obs.key,
      })
    if (differences.length > 0)
      return [
        {
          subject: apex,
          outcome: 'answers-differ',
          facts: { differences: differences.join(', ') },
          evidence,
        },
      ]
    const facts = {
      count: servers.length,
      nameservers: nameservers.join(', '),
      serial: serialOf(servers[0]!.answers[`SOA ${apex}`]),
    }
    return [
      { subject: apex, outcome: servers.length < 2 ? 'single-nameserver' : 'consistent', facts, evidence },
    ]
  },
})
