// mail.spf: each domain the portal sends from publishes one valid SPF policy (RFC 7208) that stays within the
// lookup limits, ends in -all, authorizes the declared senders and keeps to the RFC's SHOULDs (warnings).
import type { Evidence } from '../core/types'
import { lookupFailed, type MailDnsQuery } from '../mail/dns-source'
import type { SpfLint, SpfLintCode, SpfLintFinding } from '../mail/spf'
import {
  observeSpf,
  replayLookups,
  sendingDomains,
  spfPolicyOf,
  type SpfLookups,
  type SpfObservation,
} from '../probes/mail'
import { observationError } from './check'
import { defineCheck, withFacts, type FindingOf, type OutcomeFacts, type OutcomeOf } from './define'

/** The outcomes a lint code decides (`strict` is what is left when none does). */
type SpfOutcome = Exclude<OutcomeOf<'mail.spf'>, 'strict'>
import { noMailDomain, notRecorded } from './support/apex'
import { SPF } from '../mail/codes'

/** Lint codes that decide the outcome, worst first; the rest only add evidence. */
const OUTCOME_OF: readonly [SpfLintCode, SpfOutcome][] = [
  [SPF.NONE, 'missing'],
  [SPF.MULTIPLE_RECORDS, 'multiple-records'],
  [SPF.SYNTAX, 'syntax-error'],
  [SPF.INCLUDE_NONE, 'broken-include'],
  [SPF.REDIRECT_NONE, 'broken-include'],
  [SPF.INCLUDE_LOOP, 'broken-include'],
  [SPF.TOO_MANY_LOOKUPS, 'too-many-lookups'],
  [SPF.TOO_MANY_MX, 'too-many-lookups'],
  [SPF.TOO_MANY_VOID_LOOKUPS, 'too-many-void-lookups'],
  [SPF.ALL_PASS, 'all-pass'],
  [SPF.SENDER_NOT_AUTHORIZED, 'sender-not-authorized'],
  [SPF.ALL_NEUTRAL, 'neutral-all'],
  [SPF.NO_ALL, 'neutral-all'],
  [SPF.ALL_SOFTFAIL, 'softfail-all'],
  // The SHOULDs and SHOULD NOTs of RFC 7208 a published policy can break while still evaluating.
  [SPF.PTR, 'ptr'],
  [SPF.P_MACRO, 'ptr'],
  [SPF.PTR_NOT_LAST, 'ptr'],
  [SPF.RECORD_TOO_LARGE, 'record-too-large'],
  [SPF.SENDER_MACRO, 'sender-macros'],
  [SPF.MODIFIER_NOT_LAST, 'modifier-order'],
  [SPF.REDIRECT_NOT_LAST, 'modifier-order'],
]

/** mail.spf: SPF lists the portal's senders. */
export const mailSpf = defineCheck({
  id: 'mail.spf',
  version: 2,
  stage: 4,
  mode: 'passive',
  outcomes: [
    'strict',
    'softfail-all',
    'missing',
    'multiple-records',
    'syntax-error',
    'broken-include',
    'too-many-lookups',
    'too-many-void-lookups',
    'all-pass',
    'neutral-all',
    'sender-not-authorized',
    'ptr',
    'record-too-large',
    'sender-macros',
    'modifier-order',
  ],
  needs: (e) => {
    const mail = e.mail
    return mail ? sendingDomains(mail).map((d) => spfPolicyOf(d, mail.senders)) : []
  },
  async evaluate(observations, { engagement }): Promise<FindingOf<'mail.spf'>[]> {
    const mail = engagement.mail
    if (!mail) return noMailDomain()
    const findings: FindingOf<'mail.spf'>[] = []
    for (const domain of sendingDomains(mail)) {
      const obs = observations.get<SpfLookups>(spfPolicyOf(domain, mail.senders))
      if (!obs?.data) {
        findings.push(observationError(domain, obs))
        continue
      }
      const { dns, unrecorded } = replayLookups(obs.data.queries)
      const seen = await observeSpf(dns, domain, obs.data.senders)
      const evidence = evidenceOf(seen, obs.data.queries, obs.key)
      if (unrecorded.length > 0) {
        findings.push(notRecorded(domain, unrecorded, evidence))
        continue
      }
      findings.push(judge(seen, obs.data.queries, evidence))
    }
    return findings
  },
})

