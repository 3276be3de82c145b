// mail.mx: the mail domain names mail hosts (RFC 5321 §5.1), not a null MX (RFC 7505), and every host has an address.
import type { Evidence } from '../core/types'
import { isVoidLookup, type MxRecord } from '../mail/dns-source'
import { describeLookup, mxHostsOf, observeMx, replayLookups, type MailLookups } from '../probes/mail'
import { isNxdomain, isVoid } from '../network/codes'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { noMailDomain, notRecorded } from './support/apex'

const showMx = (r: MxRecord): string => `${r.preference} ${r.exchange || '.'}`

/** mail.mx: Mail domain receives mail. */
export const mailMx = defineCheck({
  id: 'mail.mx',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['present', 'missing', 'null-mx', 'mx-unresolvable'],
  needs: (e) => (e.mail ? [mxHostsOf(e.mail.domain)] : []),
  async evaluate(observations, { engagement }): Promise<FindingOf<'mail.mx'>[]> {
    const domain = engagement.mail?.domain
    if (!domain) return noMailDomain()
    const obs = observations.get<MailLookups>(mxHostsOf(domain))
    if (!obs?.data) return [observationError(domain, obs)]
    const { dns, unrecorded } = replayLookups(obs.data.queries)
    const seen = await observeMx(dns, domain)
    const at = (label: string, value: string): Evidence => ({ label, value, observation: obs.key })
    const evidence = [at(`MX ${domain}`, describeLookup(seen.mx, showMx))]
    for (const host of seen.hosts) {
      const addresses = [host.a, host.aaaa].flatMap((r) => (r.ok ? r.value : []))
      const value =
        addresses.length > 0
          ? addresses.join(', ')
          : `${describeLookup(host.a)} / ${describeLookup(host.aaaa)}`
      evidence.push(at(`A/AAAA ${host.exchange}`, value))
    }
    if (unrecorded.length > 0) return [notRecorded(domain, unrecorded, evidence)]
    if (!seen.mx.ok) {
      const code = seen.mx.error.code
      if (isVoid(code))
        return [
          {
            subject: domain,
            outcome: 'missing',
            facts: { why: isNxdomain(code) ? 'does not exist in DNS' : 'has no MX record' },
            evidence,
          },
        ]
      return [{ subject: domain, outcome: 'error', code, facts: { reason: seen.mx.error.message }, evidence }]
    }
    const records = seen.mx.value
    if (records.some((r) => r.exchange === '')) {
      const others = records.filter((r) => r.exchange !== '')
      const alongside =
        others.length > 0 ? `, next to ${others.map(showMx).join(', ')} (RFC 7505 forbids mixing them)` : ''
      return [{ subject: domain, outcome: 'null-mx', facts: { alongside }, evidence }]
    }
    const silent = seen.hosts.filter((h) => !h.a.ok && !h.aaaa.ok)
    const unresolvable = silent.filter((h) => isVoidLookup(h.a) && isVoidLookup(h.aaaa))
    if (unresolvable.length > 0)
      return [
        {
          subject: domain,
          outcome: 'mx-unresolvable',
          facts: {
            hosts: unresolvable.map((h) => h.exchange).join(', '),
            count: unresolvable.length,
            total: seen.hosts.length,
          },
          evidence,
        },
      ]
    // A host whose lookups failed (rather than came back empty) leaves the answer unknown.
    const failed = silent.map((h) => (!h.a.ok && !isVoidLookup(h.a) ? h.a : h.aaaa)).find((r) => !r.ok)
    if (failed && !failed.ok)
      return [
        {
          subject: domain,
          outcome: 'error',
          code: failed.error.code,
          facts: { reason: failed.error.message },
          evidence,
        },
      ]
    return [
      {
        subject: domain,
        outcome: 'present',
        facts: { hosts: records.map((r) => r.exchange).join(', ') },
        evidence,
      },
    ]
  },
})
