// mail.dmarc: each domain the portal sends from is governed by one valid DMARC record (RFC 7489) that quarantines
// or rejects all failing mail, and whose external report destinations agreed to receive the reports (§7.1).
import type { Evidence } from '../core/types'
import { effectivePolicy } from '../mail/dmarc'
import {
  dmarcPolicyOf,
  observeDmarc,
  replayLookups,
  sendingDomains,
  type DmarcObservation,
  type MailLookups,
} from '../probes/mail'
import { isDnsFailure } from '../network/codes'
import { observationError } from './check'
import { defineCheck, withFacts, type FindingOf, type OutcomeFacts } from './define'
import { noMailDomain, notRecorded } from './support/apex'
import { DMARC } from '../mail/codes'

/** mail.dmarc: DMARC refuses forged mail. */
export const mailDmarc = defineCheck({
  id: 'mail.dmarc',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: [
    'enforced',
    'missing',
    'invalid',
    'multiple',
    'p-none',
    'pct-partial',
    'sp-weaker',
    'external-rua-unauthorized',
  ],
  needs: (e) => (e.mail ? sendingDomains(e.mail).map(dmarcPolicyOf) : []),
  async evaluate(observations, { engagement }): Promise<FindingOf<'mail.dmarc'>[]> {
    const mail = engagement.mail
    if (!mail) return noMailDomain()
    const findings: FindingOf<'mail.dmarc'>[] = []
    for (const domain of sendingDomains(mail)) {
      const obs = observations.get<MailLookups>(dmarcPolicyOf(domain))
      if (!obs?.data) {
        findings.push(observationError(domain, obs))
        continue
      }
      const { dns, unrecorded } = replayLookups(obs.data.queries)
      const seen = await observeDmarc(dns, domain)
      const evidence = evidenceOf(seen, obs.key)
      if (unrecorded.length > 0) findings.push(notRecorded(domain, unrecorded, evidence))
      else findings.push(judge(seen, evidence))
    }
    return findings
  },
})

function judge(seen: DmarcObservation, evidence: Evidence[]): FindingOf<'mail.dmarc'> {
  const { domain, lookup } = seen
  const subject = domain
  const name = lookup.name ?? `_dmarc.${domain}`
  if (!lookup.outcome.ok) {
    const { code, message } = lookup.outcome.error
    if (code === DMARC.NONE)
      return {
        subject,
        outcome: 'missing',
        facts: { where: lookup.queried.map((q) => q.name).join(' or ') },
        evidence,
      }
    if (code === DMARC.MULTIPLE)
      return { subject, outcome: 'multiple', facts: { name, count: lookup.records.length }, evidence }
    if (isDnsFailure(code)) return { subject, outcome: 'error', code, facts: { reason: message }, evidence }
    return {
      subject,
      outcome: 'invalid',
      facts: { name, problem: message.replace(`${name}: `, '') },
      evidence,
    }
  }
  const record = lookup.outcome.value
  if (record.policyFallback)
    return {
      subject,
      outcome: 'invalid',
      facts: { name, problem: `${record.policyFallback}; receivers treat it as p=none` },
      evidence,
    }
  // A subdomain governed by its organizational domain's record gets sp= (or p= when sp= is absent).
  const policy = effectivePolicy(record, lookup.fallback)
  const tag = lookup.fallback && record.sp ? 'sp' : 'p'
  const via = lookup.fallback
    ? ` (the record of ${seen.policyDomain ?? 'the organizational domain'} applies)`
    : ''
  const base = { name, policy, via }
  // Every weakness, worst first: the first decides the outcome, the others are named after it.
  const problems: (OutcomeFacts<'mail.dmarc', 'also'> & { phrase: string })[] = []
  if (policy === 'none')
    problems.push({
      outcome: 'p-none',
      facts: { name, tag, via },
      phrase: `${tag}=none asks for no enforcement`,
    })
  if (record.pct < 100)
    problems.push({
      outcome: 'pct-partial',
      facts: { ...base, pct: record.pct },
      phrase: `pct=${record.pct} enforces only part of the failing mail`,
    })
  if (!lookup.fallback && record.sp === 'none' && record.p !== 'none')
    problems.push({
      outcome: 'sp-weaker',
      facts: { ...base, p: record.p },
      phrase: 'sp=none leaves subdomains unprotected',
    })
  const unauthorized = seen.authorizations.filter((a) => a.authorized.ok && !a.authorized.value)
  const first = unauthorized[0]
  if (first)
    problems.push({
      outcome: 'external-rua-unauthorized',
      facts: {
        ...base,
        tag: first.destination.tag,
        address: first.destination.address,
        host: first.destination.host,
        authorization: first.destination.authorizationName,
        more: unauthorized.length > 1 ? ` (and ${unauthorized.length - 1} more destinations)` : '',
      },
      phrase: unauthorized
        .map((a) => `${a.destination.host} has not agreed to receive the ${a.destination.tag} reports`)
        .join('; '),
    })
  const failed = seen.authorizations.find((a) => !a.authorized.ok)
  const [worst, ...rest] = problems
  if (!worst && failed && !failed.authorized.ok)
    return {
      subject,
      outcome: 'error',
      code: failed.authorized.error.code,
      facts: {
        reason: `the authorization of ${failed.destination.host} could not be read: ${failed.authorized.error.message}`,
      },
      evidence,
    }
  if (!worst) return { subject, outcome: 'enforced', facts: base, evidence }
  const also = rest.length > 0 ? ` Also: ${rest.map((p) => p.phrase).join('; ')}.` : ''
  const { phrase: _phrase, ...decisive } = worst
  return { subject, ...withFacts(decisive, { also }), evidence }
}

function evidenceOf(seen: DmarcObservation, key: string): Evidence[] {
  const at = (label: string, value: string): Evidence => ({ label, value, observation: key })
  const { lookup } = seen
  const out = [at('asked', lookup.queried.map((q) => `${q.name}: ${q.outcome}`).join(' → '))]
  if (lookup.name && lookup.records.length > 0) {
    const which = lookup.fallback
      ? `${lookup.name}, the organizational domain's record (none at _dmarc.${seen.domain})`
      : lookup.name
    out.push(at('record applied', which))
    for (const r of lookup.records) out.push(at(`TXT ${lookup.name}`, r))
  }
  if (lookup.outcome.ok) {
    const r = lookup.outcome.value
    const sp = r.sp ? `, sp=${r.sp}` : ''
    out.push(at('policy', `p=${r.p}${sp}, pct=${r.pct}, adkim=${r.adkim}, aspf=${r.aspf}`))
    if (r.pct < 100) out.push(at('note', `pct=${r.pct}: the policy applies to ${r.pct} % of failing mail`))
    if (!lookup.fallback && r.sp === 'none' && r.p !== 'none')
      out.push(at('note', `sp=none leaves subdomains of ${seen.domain} unprotected`))
    if (r.rua.length === 0) out.push(at('note', 'no rua=: nobody receives aggregate reports'))
  }
  for (const a of seen.authorizations) {
    const state = !a.authorized.ok
      ? a.authorized.error.code
      : a.authorized.value
        ? 'v=DMARC1 (authorized)'
        : 'none (not authorized)'
    out.push(
      at(
        `TXT ${a.destination.authorizationName}`,
        `${state} for ${a.destination.tag} ${a.destination.address}`,
      ),
    )
  }
  return out
}