function judge(
  seen: SpfObservation,
  queries: readonly MailDnsQuery[],
  evidence: Evidence[],
): FindingOf<'mail.spf'> {
  const { domain, lint } = seen
  // A record that could not be read (SERVFAIL, timeout) says nothing about the policy.
  const unread = lint.findings.find((f) => f.code === SPF.DNS_ERROR)
  if (unread) {
    const failed = queries.find(lookupFailed)
    return {
      subject: domain,
      outcome: 'error',
      code: failed?.outcome ?? SPF.DNS_ERROR,
      facts: { reason: unread.message },
      evidence,
    }
  }
  // A sender whose check hit a DNS failure (temperror) is neither authorized nor refused: say we could not tell.
  const undecided = lint.senders.find((x) => x.result === 'temperror')
  if (undecided) {
    return {
      subject: domain,
      outcome: 'error',
      code: SPF.TEMPERROR,
      facts: { reason: `checking sender ${undecided.ip} against the policy hit a DNS failure (temperror)` },
      evidence,
    }
  }
  const rank = (outcome: string): number => OUTCOME_OF.findIndex(([, o]) => o === outcome)
  const hits = OUTCOME_OF.flatMap(([code, outcome]) =>
    lint.findings
      .filter((f) => f.code === code)
      // Several records behind an include break the policy the way a missing include target does.
      .map((finding) => ({
        outcome: code === SPF.MULTIPLE_RECORDS && finding.path.length > 0 ? 'broken-include' : outcome,
        finding,
      })),
  ).sort((a, b) => rank(a.outcome) - rank(b.outcome))
  const [worst, ...rest] = hits
  if (worst) {
    // The worst problem decides; the others are named after it so one fix does not hide the next.
    // A sender that fails only because the policy is broken (permerror) is already explained by the worst problem.
    const brokenOnly = lint.senders.every((x) => x.authorized || x.result === 'permerror')
    const others = [
      ...new Set(
        rest
          .filter(
            (h) => h.outcome !== worst.outcome && !(h.outcome === 'sender-not-authorized' && brokenOnly),
          )
          .map((h) => h.finding.message),
      ),
    ]
    const also = others.length > 0 ? ` Also: ${others.join('; ')}.` : ''
    return { subject: domain, ...withFacts(factsFor(worst.outcome, worst.finding, seen), { also }), evidence }
  }
  // Senders given as host names that have no address cannot be checked, so they are not authorized either.
  const unresolved = seen.senders.find((s) => s.problem)
  if (unresolved)
    return {
      subject: domain,
      outcome: 'sender-not-authorized',
      facts: { sender: unresolved.sender, result: 'unknown', why: `: ${unresolved.problem ?? ''}`, also: '' },
      evidence,
    }
  return {
    subject: domain,
    outcome: 'strict',
    facts: {
      all: lint.all?.term ?? '-all',
      lookups: lint.lookups.count,
      senders: seen.senders.length > 0 ? `; ${seen.senders.map((s) => s.sender).join(', ')} authorized` : '',
    },
    evidence,
  }
}

function factsFor(
  outcome: SpfOutcome,
  hit: SpfLintFinding,
  seen: SpfObservation,
): OutcomeFacts<'mail.spf', 'also'> {
  const lint = seen.lint
  switch (outcome) {
    case 'missing':
      return { outcome }
    case 'multiple-records':
      return { outcome, facts: { count: lint.records.length } }
    case 'syntax-error':
    case 'broken-include':
    case 'ptr':
    case 'record-too-large':
    case 'sender-macros':
    case 'modifier-order':
      return { outcome, facts: { problem: hit.message } }
    case 'too-many-lookups':
      return { outcome, facts: lookupFacts(lint, hit) }
    case 'too-many-void-lookups':
      return {
        outcome,
        facts: {
          count: lint.voidLookups.count,
          terms: lint.voidLookups.terms.map((t) => t.path.join(' → ')).join(', '),
        },
      }
    case 'all-pass':
    case 'neutral-all':
    case 'softfail-all':
      return {
        outcome,
        facts: {
          all: lint.all?.term ?? '-all',
          ending: lint.all ? `with ${lint.all.term}` : 'without an "all" term',
          where: lint.all && lint.all.domain !== seen.domain ? ` (from ${lint.all.domain})` : '',
        },
      }
    case 'sender-not-authorized': {
      const sender = lint.senders.find((s) => !s.authorized)
      const named = seen.senders.find((s) => sender && s.addresses.includes(sender.ip))
      const label =
        named && named.sender !== sender?.ip ? `${named.sender} (${sender?.ip ?? ''})` : (sender?.ip ?? '')
      return {
        outcome,
        facts: {
          sender: label,
          result: sender?.result ?? 'unknown',
          why: sender?.problem ? `: ${sender.problem.message}` : '',
        },
      }
    }
  }
}

/** The lookup count, the path that reaches the 11th lookup and the include that spends the most. */
function lookupFacts(lint: SpfLint, hit: SpfLintFinding): { count: string; path: string } {
  const heaviest = [...lint.lookups.byTopTerm].sort((a, b) => b.count - a.count)[0]
  const over = lint.lookups.terms[lint.lookups.limit]
  const count = `${lint.lookups.complete ? '' : 'at least '}${lint.lookups.count}`
  if (hit.code === SPF.TOO_MANY_MX) return { count, path: hit.message }
  const reached = over ? `The ${lint.lookups.limit + 1}th lookup is ${over.path.join(' → ')}` : hit.message
  const spent = heaviest && heaviest.count > 1 ? `; ${heaviest.term} alone spends ${heaviest.count}` : ''
  return { count, path: `${reached}${spent}.` }
}

const MAX_INCLUDED = 12

function evidenceOf(seen: SpfObservation, queries: readonly MailDnsQuery[], key: string): Evidence[] {
  const { lint, domain } = seen
  const at = (label: string, value: string): Evidence => ({ label, value, observation: key })
  const out: Evidence[] = []
  if (lint.records.length === 0) out.push(at(`TXT ${domain}`, 'no v=spf1 record'))
  for (const record of lint.records) out.push(at(`TXT ${domain}`, record))
  if (lint.lookups.count > 0 || lint.record) {
    const spent = lint.lookups.byTopTerm.map((t) => `${t.term} ${t.count}`).join(', ')
    out.push(at('DNS lookups', `${lint.lookups.count} of ${lint.lookups.limit}${spent ? `: ${spent}` : ''}`))
  }
  if (lint.voidLookups.count > 0)
    out.push(at('void lookups', `${lint.voidLookups.count} of ${lint.voidLookups.limit}`))
  for (const s of seen.senders.filter((x) => x.problem)) out.push(at(`sender ${s.sender}`, s.problem ?? ''))
  for (const s of lint.senders) {
    const how = s.matched
      ? ` by ${s.matched.term} at ${s.matched.domain}`
      : s.problem
        ? ` (${s.problem.message})`
        : ''
    out.push(at(`sender ${s.ip}`, `check_host: ${s.result}${how}`))
  }
  const deciding = new Set(OUTCOME_OF.map(([code]) => code))
  for (const f of lint.findings) out.push(at(deciding.has(f.code) ? 'problem' : 'note', f.message))
  // The records behind the includes, so the lookup count can be followed by hand.
  const included = queries.filter(
    (q) => q.type === 'TXT' && q.name !== domain && q.answers?.some((a) => /^v=spf1(\s|$)/i.test(a)),
  )
  for (const q of included.slice(0, MAX_INCLUDED))
    out.push(at(`TXT ${q.name}`, (q.answers ?? []).filter((a) => /^v=spf1(\s|$)/i.test(a)).join(' | ')))
  if (included.length > MAX_INCLUDED)
    out.push(at('more records', `${included.length - MAX_INCLUDED} more included records`))
  return out
}
